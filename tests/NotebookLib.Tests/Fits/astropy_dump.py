"""Dumps what astropy.io.fits reads from FITS files as JSON: the oracle of the FITS tests.

Usage: astropy_dump.py FILE...  ->  {FILE: {"hdus": [...]} or {"error": "..."} when astropy rejects it, ...}
Headers are read before any data is touched (astropy edits BSCALE/BZERO out once data are scaled).
Numbers that JSON cannot hold (NaN, inf) are strings; integers are exact. Large data are digested:
an image's stored values by the SHA-256 of their big-endian bytes plus its scaled values at up to
SAMPLE evenly spaced pixels ("at"); a table's cells at up to ROWS evenly spaced rows ("at").
"""
import hashlib, json, math, sys, warnings
import numpy as np

warnings.simplefilter("ignore")
from astropy.io import fits

SAMPLE, ROWS = 4096, 400


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


def cells(col, rows):
    out = []
    for r in rows:
        if r >= len(col):  # a zero-width column (TFORM 0D): astropy has no cells at all
            return []
        a = np.asarray(col[r])
        if a.dtype.kind in "SU":
            out.append([str(s) for s in a.ravel()] if a.ndim else str(a))
        elif a.dtype.kind == "c":
            pairs = [[num(z.real), num(z.imag)] for z in a.ravel()]
            out.append(pairs if a.ndim else pairs[0])
        else:
            out.append([num(z) for z in a.ravel()] if a.ndim else num(a[()]))
    return out


def spread(n, k):
    return list(range(n)) if n <= k else sorted(set(int(i) for i in np.linspace(0, n - 1, k)))


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
                        names = list(dict.fromkeys(n.upper() for n in g.parnames))  # duplicates are summed
                        d["groups"] = {"rows": len(g), "dtype": g.data.dtype.str,
                                       "params": [[num(x) for x in np.asarray(g.par(n)).ravel()] for n in names],
                                       "names": names, "data": [num(x) for x in np.asarray(g.data, dtype=np.float64).ravel()],
                                       "cell": list(g.data.shape[1:])}
                    continue
                if isinstance(h, fits.hdu.base.NonstandardExtHDU):
                    d["bytes"] = hashlib.sha256(bytes(h.data)).hexdigest()
                    continue
                if isinstance(h, (fits.BinTableHDU, fits.TableHDU)) and not isinstance(h, fits.CompImageHDU):
                    data = h.data
                    n = 0 if data is None else len(data)
                    at = spread(n, ROWS)
                    d["rows"] = n
                    d["at"] = at
                    d["columns"] = [] if data is None else [
                        {"name": c.name, "dtype": data[c.name].dtype.str if not hasattr(data[c.name], "dtype") or data[c.name].dtype != object else "object",
                         "cells": cells(data[c.name], at)} for c in h.columns]
                    continue
                data = h.data
                if data is None:
                    d["shape"] = []
                    continue
                d["shape"] = list(data.shape)
                d["dtype"] = data.dtype.str
                r = np.asarray(raw[i].data)
                d["raw_sha256"] = hashlib.sha256(np.ascontiguousarray(r, dtype=r.dtype.newbyteorder(">")).tobytes()).hexdigest()
                at = spread(r.size, SAMPLE)
                d["at"] = at
                d["raw"] = [num(x) for x in r.ravel()[at]]
                f = np.asarray(data, dtype=np.float64).ravel()[at].copy()
                blank = h.header.get("BLANK")
                if data.dtype.kind in "iu" and blank is not None:
                    f[r.ravel()[at] == blank] = np.nan
                d["values"] = [num(x) for x in f]
        return {"hdus": hdus}
    except Exception as e:  # astropy rejects the file
        return {"error": f"{type(e).__name__}: {e}"}


print(json.dumps({p: dump(p) for p in sys.argv[1:]}))
