"""Break down one multiplicative-update iteration on a large problem: raw array products only,
then the optimizer, then the optimizer without its input checks.

    python benchmarks/profile_mu.py [--device cuda] [--m 20000 --n 10000 --k 100 --iters 20]
"""
from __future__ import annotations

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--device", default="cpu")
    p.add_argument("--m", type=int, default=20000)
    p.add_argument("--n", type=int, default=10000)
    p.add_argument("--k", type=int, default=100)
    p.add_argument("--iters", type=int, default=20)
    args = p.parse_args()
    import numpy as np
    import minigrad
    from minigrad import backend
    from minigrad.optim import multiplicative as mu
    import nmf
    X, W0, H0 = nmf._problem(args.m, args.n, args.k, np.float32)
    dev = backend.as_device(args.device)
    xp = backend.xp_for(dev)
    Xa, Wa, Ha = (backend.to_device(a, dev) for a in (X, W0, H0))
    sync = lambda: backend.synchronize() if args.device == "cuda" else None  # noqa: E731

    def timed(name, fn):
        fn(1)
        sync()
        t = time.perf_counter()
        fn(args.iters)
        sync()
        print(f"{name:<46} {(time.perf_counter() - t) / args.iters * 1e3:8.3f} ms/iteration", flush=True)

    def raw(iters):
        W, H = Wa.copy(), Ha.copy()
        for _ in range(iters):
            WH = W @ H
            W *= (Xa @ H.T) / (WH @ H.T)
            WH = W @ H
            H *= (W.T @ Xa) / (W.T @ WH)
    timed("raw arrays: the same products, no autograd", raw)

    Xt = minigrad.tensor(Xa)

    def opt_run(iters):
        W = minigrad.tensor(Wa.copy(), requires_grad=True)
        H = minigrad.tensor(Ha.copy(), requires_grad=True)
        opt = minigrad.optim.MultiplicativeUpdate([W, H])
        for _ in range(iters):
            opt.step(lambda: (W @ H, Xt))
    timed("MultiplicativeUpdate", opt_run)
    mu._check_param = lambda *a: None
    mu._check_data = lambda *a: None
    timed("MultiplicativeUpdate without input checks", opt_run)


if __name__ == "__main__":
    main()
