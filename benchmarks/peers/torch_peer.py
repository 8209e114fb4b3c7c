"""PyTorch peer of `./nb bench torch`: trains the seed autoencoder of notebook 01 (DESIGN.md)
with Adam + MSE on random patches, exactly as lib/Torch/TorchBenchmark.cs does, and prints one
JSON object with samples/s per case. The thread count is set explicitly from --threads."""
import argparse
import json
import time

import torch
from torch import nn


def seed_autoencoder():
    enc = nn.Sequential(
        nn.Conv2d(1, 16, 3, padding='same'), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding='same'), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding='same'), nn.ReLU(),
        nn.Conv2d(64, 64, 3, padding='same'), nn.ReLU())
    dec = nn.Sequential(
        nn.Upsample(scale_factor=2), nn.Conv2d(64, 32, 3, padding='same'), nn.ReLU(),
        nn.Upsample(scale_factor=2), nn.Conv2d(32, 1, 3, padding='same'), nn.Sigmoid())
    return nn.Sequential(enc, dec)


def run_case(size, batch, steps, warmup, repeats, device):
    torch.manual_seed(0)
    model = seed_autoencoder().to(device)
    assert sum(p.numel() for p in model.parameters()) == 78977
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.MSELoss()
    x = torch.rand(batch, 1, size, size, device=device)

    def step():
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), x)
        loss.backward()
        opt.step()
        return loss

    for _ in range(warmup):
        step()
    best = 0.0
    for _ in range(repeats):
        if device.type == 'cuda':
            torch.cuda.synchronize()
        t0 = time.perf_counter()
        for _ in range(steps):
            loss = step()
        loss.item()
        if device.type == 'cuda':
            torch.cuda.synchronize()
        best = max(best, batch * steps / (time.perf_counter() - t0))
    return {'size': size, 'batch': batch, 'steps': steps, 'samples_per_s': best}


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--threads', type=int, required=True)
    p.add_argument('--device', default='cpu')
    p.add_argument('--cases', required=True, help='size:batch:steps,... as the C# side')
    p.add_argument('--warmup', type=int, default=2)
    p.add_argument('--repeats', type=int, default=3)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    device = torch.device(a.device)
    cases = []
    for c in a.cases.split(','):
        size, batch, steps = (int(v) for v in c.split(':'))
        cases.append(run_case(size, batch, steps, a.warmup, a.repeats, device))
    print(json.dumps({'torch': torch.__version__, 'threads': torch.get_num_threads(), 'device': str(device), 'cases': cases}))


if __name__ == '__main__':
    main()
