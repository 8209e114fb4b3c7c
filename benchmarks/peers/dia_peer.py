"""Python peer of `./nb bench dia`: difference imaging and detection with scipy.ndimage on the same files.
PSF matching: the template convolved with the Gaussian matching kernel (gaussian_filter, mode "reflect",
truncate 4), its variance with the squared kernel (correlate1d); subtraction; the matched filter
(gaussian_filter of the difference, correlate1d of the variance with the squared PSF); 5-sigma footprints
labelled 8-connected; peaks (maximum_position), centroids (center_of_mass) and PSF fluxes. Prints one
JSON object: the wall-clock time in milliseconds of each repeat (after two warm-up calls, as the C#
side measures), the source count and a checksum of the peaks. scipy.ndimage runs on one thread.

usage: dia_peer.py SCI.f32 TPL.f32 SCIVAR.f32 TPLVAR.f32 N SCIENCE_SIGMA TEMPLATE_SIGMA --repeats R
"""
import json
import sys
import time

import numpy as np
from scipy import ndimage


def kernel(s):
    r = int(4.0 * s + 0.5)
    x = np.arange(-r, r + 1)
    k = np.exp(-0.5 * x * x / (s * s))
    return (k / k.sum()).astype(np.float32)


def sep(a, k):
    return ndimage.correlate1d(ndimage.correlate1d(a, k, axis=1, mode="reflect"), k, axis=0, mode="reflect")


def run(sci, tpl, sv, tv, ss, st):
    sk = np.sqrt(ss * ss - st * st)
    km = kernel(sk)
    diff = sci - sep(tpl, km)
    var = sv + sep(tv, km * km)
    kp = kernel(ss)
    f = sep(diff, kp)
    v = sep(var, kp * kp)
    snr = np.where(v > 0, f / np.sqrt(np.where(v > 0, v, 1)), 0).astype(np.float32)
    lab, n = ndimage.label(snr >= 5, structure=np.ones((3, 3), dtype=bool))
    idx = np.arange(1, n + 1)
    peaks = ndimage.maximum_position(snr, lab, idx)
    com = ndimage.center_of_mass(snr, lab, idx)
    norm = float((kp.astype(np.float64) ** 2).sum() ** 2)
    flux = [f[p] / norm for p in peaks]
    return n, peaks, com, flux


def main():
    args = sys.argv[1:]
    repeats = int(args[args.index("--repeats") + 1])
    args = args[: args.index("--repeats")]
    n, ss, st = int(args[4]), float(args[5]), float(args[6])
    sci, tpl, sv, tv = (np.fromfile(p, dtype=np.float32).reshape(n, n) for p in args[:4])
    for _ in range(2):
        run(sci, tpl, sv, tv, ss, st)
    wall = []
    for _ in range(repeats):
        t = time.perf_counter()
        run(sci, tpl, sv, tv, ss, st)
        wall.append((time.perf_counter() - t) * 1e3)
    count, peaks, _, _ = run(sci, tpl, sv, tv, ss, st)
    check = int(sum(int(p[0]) * n + int(p[1]) for p in peaks))
    print(json.dumps({"threads": 1, "times_ms": wall, "count": int(count), "check": check}))


if __name__ == "__main__":
    main()
