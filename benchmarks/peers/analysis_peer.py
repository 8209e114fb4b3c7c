"""scikit-learn peer of the "analysis" benchmark: reads the float32 matrix the C# side wrote,
fits each named algorithm with the same hyper-parameters, prints one JSON object with the fit time
and what the C# side needs to compute the quality figure the same way for both."""
import json, os, sys, time


def status(key):
    with open("/proc/self/status") as f:
        return next(int(l.split()[1]) * 1024 for l in f if l.startswith(key))


def peak_rss():
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over exec from the parent (our .NET process), so
    # it would report our peak as the peer's; VmHWM belongs to this process's own memory map
    return status("VmHWM:")


def timed(f):
    # the resident set just before the fit (interpreter, numpy, the estimator's module, the data): the peer's
    # base, reported beside ours so that the fit's own memory can be compared as well as the whole process's
    global base
    if base is None:
        base = status("VmRSS:")
    t = time.perf_counter(); r = f(); return time.perf_counter() - t, r

import numpy as np

path, n, d, algos = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4].split(",")
threads = int(os.environ.get("NOTEBOOKLIB_THREADS", "1"))
X = np.fromfile(path, dtype=np.float32).reshape(n, d)
out = {"threads": threads}


for a in algos:
    base = None
    if a == "kmeans":
        from sklearn.cluster import KMeans
        t, m = timed(lambda: KMeans(10, n_init=10, random_state=0).fit(X))
        out[a] = dict(time=t, inertia=float(m.inertia_), labels=m.labels_.tolist())
    elif a == "gmm":
        from sklearn.mixture import GaussianMixture
        t, m = timed(lambda: GaussianMixture(10, covariance_type="full", random_state=0).fit(X))
        out[a] = dict(time=t, loglik=float(m.score(X)), labels=m.predict(X).tolist())
    elif a == "iforest":
        from sklearn.ensemble import IsolationForest
        t, m = timed(lambda: IsolationForest(n_estimators=100, random_state=0, n_jobs=threads).fit(X))
        t2, s = timed(lambda: -m.score_samples(X))
        out[a] = dict(time=t + t2, scores=s.tolist())
    elif a == "pca":
        from sklearn.decomposition import PCA
        t, m = timed(lambda: PCA(10, svd_solver="full").fit(X))
        out[a] = dict(time=t, ratio=float(m.explained_variance_ratio_.sum()))
    elif a == "nn":
        from sklearn.neighbors import NearestNeighbors
        queries = int(os.environ.get("NOTEBOOKLIB_KNN_QUERIES", "0"))  # --large: the first rows as queries
        t, r = timed(lambda: NearestNeighbors(n_neighbors=10, algorithm="brute", n_jobs=threads).fit(X).kneighbors(X[:queries] if queries else None))
        out[a] = dict(time=t, meandist=float(r[0][:, -1].mean()))
    elif a == "tsne":
        from sklearn.manifold import TSNE
        t, y = timed(lambda: TSNE(2, perplexity=30, init="pca", learning_rate="auto", random_state=0, n_jobs=threads).fit_transform(X))
        out[a] = dict(time=t, embedding=y.astype(np.float32).ravel().tolist())
    elif a == "ward":
        from sklearn.cluster import AgglomerativeClustering
        t, m = timed(lambda: AgglomerativeClustering(10, linkage="ward").fit(X))
        out[a] = dict(time=t, labels=m.labels_.tolist())
    else:
        raise SystemExit(f"unknown algorithm {a}")
    # one algorithm per process when the bench measures memory: the peak of the whole process
    out[a]["peak_rss"] = peak_rss()
    out[a]["base_rss"] = base
print(json.dumps(out))
