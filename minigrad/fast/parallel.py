"""Two threads for the big array passes of a CPU step: the images of a batch split in two halves.

NumPy releases Python's lock inside its loops and its BLAS calls, so two threads working on two halves
of a batch run on two cores at once; torch does the same with its pool of threads. ``halves(work, n,
nbytes)`` runs ``work(lo, hi)`` for images [n/2, n) on a second thread and [0, n/2) on the calling one,
and returns when both are done. Each half writes its own part of arrays made beforehand, so the numbers
are those of one pass, bit for bit (``tests/test_fast_parallel20.py``).

Off unless asked for (``MINIGRAD_TWO_THREADS=1`` in the environment, or ``parallel.ENABLED = True``): on the
2-vCPU VM of round twenty a CPU training step of benchmarks/cnn.py took longer with it when nothing else ran
(median 7.3-7.9 against 6.8-7.2 ms, cold steps as the benchmark harness times them: waking the idle second vCPU
for each of the step's ~13 hand-overs costs more than the half it does), and less while other work kept that vCPU
awake (5.5 against 6.3 ms). Worth measuring on your own machine: ``benchmarks/cnn.py`` with and without it.
When on, one thread (``work(0, n)``) still does passes below ``MIN_BYTES`` of data, fewer than 2 images, and
everything after ``minigrad.set_num_threads(1)``, on one core, and in reference mode.
"""
from __future__ import annotations

import contextvars
import os
from concurrent.futures import ThreadPoolExecutor

from ..backends.defaults import get_num_threads
from .switch import SWITCH

ENABLED = os.environ.get("MINIGRAD_TWO_THREADS", "") == "1"
MIN_BYTES = 1 << 19         # 512 KiB of data (the larger of what the pass reads and writes)
_POOL = {}                  # "executor" -> the one worker thread, made on first use (again after a fork)


def _executor() -> ThreadPoolExecutor:
    pool = _POOL.get("executor")
    if pool is None:
        pool = _POOL["executor"] = ThreadPoolExecutor(1, thread_name_prefix="minigrad-half")
    return pool


def _forget_pool():
    """In a forked child the worker thread does not exist: a new one is made on first use."""
    _POOL.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_pool)


def worth_it(n: int, nbytes: int) -> bool:
    """Whether ``halves`` would use two threads for ``n`` images and ``nbytes`` of data."""
    return ENABLED and SWITCH.on and n >= 2 and nbytes >= MIN_BYTES and get_num_threads() >= 2


def halves(work, n: int, nbytes: int) -> None:
    """``work(0, n)``, as ``work(0, n // 2)`` here and ``work(n // 2, n)`` on the other thread when
    ``worth_it``. An error in either half is raised here, after both halves have stopped."""
    if not worth_it(n, nbytes):
        work(0, n)
        return
    mid = n // 2
    try:
        other = _executor().submit(contextvars.copy_context().run, work, mid, n)    # (NumPy's error state with it)
    except RuntimeError:            # the interpreter is shutting down: no new threads (one thread, then)
        work(0, n)
        return
    try:
        work(0, mid)
    finally:
        other.result()
