"""Multiplicative updates via autograd, minigrad against torch doing the same two-pass split:

for each factor, the prediction W H, then two backward passes with the positive part (WH)^(β-1)
and the negative part X (WH)^(β-2) of dD/d(WH) as upstream gradients, then θ ← θ ∇⁻/∇⁺.
CPU: 1000x600, k=40, 40 iterations, float64. GPU: 20000x10000, k=100, 50 iterations, float32.
Also minigrad.nmf against scikit-learn's NMF(solver="mu") on 2000x1000, k=50, 200 iterations (CPU).
"""
from __future__ import annotations

import time

import numpy as np

EPS32 = float(np.finfo(np.float32).eps)


def _problem(m, n, k, dtype, seed=0):
    rng = np.random.default_rng(seed)
    X = (rng.gamma(1.0, 1.0, (m, k)) @ rng.gamma(1.0, 1.0, (k, n)) / k).astype(dtype)
    W0 = np.abs(rng.standard_normal((m, k))).astype(dtype)
    H0 = np.abs(rng.standard_normal((k, n))).astype(dtype)
    return X, W0, H0


def minigrad_mu(device, X, W0, H0, iters, beta=2.0):
    import minigrad
    Xt = minigrad.tensor(X, device=device)

    def run():
        W = minigrad.tensor(W0, device=device, requires_grad=True)
        H = minigrad.tensor(H0, device=device, requires_grad=True)
        opt = minigrad.optim.MultiplicativeUpdate([W, H], beta=beta)
        for _ in range(iters):
            opt.step(lambda: (W @ H, Xt))
        return W, H
    return run


def torch_two_pass(device, X, W0, H0, iters, beta=2.0):
    """What a torch user writes by hand: the same split, with torch.autograd.grad."""
    import torch
    Xt = torch.tensor(X, device=device)

    def update(p, W, H):
        pred = W @ H
        y = pred.detach()
        pos = y ** (beta - 1) if beta != 2 else y
        neg = Xt * y.clamp(min=EPS32) ** (beta - 2) if beta != 2 else Xt
        g_pos, = torch.autograd.grad(pred, p, pos, retain_graph=True)
        g_neg, = torch.autograd.grad(pred, p, neg)
        with torch.no_grad():
            g_pos = g_pos.masked_fill(g_pos == 0, EPS32)
            p.mul_(g_neg / g_pos)

    def run():
        W = torch.tensor(W0, device=device, requires_grad=True)
        H = torch.tensor(H0, device=device, requires_grad=True)
        for _ in range(iters):
            update(W, W, H)
            update(H, W, H)
        return W, H
    return run


def run(device="cpu", rounds=7):
    import minigrad
    import torch
    from harness import compare
    results = []
    if device == "cpu":
        X, W0, H0 = _problem(1000, 600, 40, np.float64)
        results.append(compare("MU via autograd 1000x600 k=40 40 it f64", minigrad_mu(device, X, W0, H0, 40),
                               torch_two_pass(device, X, W0, H0, 40), rounds=rounds))
        results.append(nmf_vs_sklearn())
    else:
        X, W0, H0 = _problem(20000, 10000, 100, np.float32)
        results.append(compare("MU via autograd 20000x10000 k=100 50 it f32", minigrad_mu(device, X, W0, H0, 50),
                               torch_two_pass(device, X, W0, H0, 50), rounds=max(3, rounds // 2), warmup=1,
                               sync_mg=minigrad.cuda.synchronize, sync_torch=torch.cuda.synchronize))
    return results


def nmf_vs_sklearn(m=2000, n=1000, k=50, iters=200, rounds=3):
    """minigrad.nmf (closed-form β=2 path) against scikit-learn's MU solver, same init, no early stop.
    Reported in the torch column's place: the ratio is minigrad / scikit-learn."""
    import warnings
    import minigrad
    from sklearn.decomposition import NMF
    from harness import Result
    X, W0, H0 = _problem(m, n, k, np.float64)
    t_mg, t_sk = [], []
    for _ in range(rounds):
        t0 = time.perf_counter()
        minigrad.nmf(X, k, beta=2.0, max_iter=iters, tol=0, init=(W0, H0))
        t_mg.append(time.perf_counter() - t0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            t0 = time.perf_counter()
            NMF(k, solver="mu", init="custom", max_iter=iters, tol=0).fit_transform(X, W=W0.copy(), H=H0.copy())
            t_sk.append(time.perf_counter() - t0)
    ratios = sorted(a / b for a, b in zip(t_mg, t_sk))
    return Result(f"nmf() vs scikit-learn MU {m}x{n} k={k} {iters} it (sklearn in torch column)",
                  sorted(t_mg)[rounds // 2], sorted(t_sk)[rounds // 2], ratios[rounds // 2], rounds)
