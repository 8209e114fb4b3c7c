"""Executes a notebook in the real .NET kernel through Jupyter (nbclient, as nbconvert --execute does).

usage: execute_in_jupyter.py NOTEBOOK OUT WORKING_DIR TIMEOUT_SECONDS

The kernel starts in WORKING_DIR (the notebook's own folder, so that its relative #r resolves) while the
notebook itself may be a temporary copy elsewhere. The executed notebook is written to OUT even when a
cell fails; then the exit code is 1 and stderr names the cell and the kernel's message.
"""
import sys

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError

path, out, cwd, timeout = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
nb = nbformat.read(path, as_version=4)
# nbclient waits only 4 s after a cell's reply for its remaining outputs and then drops them silently: on a
# loaded machine a figure went missing that way. Wait longer, and fail loudly if one is still late.
client = NotebookClient(nb, kernel_name=".net-csharp", timeout=timeout, startup_timeout=180,
                        iopub_timeout=120, raise_on_iopub_timeout=True,
                        allow_errors=False, resources={"metadata": {"path": cwd}})
status = 0
try:
    client.execute()
except (CellExecutionError, CellTimeoutError) as e:
    status = 1
    index = next((i for i, c in enumerate(nb.cells) if c.cell_type == "code"
                  and any(o.get("output_type") == "error" for o in c.get("outputs", []))), None)
    where = f"cell {index + 1}" if index is not None else "a cell"
    outputs = nb.cells[index].get("outputs", []) if index is not None else []
    errors = [o for o in outputs if o.get("output_type") == "error"]
    # The kernel reports a compilation error as stderr text and a bare "Error: compilation error".
    stderr = " ".join(l.strip() for o in outputs if o.get("output_type") == "stream" and o.get("name") == "stderr"
                      for l in "".join(o.get("text", "")).splitlines() if l.strip())
    message = f"{errors[0].get('ename')}: {errors[0].get('evalue')}" if errors else str(e).strip().splitlines()[-1]
    if stderr:
        message += f" ({stderr})"
    print(f"{where} failed in the .NET Interactive kernel: {message}", file=sys.stderr)
nbformat.write(nb, out)
sys.exit(status)
