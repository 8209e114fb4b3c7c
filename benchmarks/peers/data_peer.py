"""Python peer of the Data benchmark: the same NISP-like slew dark made with numpy (vectorised),
and SHA-256 of a file with hashlib. Prints one JSON object. numpy runs single-threaded here
(these element-wise operations do not use BLAS threads); the thread count is reported."""
import hashlib, json, math, os, sys, time
import numpy as np

def nisp_dark(n, seed):
    rng = np.random.default_rng(seed)
    scale = n / 2048
    b = 4
    img = np.zeros((n, n), np.float32)
    yy, xx = np.mgrid[0:n, 0:n]
    # persistence: spectra along +y (RGS000, tilt 0), blobs, within bounding boxes
    decay = math.exp(-90 / 300)
    for _ in range(max(1, round(60 * scale * scale))):
        x, y = rng.uniform(b, n - b, 2)
        if rng.random() < 0.25:
            s = rng.uniform(1.5, 4); a = decay * 100 * 20 ** rng.random()
            x0, x1, y0, y1 = int(max(b, x - 4 * s)), int(min(n - b, x + 4 * s + 1)), int(max(b, y - 4 * s)), int(min(n - b, y + 4 * s + 1))
            sub = (xx[y0:y1, x0:x1] - x) ** 2 + (yy[y0:y1, x0:x1] - y) ** 2
            img[y0:y1, x0:x1] += (a * np.exp(-sub / (2 * s * s))).astype(np.float32)
            continue
        L = max(8, rng.uniform(0.6, 1.0) * 480 * scale); w = rng.uniform(1.0, 1.8); a = decay * 20 * 25 ** rng.random()
        x0, x1 = int(max(b, x - 4 * w)), int(min(n - b, x + 4 * w + 1))
        y0, y1 = int(max(b, y - 4 * w)), int(min(n - b, y + L + 4 * w + 1))
        px, py = xx[y0:y1, x0:x1] - x, yy[y0:y1, x0:x1] - y
        t = np.clip(py / L, 0, 1)
        across = np.exp(-(px ** 2 + (py - t * L) ** 2) / (2 * w * w))
        along = np.sqrt(np.sin(np.pi * (0.05 + 0.9 * t))) * (1 - 0.5 * t)
        img[y0:y1, x0:x1] += (a * along * across).astype(np.float32)
    persistence = img.copy()
    # cosmic rays
    hits = rng.poisson(1e-4 * (n - 2 * b) ** 2)
    cx = rng.integers(b, n - b, hits); cy = rng.integers(b, n - b, hits)
    np.add.at(img, (cy, cx), rng.uniform(200, 5000, hits).astype(np.float32))
    # hot and dead pixels
    active = (n - 2 * b) ** 2
    hot = (rng.integers(b, n - b, rng.poisson(1e-3 * active)), rng.integers(b, n - b, rng.poisson(1e-3 * active)))
    k = min(len(hot[0]), len(hot[1])); hot = (hot[0][:k], hot[1][:k])
    img[hot] += (300 * 200 ** rng.random(k)).astype(np.float32)
    offsets = np.repeat(rng.normal(0, 3, 32), max(1, n // 32))[:n]
    signal = 3.0 + img
    sigma = np.sqrt(36 + np.maximum(signal, 0) / 2)
    data = np.round(offsets[None, :] + signal + sigma * rng.standard_normal((n, n), dtype=np.float32))
    ref = np.zeros((n, n), bool); ref[:b] = ref[-b:] = True; ref[:, :b] = ref[:, -b:] = True
    data[ref] = np.round(np.broadcast_to(offsets, (n, n))[ref] + 6 * rng.standard_normal(ref.sum()))
    data = np.minimum(data, 32000).astype(np.float32)
    mask = persistence > 3
    return data, mask

def main():
    size, path = int(sys.argv[1]), sys.argv[2]
    nisp_dark(256, 1)  # warm-up
    t = time.perf_counter(); nisp_dark(size, 42); t_nisp = time.perf_counter() - t
    t = time.perf_counter()
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    t_sha = time.perf_counter() - t
    print(json.dumps({"nisp_seconds": t_nisp, "sha256_seconds": t_sha, "sha256": h.hexdigest(),
                      "threads": int(os.environ.get("NOTEBOOKLIB_THREADS", "1")), "numpy": np.__version__}))

main()
