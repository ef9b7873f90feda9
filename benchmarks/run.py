"""Run the benchmarks: ``python benchmarks/run.py [--device cpu|cuda] [--only chain,cnn,nmf] [--rounds N]
[--reference]``.

Prints one line per workload: the median time of minigrad and of torch (timed alternately in this
process) and the median of the per-round ratios minigrad/torch (below 1 means minigrad is faster).
``--reference`` times minigrad in reference mode (every trick of minigrad/fast off; the same as
``MINIGRAD_REFERENCE=1``), to see what the tricks buy.
"""
from __future__ import annotations

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

WORKLOADS = ["chain", "cnn", "nmf"]


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--device", default="cpu", choices=["cpu", "cuda"])
    p.add_argument("--only", default=",".join(WORKLOADS), help="comma-separated: " + ", ".join(WORKLOADS))
    p.add_argument("--rounds", type=int, default=15)
    p.add_argument("--reference", action="store_true", help="minigrad in reference mode (no speed tricks)")
    args = p.parse_args(argv)
    if args.reference:
        os.environ["MINIGRAD_REFERENCE"] = "1"      # before minigrad is imported: no allocator tuning either
    import importlib
    import minigrad
    import torch
    torch.set_num_threads(os.cpu_count() or 1)
    if args.reference:
        minigrad.set_reference_mode(True)
    mode = "reference mode" if minigrad.is_reference_mode() else "normal mode"
    print(f"device {args.device}; minigrad in {mode}; torch {torch.__version__}; {os.cpu_count()} CPU cores")
    results = []
    for name in args.only.split(","):
        mod = importlib.import_module(name.strip())
        for res in _as_list(mod.run(device=args.device, rounds=args.rounds)):
            print(res.row(), flush=True)
            results.append(res)
    return results


def _as_list(x):
    return x if isinstance(x, list) else [x]


if __name__ == "__main__":
    main()
