"""Python peer of `./nb bench imaging`: the same operations with numpy and scipy.ndimage on the same
files. Prints one JSON object: per case the wall-clock time in milliseconds of each repeat (after three
warm-up calls, as the C# side measures), and what was computed, for checking.
numpy and scipy.ndimage do these operations on one thread.

usage: imaging_peer.py FRAME.f32 WIDTH HEIGHT PATCH MASK1.u8 [MASK2.u8 ...] --repeats N
"""
import json
import sys
import time

import numpy as np
from scipy import ndimage


def timed(fn, repeats):
    for _ in range(3):
        fn()
    wall = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        wall.append((time.perf_counter() - t) * 1e3)
    return {"times_ms": wall}


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
    for key, fn in (("tile_drop", tile_drop), ("tile_pad", tile_pad)):
        patches = fn(frame, size)
        # What the C# side returns too: one contiguous [n, size, size] float32 block (not a view).
        assert patches.flags["C_CONTIGUOUS"] and patches.dtype == np.float32 and not np.shares_memory(patches, frame)
        out[key] = dict(timed(lambda: fn(frame, size), repeats), shape=list(patches.shape),
                        checksum=float(patches.sum(dtype=np.float64)))
    structure = np.ones((3, 3), dtype=bool)
    labels = []
    for mpath in args[4:]:
        mask = np.fromfile(mpath, dtype=np.uint8).reshape(height, width).astype(bool)
        lab, n = ndimage.label(mask, structure=structure)
        # Raster-order labels on both sides: the sum of label × position checks the whole image.
        weighted = int((lab.ravel().astype(np.int64) * np.arange(lab.size, dtype=np.int64) % 1000003).sum())
        labels.append(dict(timed(lambda: ndimage.label(mask, structure=structure), repeats), count=int(n),
                           density=float(mask.mean()), check=weighted))
    out["label"] = labels
    print(json.dumps(out))


if __name__ == "__main__":
    main()
