"""Dumps what astropy.io.fits reads from a FITS file as JSON: the oracle of the FITS tests.

Usage: astropy_dump.py FILE...  ->  {FILE: {"hdus": [...]} or {"error": "..."} when astropy rejects it, ...}
Headers are read before any data is touched (astropy edits BSCALE/BZERO out once data are scaled).
Numbers that JSON cannot hold (NaN, inf) are strings; integers are exact.
"""
import json, math, sys, warnings
import numpy as np

warnings.simplefilter("ignore")
from astropy.io import fits


def num(x):
    if isinstance(x, (bool, np.bool_)):
        return bool(x)
    if isinstance(x, (int, np.integer)):
        return int(x)
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


def value(v):
    if isinstance(v, bool):
        return ["b", v]
    if isinstance(v, (int, np.integer)):
        return ["i", str(int(v))]
    if isinstance(v, float):
        return ["f", repr(v)]
    if isinstance(v, complex):
        return ["c", [repr(v.real), repr(v.imag)]]
    if isinstance(v, str):
        return ["s", v]
    return ["u", None]  # astropy's Undefined


def cells(col):
    out = []
    for cell in col:
        a = np.asarray(cell)
        if a.dtype.kind in "SU":
            out.append([str(s) for s in a.ravel()] if a.ndim else str(a))
        elif a.dtype.kind == "c":
            pairs = [[num(z.real), num(z.imag)] for z in a.ravel()]
            out.append(pairs if a.ndim else pairs[0])
        else:
            out.append([num(z) for z in a.ravel()] if a.ndim else num(a[()]))
    return out


def dump(path):
    try:
        hdus = []
        with fits.open(path) as hl:
            for i, h in enumerate(hl):
                hdus.append({
                    "index": i, "name": h.name, "ver": h.ver, "kind": type(h).__name__,
                    "cards": [[c.keyword, value(c.value), c.comment if not c.keyword in ("COMMENT", "HISTORY", "") else ""]
                              for c in h.header.cards],
                })
        with fits.open(path) as hl, fits.open(path, do_not_scale_image_data=True) as raw:
            for i, h in enumerate(hl):
                d = hdus[i]
                if isinstance(h, fits.GroupsHDU):
                    g = h.data
                    if g is not None:
                        d["groups"] = {"rows": len(g), "dtype": g.data.dtype.str,
                                       "params": [[num(x) for x in np.asarray(g.par(i)).ravel()] for i in range(len(g.parnames))],
                                       "names": list(g.parnames), "data": [num(x) for x in np.asarray(g.data, dtype=np.float64).ravel()],
                                       "cell": list(g.data.shape[1:])}
                    continue
                if isinstance(h, (fits.BinTableHDU, fits.TableHDU)) and not isinstance(h, fits.CompImageHDU):
                    data = h.data
                    d["rows"] = 0 if data is None else len(data)
                    d["columns"] = [] if data is None else [
                        {"name": c.name, "dtype": data[c.name].dtype.str if not hasattr(data[c.name], "dtype") or data[c.name].dtype != object else "object",
                         "cells": cells(data[c.name])} for c in h.columns]
                    continue
                data = h.data
                if data is None:
                    d["shape"] = []
                    continue
                d["shape"] = list(data.shape)
                d["dtype"] = data.dtype.str
                r = raw[i].data
                d["raw"] = [num(x) for x in np.asarray(r).ravel()]
                f = np.asarray(data, dtype=np.float64).copy()
                blank = h.header.get("BLANK")
                if data.dtype.kind in "iu" and blank is not None:
                    f[np.asarray(r).ravel().reshape(f.shape) == blank] = np.nan
                d["values"] = [num(x) for x in f.ravel()]
        return {"hdus": hdus}
    except Exception as e:  # astropy rejects the file
        return {"error": f"{type(e).__name__}: {e}"}


print(json.dumps({p: dump(p) for p in sys.argv[1:]}))
