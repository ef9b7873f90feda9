"""Peak memory of each workload, minigrad against torch, each library in its own fresh process.

How it is measured: Linux's own accounting of the process's resident memory (``/proc/self/status``).
Once the workload is built (model, data; no step run yet) the peak is reset (``echo 5 >
/proc/self/clear_refs``); then ``steps`` steps run and the figure is the peak resident memory during
them (VmHWM) minus the resident memory before the first (VmRSS): the memory the steps need at their
peak, whatever allocator it comes from (tracemalloc misses NumPy's and torch's), including what the
allocator keeps for reuse. ``drift`` is the resident memory after the last step minus after the
first one: growth over the run (a leak shows).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys

WORKLOADS = ["chain", "mlp-small", "mlp-large", "cnn", "mu"]


def _status(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024          # kB -> bytes
    raise RuntimeError(f"no {field} in /proc/self/status")


def _build(workload, lib):
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    if workload == "chain":
        import chain
        return chain.make(lib, "cpu")
    if workload.startswith("mlp-"):
        import mlp
        return mlp.make(lib, "cpu", workload[4:])
    if workload == "cnn":
        import cnn
        return cnn.make(lib, "cpu", 64)
    if workload == "mu":
        import numpy as np
        import nmf
        X, W0, H0 = nmf._problem(1000, 600, 40, np.float64)
        fn = nmf.minigrad_mu if lib.__name__ == "minigrad" else nmf.torch_two_pass
        return fn("cpu", X, W0, H0, 1)              # one MU iteration (both factors) per step
    raise ValueError(workload)


def measure_here(workload, lib_name, steps):
    """In this process: the peak extra resident memory of ``steps`` steps, and the drift."""
    import importlib
    lib = importlib.import_module(lib_name)
    step = _build(workload, lib)
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")                                  # reset the peak (VmHWM) to the current RSS
    before = _status("VmRSS")
    step()
    after_first = _status("VmRSS")
    for _ in range(steps - 1):
        step()
    return {"workload": workload, "lib": lib_name, "steps": steps, "peak_bytes": _status("VmHWM") - before,
            "drift_bytes": _status("VmRSS") - after_first}


def measure(workload, lib_name, steps):
    """``measure_here`` in a fresh Python process (the other library is never imported there)."""
    env = dict(os.environ)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env["PYTHONPATH"] = root + os.pathsep + env.get("PYTHONPATH", "")
    out = subprocess.run([sys.executable, os.path.abspath(__file__), "--child", workload, lib_name, str(steps)],
                         env=env, capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().split("\n")[-1])


class MemoryResult:
    def __init__(self, workload, mg, th):
        self.name, self.mg, self.th = f"peak memory: {workload}", mg, th
        self.ratio = mg["peak_bytes"] / max(th["peak_bytes"], 1)

    def row(self):
        mb = lambda b: b / 2 ** 20       # noqa: E731
        return (f"{self.name:<44} minigrad {mb(self.mg['peak_bytes']):8.1f} MB  torch {mb(self.th['peak_bytes']):8.1f} MB"
                f"  ratio {self.ratio:5.2f}  (drift over {self.mg['steps']} steps: minigrad "
                f"{mb(self.mg['drift_bytes']):+.1f} MB, torch {mb(self.th['drift_bytes']):+.1f} MB)")

    def as_dict(self):
        return {"name": self.name, "kind": "memory", "minigrad": self.mg, "torch": self.th, "ratio": self.ratio}


def run(device="cpu", rounds=15, workloads=WORKLOADS, steps=20):
    if device != "cpu":
        return []                     # resident memory says nothing about GPU memory
    return [MemoryResult(w, measure(w, "minigrad", steps), measure(w, "torch", steps)) for w in workloads]


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "--child":
        print(json.dumps(measure_here(sys.argv[2], sys.argv[3], int(sys.argv[4]))))
    else:
        for r in run():
            print(r.row())
