"""Python peer of `./nb bench fits`: astropy.io.fits reading the same files as NotebookLib.Fits.

Usage: fits_peer.py REPEATS CASE=PATH [CASE=PATH ...]
Cases (each yields the array a user computes on, in native byte order, like ours):
  float32  - BITPIX -32 image       -> float32             fits.getdata(memmap=False) + native order
  int16bz  - BITPIX 16, BZERO 32768 -> float32 physical    fits.getdata(memmap=False, uint=False)
  uint16   - the same file          -> uint16              fits.getdata(memmap=False) (astropy's default)
Prints one JSON object: the best (smallest) seconds of the repeats per case, and the thread count (numpy here is single-threaded
for these operations; NOTEBOOKLIB_THREADS is reported for the record).
"""
import json, os, sys, time, warnings

import numpy as np

warnings.simplefilter("ignore")
import astropy
from astropy.io import fits


def read(case, path):
    if case == "float32":
        return np.asarray(fits.getdata(path, memmap=False), dtype=np.float32)
    if case == "int16bz":
        return np.asarray(fits.getdata(path, memmap=False, uint=False), dtype=np.float32)
    if case == "uint16":
        return np.asarray(fits.getdata(path, memmap=False), dtype=np.uint16)
    raise SystemExit(f"unknown case {case}")


def main():
    repeats = int(sys.argv[1])
    result = {"peer": f"astropy {astropy.__version__}, numpy {np.__version__}",
              "threads": int(os.environ.get("NOTEBOOKLIB_THREADS", "1")), "seconds": {}, "checksum": {}}
    for arg in sys.argv[2:]:
        case, path = arg.split("=", 1)
        data = read(case, path)  # warm the page cache and the imports
        times = []
        for _ in range(repeats):
            t = time.perf_counter()
            data = read(case, path)
            times.append(time.perf_counter() - t)
        result["seconds"][case] = min(times)
        result["checksum"][case] = float(np.nansum(data, dtype=np.float64))
    print(json.dumps(result))


main()
