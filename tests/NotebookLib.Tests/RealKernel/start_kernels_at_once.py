"""Starts COUNT .NET kernels through Jupyter at the same moment and asks each for kernel_info.

usage: start_kernels_at_once.py COUNT TIMEOUT_SECONDS

Prints one JSON line: {"ready": [true/false per kernel], "errors": [...]}. Exit code 0 when every kernel
answered. JUPYTER_PATH must hold the .net-csharp kernel spec.
"""
import json
import sys

from jupyter_client import KernelManager

count, timeout = int(sys.argv[1]), float(sys.argv[2])
managers = [KernelManager(kernel_name=".net-csharp") for _ in range(count)]
for m in managers:  # each start only spawns the process: the kernels come up side by side
    m.start_kernel()
ready, errors = [], []
for i, m in enumerate(managers):
    client = m.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=timeout)
        ready.append(True)
    except RuntimeError as e:  # "Kernel died before replying to kernel_info" and timeouts
        ready.append(False)
        errors.append(f"kernel {i + 1}: {e}")
    finally:
        client.stop_channels()
for m in managers:
    m.shutdown_kernel(now=True)
print(json.dumps({"ready": ready, "errors": errors}))
sys.exit(0 if all(ready) else 1)
