"""Two-layer MLPs, forward and backward (no optimizer step): x -> Linear -> ReLU -> Linear -> sum.

small: x 64x256 -> 256 -> 10 (a few small matmuls: overhead-bound);
large: x 256x1024 -> 1024 -> 10 (BLAS-bound). Both libraries start from the same weights."""
from __future__ import annotations

import numpy as np

SIZES = {"small": (64, 256, 256, 10), "large": (256, 1024, 1024, 10)}


def make(lib, device, size):
    batch, n_in, hidden, n_out = SIZES[size]
    rng = np.random.default_rng(0)
    w1 = lib.tensor(rng.standard_normal((hidden, n_in)).astype(np.float32) / n_in ** 0.5, device=device,
                    requires_grad=True)
    b1 = lib.tensor(np.zeros(hidden, np.float32), device=device, requires_grad=True)
    w2 = lib.tensor(rng.standard_normal((n_out, hidden)).astype(np.float32) / hidden ** 0.5, device=device,
                    requires_grad=True)
    b2 = lib.tensor(np.zeros(n_out, np.float32), device=device, requires_grad=True)
    x = lib.tensor(rng.standard_normal((batch, n_in)).astype(np.float32), device=device)
    F = lib.nn.functional

    def step():
        for p in (w1, b1, w2, b2):
            p.grad = None
        h = F.relu(F.linear(x, w1, b1))
        F.linear(h, w2, b2).sum().backward()
    return step


def run(device="cpu", rounds=15, sizes=("small", "large")):
    import minigrad
    import torch
    from harness import compare
    sync_mg = minigrad.cuda.synchronize if device == "cuda" else None
    sync_th = torch.cuda.synchronize if device == "cuda" else None
    results = []
    for size in sizes:
        b, i, h, o = SIZES[size]
        results.append(compare(f"{size} MLP x {b}x{i} -> {h} -> {o} fwd+bwd", make(minigrad, device, size),
                               make(torch, device, size), rounds=rounds, sync_mg=sync_mg, sync_torch=sync_th))
    return results
