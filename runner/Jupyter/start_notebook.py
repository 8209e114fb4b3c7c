"""Starts Jupyter Notebook on 127.0.0.1 in the notebooks folder, with the real .NET kernel (./nb jupyter).

usage: start_notebook.py NOTEBOOK_DIR [--port N]

Prints the URL with its token. When the port is taken, another free one is chosen and the message says so.
Everything else Jupyter needs (JUPYTER_PATH with the kernel specs, config and runtime folders) comes
from ./nb in the environment.
"""
import argparse
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request


def free(port):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def main():
    ap = argparse.ArgumentParser(prog="./nb jupyter")
    ap.add_argument("notebooks")
    ap.add_argument("--port", type=int, default=8888, help="port to listen on (default 8888; another is chosen when taken)")
    a = ap.parse_args()
    if not 1 <= a.port <= 65535:
        sys.exit(f"./nb jupyter: --port must be 1-65535, not {a.port}")
    port = a.port
    if not free(port):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        print(f"[nb] port {a.port} is taken; using port {port} instead", file=sys.stderr, flush=True)
    token = secrets.token_hex(24)
    for d in ("JUPYTER_CONFIG_DIR", "JUPYTER_RUNTIME_DIR"):
        if os.environ.get(d):
            os.makedirs(os.environ[d], exist_ok=True)
    cmd = ["jupyter-notebook", "--no-browser", "--ip=127.0.0.1", f"--port={port}", "--port-retries=0",
           f"--notebook-dir={a.notebooks}", f"--NotebookApp.token={token}",
           "--NotebookApp.open_browser=False", "--MappingKernelManager.default_kernel_name=.net-csharp"]
    if os.geteuid() == 0:  # containers and CI runners often run as root, which Jupyter refuses unless told
        cmd.append("--allow-root")
    proc = subprocess.Popen(cmd)
    for _ in range(1200):  # the URL once the server answers, so that it can be opened at once
        if proc.poll() is not None:
            sys.exit(f"./nb jupyter: jupyter-notebook exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            time.sleep(0.25)
    print(f"[nb] Jupyter Notebook with the .NET (C#) kernel: http://127.0.0.1:{port}/tree?token={token}", flush=True)
    try:
        sys.exit(proc.wait())
    except KeyboardInterrupt:
        proc.terminate()
        sys.exit(proc.wait())


if __name__ == "__main__":
    main()
