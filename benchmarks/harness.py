"""Timing minigrad and torch side by side, in one process, interleaved.

Each workload gives one callable per library. The runner alternates them (minigrad, torch,
minigrad, torch, ...) so that both see the same machine state, synchronises the GPU around each call
on CUDA, and reports the median time of each and the median of the per-round ratios.
"""
from __future__ import annotations

import gc
import statistics
import time
from dataclasses import dataclass


@dataclass
class Result:
    name: str
    minigrad_s: float
    torch_s: float
    ratio: float          # median over rounds of minigrad time / torch time
    rounds: int
    unit: str = ""
    per: int = 1          # divide times by this for the per-unit figure (e.g. ops in a chain)

    def row(self) -> str:
        mg, th = self.minigrad_s / self.per, self.torch_s / self.per
        scale, u = (1e6, "us") if max(mg, th) < 1e-2 else (1e3, "ms")
        unit = f" per {self.unit}" if self.unit else ""
        return (f"{self.name:<44} minigrad {mg * scale:9.2f} {u}  torch {th * scale:9.2f} {u}{unit:<10}  "
                f"ratio {self.ratio:5.2f}  ({self.rounds} rounds)")


def _sync(sync):
    if sync is not None:
        sync()


def compare(name, mg_fn, torch_fn, rounds=15, warmup=3, sync_mg=None, sync_torch=None, unit="", per=1,
            min_time=0.0):
    """Time ``mg_fn`` and ``torch_fn`` alternately; ``rounds`` timed calls of each after ``warmup``."""
    for _ in range(warmup):
        mg_fn(); _sync(sync_mg)
        torch_fn(); _sync(sync_torch)
    t_mg, t_th, ratios = [], [], []
    start = time.perf_counter()
    r = 0
    while r < rounds or time.perf_counter() - start < min_time:
        gc.collect()
        _sync(sync_mg)
        t0 = time.perf_counter(); mg_fn(); _sync(sync_mg); a = time.perf_counter() - t0
        gc.collect()
        _sync(sync_torch)
        t0 = time.perf_counter(); torch_fn(); _sync(sync_torch); b = time.perf_counter() - t0
        t_mg.append(a); t_th.append(b); ratios.append(a / b)
        r += 1
    return Result(name, statistics.median(t_mg), statistics.median(t_th), statistics.median(ratios), r,
                  unit, per)
