"""Where does a CNN training step spend its time? Per-op forward/backward wall time (CPU side: on
the GPU that is launch overhead unless --sync) and the top functions by cProfile.

    python benchmarks/profile_cnn.py [--device cuda] [--batch 1024] [--sync] [--cold]

``--cold`` spins 20 ms of pure Python before each step, as the benchmark harness's ``gc.collect()``
between calls does: on the 2-core VM of the README a step that follows other work runs ~1.5x slower
than one that follows another step (caches and the vector units are cold), for torch as much as for
minigrad, and that is the state the harness times.
"""
from __future__ import annotations

import argparse
import collections
import cProfile
import os
import pstats
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--device", default="cpu")
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--sync", action="store_true", help="synchronise the GPU after every op")
    p.add_argument("--cold", action="store_true", help="20 ms of other work before each step, as in the harness")
    args = p.parse_args()
    import minigrad
    import minigrad.nn  # noqa: F401  (load every op class before wrapping them)
    import torch
    import cnn
    from minigrad.autograd.function import Op

    sync = minigrad.cuda.synchronize if (args.sync and args.device == "cuda") else (lambda: None)
    times, counts = collections.defaultdict(float), collections.Counter()

    def wrap(cls):
        f, b = cls.forward, cls.backward

        def fw(ctx, *a, **k):
            t = time.perf_counter(); r = f(ctx, *a, **k); sync()
            times[cls.__name__ + ".forward"] += time.perf_counter() - t; counts[cls.__name__ + ".forward"] += 1
            return r

        def bw(ctx, *a):
            t = time.perf_counter(); r = b(ctx, *a); sync()
            times[cls.__name__ + ".backward (incl. its ops)"] += time.perf_counter() - t
            return r
        cls.forward, cls.backward = staticmethod(fw), staticmethod(bw)

    def subclasses(c):
        for s in c.__subclasses__():
            yield s
            yield from subclasses(s)

    torch.manual_seed(0)
    state = {k: v.numpy() for k, v in cnn.build(torch, "cpu", args.batch).state_dict().items()}
    timed = cnn.make(minigrad, args.device, args.batch, state)

    def spin():
        t = time.perf_counter()
        while args.cold and time.perf_counter() - t < 0.02:
            pass

    for _ in range(3):
        timed()
    minigrad.cuda.synchronize() if args.device == "cuda" else None
    spent = 0.0
    for _ in range(args.steps):
        spin()
        t0 = time.perf_counter()
        timed()
        minigrad.cuda.synchronize() if args.device == "cuda" else None
        spent += time.perf_counter() - t0
    print(f"step: {spent / args.steps * 1e3:.3f} ms (no instrumentation{', cold' if args.cold else ''})")

    prof = cProfile.Profile()
    for _ in range(args.steps):
        spin()
        prof.enable()
        timed()
        prof.disable()
    pstats.Stats(prof).sort_stats("tottime").print_stats(25)

    for c in list(subclasses(Op)):
        wrap(c)
    for _ in range(args.steps):
        spin()
        timed()
    print(f"{'op':<40} {'ms/step':>8} {'calls/step':>10}")
    for k, v in sorted(times.items(), key=lambda kv: -kv[1])[:30]:
        print(f"{k:<40} {v / args.steps * 1e3:8.3f} {counts[k] / args.steps:10.1f}")


if __name__ == "__main__":
    main()
