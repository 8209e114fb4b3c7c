"""Python peer of `./nb bench imaging`: the same operations with numpy and scipy.ndimage on the same
files. Prints one JSON object: median wall-clock and CPU times in milliseconds and what was computed, for checking.

usage: imaging_peer.py FRAME.f32 WIDTH HEIGHT PATCH MASK1.u8 [MASK2.u8 ...] --repeats N
"""
import json
import sys
import time

import numpy as np
from scipy import ndimage


def median_ms(fn, repeats):
    """Median wall-clock and median process CPU time of one call, in ms, after three warm-up calls
    (page faults and caches), as the C# side measures."""
    for _ in range(3):
        fn()
    wall, cpu = [], []
    for _ in range(repeats):
        c, t = time.process_time(), time.perf_counter()
        fn()
        wall.append((time.perf_counter() - t) * 1e3)
        cpu.append((time.process_time() - c) * 1e3)
    return {"ms": float(np.median(wall)), "cpu_ms": float(np.median(cpu))}


def tile_drop(frame, size):
    rows, cols = frame.shape[0] // size, frame.shape[1] // size
    f = frame[: rows * size, : cols * size]
    return np.ascontiguousarray(f.reshape(rows, size, cols, size).swapaxes(1, 2)).reshape(-1, size, size)


def tile_pad(frame, size, pad=0.0):
    h, w = frame.shape
    rows, cols = -(-h // size), -(-w // size)
    f = np.pad(frame, ((0, rows * size - h), (0, cols * size - w)), constant_values=pad)
    return np.ascontiguousarray(f.reshape(rows, size, cols, size).swapaxes(1, 2)).reshape(-1, size, size)


def main():
    args = sys.argv[1:]
    repeats = int(args[args.index("--repeats") + 1])
    args = args[: args.index("--repeats")]
    path, width, height, size = args[0], int(args[1]), int(args[2]), int(args[3])
    frame = np.fromfile(path, dtype=np.float32).reshape(height, width)
    out = {"threads": 1, "numpy": np.__version__}
    drop = tile_drop(frame, size)
    pad = tile_pad(frame, size)
    out["tile_drop"] = dict(median_ms(lambda: tile_drop(frame, size), repeats), shape=list(drop.shape),
                            checksum=float(drop.sum(dtype=np.float64)))
    out["tile_pad"] = dict(median_ms(lambda: tile_pad(frame, size), repeats), shape=list(pad.shape),
                           checksum=float(pad.sum(dtype=np.float64)))
    structure = np.ones((3, 3), dtype=bool)
    labels = []
    for mpath in args[4:]:
        mask = np.fromfile(mpath, dtype=np.uint8).reshape(height, width).astype(bool)
        _, n = ndimage.label(mask, structure=structure)
        times = median_ms(lambda: ndimage.label(mask, structure=structure), repeats)
        labels.append(dict(times, count=int(n), density=float(mask.mean())))
    out["label"] = labels
    print(json.dumps(out))


if __name__ == "__main__":
    main()
