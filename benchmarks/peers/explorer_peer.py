"""Peer of `./nb bench explorer`: what a one-user labelling tool does (cutouts-explorer keeps one SQLite
file per user and commits each label on its own): one INSERT and one COMMIT per label, WAL mode,
synchronous=FULL, for a fixed time. Prints labels/s and the commit latency percentiles as JSON.
Usage: explorer_peer.py DATABASE SECONDS"""
import json
import os
import sqlite3
import sys
import time

path, seconds = sys.argv[1], float(sys.argv[2])
for suffix in ("", "-wal", "-shm"):
    if os.path.exists(path + suffix):
        os.remove(path + suffix)
db = sqlite3.connect(path, isolation_level=None)
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA synchronous=FULL")
db.execute("CREATE TABLE labels(seq INTEGER PRIMARY KEY AUTOINCREMENT, image INTEGER, user TEXT, label INTEGER, time TEXT)")
latencies = []
start = time.perf_counter()
n = 0
while time.perf_counter() - start < seconds:
    t0 = time.perf_counter()
    db.execute("BEGIN")
    db.execute("INSERT INTO labels(image, user, label, time) VALUES (?, ?, ?, datetime('now'))", (n % 1000, "peer", n % 4))
    db.execute("COMMIT")
    latencies.append((time.perf_counter() - t0) * 1000)
    n += 1
elapsed = time.perf_counter() - start
latencies.sort()
pct = lambda q: latencies[min(len(latencies) - 1, max(0, int(-(-q * len(latencies) // 1)) - 1))]
print(json.dumps({"peer": "python sqlite3 %s, a commit per label" % sqlite3.sqlite_version,
                  "rate": n / elapsed, "p50": pct(0.5), "p99": pct(0.99), "labels": n}))
