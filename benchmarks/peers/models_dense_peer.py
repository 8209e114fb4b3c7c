"""Python peer of `./nb bench models`, dense case: notebook 04's dense autoencoder (16384 → 2048 → 512 →
128 + BatchNorm → 512 → 2048 → 16384 sigmoid, 69,358,976 parameters) in PyTorch, timed as the C# side
times it: one Adam epoch with the binary cross-entropy in shuffled batches of 32 over N random images.
Threads from NOTEBOOKLIB_THREADS (the same count as our side).
Arguments: side n repeats seed. Prints one JSON object."""
import json, os, sys, time
import torch
import torch.nn as nn

side, n, repeats, seed = (int(a) for a in sys.argv[1:5])
threads = int(os.environ.get("NOTEBOOKLIB_THREADS", "1"))
torch.set_num_threads(threads)
torch.manual_seed(seed)

pixels = side * side
model = nn.Sequential(
    nn.Flatten(),
    nn.Linear(pixels, 2048), nn.ReLU(), nn.Linear(2048, 512), nn.ReLU(), nn.Linear(512, 128), nn.BatchNorm1d(128),
    nn.Linear(128, 512), nn.ReLU(), nn.Linear(512, 2048), nn.ReLU(), nn.Linear(2048, pixels), nn.Sigmoid())
samples = torch.rand(n, 1, side, side)
opt = torch.optim.Adam(model.parameters(), lr=1e-4)
loss_fn = nn.BCELoss()


def train():
    model.train()
    order = torch.randperm(n)
    for s in range(0, n, 32):
        x = samples[order[s:s + 32]]
        opt.zero_grad()
        loss = loss_fn(model(x), x.flatten(1))
        loss.backward()
        opt.step()


times = []
for _ in range(repeats):
    t = time.perf_counter()
    train()
    times.append(time.perf_counter() - t)
print(json.dumps({
    "torch": torch.__version__, "threads": torch.get_num_threads(),
    "parameters": sum(p.numel() for p in model.parameters()),
    "train_per_s": n / min(times),
}))
