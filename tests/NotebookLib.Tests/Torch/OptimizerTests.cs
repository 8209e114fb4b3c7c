using System.Text.Json;
using NotebookLib.Tests.Support;
using NotebookLib.Torch;
using static NotebookLib.Torch.torch;

namespace NotebookLib.Tests.Torch;

public class OptimizerTests
{
    // Five steps of each optimiser on f(w) = sum((A w - b)^2) from the same start, in Debian's PyTorch.
    const string PythonSteps = """
import json, torch
A = torch.tensor([[1.0, 2.0], [3.0, -1.0], [0.5, 0.5]], dtype=torch.float64)
b = torch.tensor([1.0, -2.0, 0.5], dtype=torch.float64)
out = {}
for name, make in [('sgd', lambda p: torch.optim.SGD(p, lr=0.01, momentum=0.9, nesterov=True, weight_decay=0.1)),
                   ('adam', lambda p: torch.optim.Adam(p, lr=0.1)),
                   ('adamw', lambda p: torch.optim.AdamW(p, lr=0.1, weight_decay=0.5)),
                   ('adadelta', lambda p: torch.optim.Adadelta(p, lr=1.0, rho=0.95, eps=1e-7, weight_decay=0.1))]:
    w = torch.tensor([0.3, -0.7], dtype=torch.float64, requires_grad=True)
    opt = make([w])
    for _ in range(5):
        opt.zero_grad()
        ((A @ w - b) ** 2).sum().backward()
        opt.step()
    out[name] = w.detach().tolist()
opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=1.0)
plateau = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, factor=0.5, patience=2, cooldown=1)
lrs = []
for metric in [5, 4, 4, 4, 4, 3.9999, 4, 4, 4, 4, 4, 2, 2, 2, 2]:
    plateau.step(metric)
    lrs.append(opt.param_groups[0]['lr'])
out['plateau'] = lrs
opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=1.0)
step = torch.optim.lr_scheduler.StepLR(opt, step_size=3, gamma=0.5)
lrs = []
for _ in range(8):
    opt.step(); step.step()
    lrs.append(opt.param_groups[0]['lr'])
out['step'] = lrs
print(json.dumps(out))
""";

    [Fact]
    public void Optimisers_and_schedulers_follow_pytorch_step_by_step()
    {
        var py = JsonDocument.Parse(Repo.RunPython(PythonSteps)).RootElement;
        using var scope = NewDisposeScope();
        var A = tensor(new double[,] { { 1, 2 }, { 3, -1 }, { 0.5, 0.5 } });
        var b = tensor(new double[] { 1, -2, 0.5 });
        foreach (var (name, make) in new (string, Func<IEnumerable<Parameter>, NotebookLib.Torch.Optim.Optimizer>)[]
        {
            ("sgd", p => optim.SGD(p, lr: 0.01, momentum: 0.9, nesterov: true, weight_decay: 0.1)),
            ("adam", p => optim.Adam(p, lr: 0.1)),
            ("adamw", p => optim.AdamW(p, lr: 0.1, weight_decay: 0.5)),
            ("adadelta", p => optim.Adadelta(p, lr: 1.0, rho: 0.95, eps: 1e-7, weight_decay: 0.1)),
        })
        {
            using var w = new Parameter(tensor(new double[] { 0.3, -0.7 }));
            using var opt = make([w]);
            for (var i = 0; i < 5; i++)
            {
                opt.zero_grad();
                (A.matmul(w) - b).pow(2).sum().backward();
                opt.step();
            }
            var expected = py.GetProperty(name).EnumerateArray().Select(v => v.GetDouble()).ToArray();
            var got = w.data<double>();
            for (var i = 0; i < 2; i++) Assert.True(Math.Abs(expected[i] - got[i]) < 1e-12, $"{name}: {got[i]} vs PyTorch {expected[i]}");
        }

        using var dummy = new Parameter(zeros(1));
        using (var o = optim.SGD([dummy], lr: 1.0))
        {
            var plateau = optim.lr_scheduler.ReduceLROnPlateau(o, factor: 0.5, patience: 2, cooldown: 1);
            var lrs = new[] { 5, 4, 4, 4, 4, 3.9999, 4, 4, 4, 4, 4, 2, 2, 2, 2 }.Select(m => { plateau.step(m); return o.LearningRate; });
            Assert.Equal(py.GetProperty("plateau").EnumerateArray().Select(v => v.GetDouble()), lrs);
        }
        using (var o = optim.SGD([dummy], lr: 1.0))
        {
            var step = optim.lr_scheduler.StepLR(o, step_size: 3, gamma: 0.5);
            var lrs = Enumerable.Range(0, 8).Select(_ => { o.step(); step.step(); return o.LearningRate; }).ToList();
            Assert.Equal(py.GetProperty("step").EnumerateArray().Select(v => v.GetDouble()), lrs);
        }
    }
}
