"""umap-learn peer of the "umap" benchmark. umap-learn is not packaged by Debian: put its
release-0.5.5 source on PYTHONPATH (git clone -b release-0.5.5 https://github.com/lmcinnes/umap;
PYTHONPATH=umap) with Debian's python3-numba and python3-pynndescent installed. Reads the float32
matrix the C# side wrote, warms numba up on a small fit, then times one fit: seeded (umap-learn then
runs on one thread) or unseeded with n_jobs threads. Prints one JSON object."""
import json, os, sys, time


def peak_rss():
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over exec from the parent (our .NET process), so
    # it would report our peak as the peer's; VmHWM belongs to this process's own memory map
    with open("/proc/self/status") as f:
        return next(int(l.split()[1]) * 1024 for l in f if l.startswith("VmHWM:"))

import numpy as np

path, n, d, mode = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
threads = int(os.environ.get("NOTEBOOKLIB_THREADS", "1"))
try:
    import umap
except ImportError as e:
    print(json.dumps(dict(missing=str(e)))); sys.exit(0)
import numba
numba.set_num_threads(threads)
X = np.fromfile(path, dtype=np.float32).reshape(n, d)

def make(seeded):
    return umap.UMAP(n_neighbors=15, n_components=2, min_dist=0.1, random_state=0 if seeded else None,
                     n_jobs=1 if seeded else threads, low_memory=True)

make(mode == "seeded").fit_transform(np.random.default_rng(0).normal(size=(2000, d)).astype(np.float32))  # JIT
rss_before = peak_rss()
t, c = time.perf_counter(), time.process_time()
y = make(mode == "seeded").fit_transform(X)
t, c = time.perf_counter() - t, time.process_time() - c
print(json.dumps(dict(time=t, cpu=c, version=umap.__version__, peak_rss=peak_rss(),
                      rss_before=rss_before, embedding=y.astype(np.float32).ravel().tolist())))
