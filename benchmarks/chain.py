"""The op-overhead workload: a chain of 1000 (and 10,000, 100,000) x (y*0.999, relu, +0.001) on a 16x16
leaf, forward and backward. Nearly no arithmetic: this measures what each op costs the framework."""
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


LENGTHS = (1000, 10000, 100000)       # links; the chain has 3 ops per link


def run(device="cpu", rounds=15, lengths=LENGTHS):
    """The chain at three lengths: the per-op cost should not grow with the graph."""
    import minigrad
    import torch
    from harness import compare
    sync_mg = minigrad.cuda.synchronize if device == "cuda" else None
    sync_th = torch.cuda.synchronize if device == "cuda" else None
    results = []
    for n_links in lengths:
        r = rounds if n_links <= N_LINKS else max(3, rounds * N_LINKS // n_links)   # ~the same time each
        results.append(compare(f"chain of {n_links}x(mul, relu, add) 16x16 fwd+bwd", make(minigrad, device, n_links),
                               make(torch, device, n_links), rounds=r, warmup=1 if n_links > N_LINKS else 3,
                               sync_mg=sync_mg, sync_torch=sync_th, unit="op", per=3 * n_links))
    return results
