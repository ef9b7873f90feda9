"""How much of the long chains' time is Python's cyclic garbage collector.

``python benchmarks/chain_gc.py [--links 1000,10000,100000]`` times the chain of benchmarks/chain.py
(forward and backward, per op) for minigrad and torch, in one process, once with the collector as the
process has it and once with it disabled around each call, and counts the collections that ran during
minigrad's forward pass and their time (``gc.callbacks``).

minigrad's graph is made of Python objects (a node per op, its edges, what it saved), so a long chain
adds tens of thousands of objects that the collector scans; torch's graph lives in C++ and adds none.
Python runs a full collection when the objects that survived younger collections exceed a quarter of
the older ones -- and a process that imported torch has ~170,000 of those, each full collection
costing tens of milliseconds. minigrad does not change the collector's settings (that would change
the whole process), so the figure with the collector on is the one that counts; the other one shows
what is the collector's and what is minigrad's own.
"""
from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _time(step, rounds, collector):
    times = []
    for _ in range(rounds):
        gc.collect()
        if not collector:
            gc.disable()
        try:
            t0 = time.perf_counter()
            step()
            times.append(time.perf_counter() - t0)
        finally:
            gc.enable()
    return statistics.median(times)


def _collections_during_forward(lib, n_links):
    """(generation -> (count, seconds)) for the collections during one forward pass of the chain."""
    stats, started = {}, []

    def callback(phase, info):
        if phase == "start":
            started.append(time.perf_counter())
        else:
            count, seconds = stats.get(info["generation"], (0, 0.0))
            stats[info["generation"]] = (count + 1, seconds + time.perf_counter() - started.pop())
    x = lib.randn(16, 16, requires_grad=True)
    gc.collect()
    gc.callbacks.append(callback)
    try:
        y = x
        for _ in range(n_links):
            y = lib.relu(y * 0.999) + 0.001
    finally:
        gc.callbacks.remove(callback)
    return stats


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--links", default="1000,10000,100000")
    args = p.parse_args(argv)
    import minigrad
    import torch
    from chain import make
    print(f"objects tracked by the collector after importing torch and minigrad: {len(gc.get_objects())}")
    for n_links in [int(s) for s in args.links.split(",")]:
        rounds = max(3, 15 * 1000 // n_links)
        steps = {lib.__name__: make(lib, "cpu", n_links) for lib in (minigrad, torch)}
        for step in steps.values():
            step()
        per_op = 3 * n_links * 1e-6
        row = []
        for collector in (True, False):
            mg = _time(steps["minigrad"], rounds, collector) / per_op
            th = _time(steps["torch"], rounds, collector) / per_op
            row.append(f"collector {'on ' if collector else 'off'}: minigrad {mg:6.2f} us/op, torch {th:6.2f} "
                       f"us/op, ratio {mg / th:4.2f}")
        stats = _collections_during_forward(minigrad, n_links)
        during = ", ".join(f"gen{g}: {c} ({s * 1e3:.0f} ms)" for g, (c, s) in sorted(stats.items()))
        print(f"chain of {n_links} links: " + "; ".join(row))
        print(f"    collections during minigrad's forward: {during or 'none'}")


if __name__ == "__main__":
    main()
