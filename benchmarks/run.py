"""Run the benchmarks: ``python benchmarks/run.py [--device cpu|cuda] [--only chain,mlp,cnn,nmf,memory]
[--rounds N] [--reference] [--torch-threads N] [--json FILE]``.

Prints one line per workload: the median time of minigrad and of torch (timed alternately in this
process) and the median of the per-round ratios minigrad/torch (below 1 means minigrad is faster).
``--reference`` times minigrad in reference mode (every trick of minigrad/fast off; the same as
``MINIGRAD_REFERENCE=1``), to see what the tricks buy. ``--json FILE`` also writes every figure, with
the date, the machine, the mode and the commit, so that runs can be compared across commits.
``--torch-threads N`` gives torch N threads (default: every core, as a user's torch has): with 1, both
libraries compute on one core, which shows what torch's second thread is worth on a workload.
"""
from __future__ import annotations

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

WORKLOADS = ["chain", "mlp", "cnn", "nmf", "memory"]


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--device", default="cpu", choices=["cpu", "cuda"])
    p.add_argument("--only", default=",".join(WORKLOADS), help="comma-separated: " + ", ".join(WORKLOADS))
    p.add_argument("--rounds", type=int, default=15)
    p.add_argument("--reference", action="store_true", help="minigrad in reference mode (no speed tricks)")
    p.add_argument("--torch-threads", type=int, default=os.cpu_count() or 1,
                   help="torch's intra-op threads (default: every core)")
    p.add_argument("--json", help="also write the results to this JSON file")
    args = p.parse_args(argv)
    if args.torch_threads < 1:
        p.error(f"--torch-threads must be at least 1, got {args.torch_threads}")
    if args.reference:
        os.environ["MINIGRAD_REFERENCE"] = "1"      # before minigrad is imported: no allocator tuning either
    import importlib
    import minigrad
    import torch
    torch.set_num_threads(args.torch_threads)
    if args.reference:
        minigrad.set_reference_mode(True)
    mode = "reference mode" if minigrad.is_reference_mode() else "normal mode"
    print(f"device {args.device}; minigrad in {mode}; torch {torch.__version__} on {args.torch_threads} thread(s); "
          f"{os.cpu_count()} CPU cores")
    results = []
    for name in args.only.split(","):
        mod = importlib.import_module(name.strip())
        for res in _as_list(mod.run(device=args.device, rounds=args.rounds)):
            print(res.row(), flush=True)
            results.append(res)
    if args.json:
        _write_json(args.json, results, args, mode, torch.__version__)
    return results


def _write_json(path, results, args, mode, torch_version):
    import dataclasses
    import datetime
    import json
    import platform
    import subprocess
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                                cwd=os.path.dirname(os.path.abspath(__file__))).stdout.strip()
    except OSError:
        commit = ""
    rows = [r.as_dict() if hasattr(r, "as_dict") else dict(dataclasses.asdict(r), kind="time") for r in results]
    doc = {"date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"), "commit": commit,
           "mode": mode, "device": args.device, "machine": f"{platform.machine()}, {os.cpu_count()} CPU cores",
           "python": platform.python_version(), "torch": torch_version, "torch_threads": args.torch_threads,
           "results": rows}
    with open(path, "w") as f:
        json.dump(doc, f, indent=1)


def _as_list(x):
    return x if isinstance(x, list) else [x]


if __name__ == "__main__":
    main()
