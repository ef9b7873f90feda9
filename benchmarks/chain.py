"""The op-overhead workload: a chain of 1000 x (y*0.999, relu, +0.001) on a 16x16 leaf, forward and
backward. Nearly no arithmetic: this measures what each op costs the framework."""
from __future__ import annotations

N_LINKS = 1000


def make(lib, device, n_links=N_LINKS):
    x = lib.randn(16, 16, device=device, requires_grad=True)

    def step():
        y = x
        for _ in range(n_links):
            y = y * 0.999
            y = lib.relu(y)
            y = y + 0.001
        y.sum().backward()
        x.grad = None
    return step


def run(device="cpu", rounds=15, n_links=N_LINKS):
    import minigrad
    import torch
    from harness import compare
    sync_mg = minigrad.cuda.synchronize if device == "cuda" else None
    sync_th = torch.cuda.synchronize if device == "cuda" else None
    return compare(f"chain of {n_links}x(mul, relu, add) 16x16 fwd+bwd", make(minigrad, device, n_links),
                   make(torch, device, n_links), rounds=rounds, sync_mg=sync_mg, sync_torch=sync_th,
                   unit="op", per=3 * n_links)
