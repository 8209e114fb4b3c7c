"""Python peer of `./nb bench models`: the seed autoencoder (78,977 parameters at one channel) in
PyTorch, timed as the C# side times it: latent vectors and per-sample reconstruction errors over N
random patches in batches of 256 under no_grad in eval mode, and one Adam/MSE training epoch in
shuffled batches of 32. Threads from NOTEBOOKLIB_THREADS (the same count as our side).
Arguments: size n train_n repeats seed. Prints one JSON object."""
import json, os, sys, time
import torch
import torch.nn as nn

from torch_peer import seed_autoencoder  # the same network the torch benchmark trains

size, n, train_n, repeats, seed = (int(a) for a in sys.argv[1:6])
threads = int(os.environ.get("NOTEBOOKLIB_THREADS", "1"))
torch.set_num_threads(threads)
torch.manual_seed(seed)

model = seed_autoencoder()
encoder = model[0]
samples = torch.rand(n, 1, size, size)


def best(f):
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return min(times)


def latents():
    model.eval()
    with torch.no_grad():
        for s in range(0, n, 256):
            encoder(samples[s:s + 256])


def errors():
    model.eval()
    out = torch.empty(n)
    with torch.no_grad():
        for s in range(0, n, 256):
            x = samples[s:s + 256]
            out[s:s + 256] = (model(x) - x).square().flatten(1).mean(1)
    return out


def train():
    model.train()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.MSELoss()
    data = samples[:train_n]
    order = torch.randperm(train_n)
    for s in range(0, train_n, 32):
        x = data[order[s:s + 32]]
        opt.zero_grad()
        loss = loss_fn(model(x), x)
        loss.backward()
        opt.step()


errors()  # warm-up, as our side
lat = best(latents)
err = best(errors)
tr = best(train)
print(json.dumps({
    "torch": torch.__version__, "threads": torch.get_num_threads(),
    "parameters": sum(p.numel() for p in model.parameters()),
    "latent_per_s": n / lat, "errors_per_s": n / err, "train_per_s": train_n / tr,
}))
