"""Reading along one dim at an index vector, and its adjoint, as a few slice copies.

``TakeAlong`` and ``AddAlong`` (ops/convnd.py: the padding modes and interpolation) read ``x`` at the
positions ``idx`` along a dim, and add a gradient back there. The reference does this with ``take`` and,
backward, a stable sort of ``idx``, a ``take`` and ``add.reduceat``, which NumPy runs slowly along a
middle dim (~600 µs for a reflection padding of a (16, 8, 32, 32) array). But a padding's ``idx`` is a
handful of runs that step by +1 or -1 (reflect: 2 1 | 0 1 2 ... 31 | 30 29), and each run is one slice
copy. Here the index vector is cut into such runs (the cuts cached per index vector), and:

- take: each run of output positions is one copy from a slice of ``x``;
- add back: each input position's gradient is the one read there, or the sum of the two read there
  (the first copied, the second added: the reference's numbers bit for bit, -0.0 included). Pass 0
  copies the first gradient of every position, run by run; pass 1 adds the second where there is one.

An index vector of more than ``_MAX_RUNS`` runs (nearest interpolation: every element repeated), or
one that reads a position three times or more (replicate padding by 2 or more: ``add.reduceat`` sums
three or more numbers in an order of its own), goes to the reference.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from .switch import SWITCH

_ndarray = np.ndarray
_MAX_RUNS = 12


def _runs(src, dst):
    """(src, dst) position pairs, in order, cut into runs in which each steps by +1 or -1: a tuple of slice
    pairs (source slice, destination slice), or None past _MAX_RUNS runs."""
    runs, start = [], 0
    for k in range(1, len(src) + 1):
        if k < len(src) and (k - start == 1 and abs(src[k] - src[k - 1]) == 1 and abs(dst[k] - dst[k - 1]) == 1
                             or k - start > 1 and src[k] - src[k - 1] == src[start + 1] - src[start]
                             and dst[k] - dst[k - 1] == dst[start + 1] - dst[start]):
            continue
        runs.append((_slice(src[start], src[k - 1]), _slice(dst[start], dst[k - 1])))
        if len(runs) > _MAX_RUNS:
            return None
        start = k
    return tuple(runs)


def _slice(first, last):
    step = -1 if last < first else 1
    stop = last + step
    return slice(first, None if stop < 0 else stop, step)


@lru_cache(maxsize=256)
def _take_plan(key, n):
    idx = np.frombuffer(key, np.int64).tolist()
    return _runs(idx, list(range(len(idx))))


@lru_cache(maxsize=256)
def _add_plan(key, n):
    """Passes of runs: pass r holds the r-th output position reading each input position (at most two)."""
    idx = np.frombuffer(key, np.int64).tolist()
    readers = [[] for _ in range(n)]
    for j, i in enumerate(idx):
        readers[i].append(j)
    if max(map(len, readers), default=0) > 2:      # three or more: add.reduceat's order of summing is its own
        return None
    passes = []
    for r in range(max(map(len, readers), default=0)):
        pairs = [(js[r], i) for i, js in enumerate(readers) if len(js) > r]
        runs = _runs([j for j, _ in pairs], [i for _, i in pairs])
        if runs is None:
            return None
        passes.append(runs)
    return tuple(passes)


def _key(idx, n):
    """The index vector as bytes of int64 (a cache key), or None where it is not one the plans take."""
    if idx.__class__ is not _ndarray or idx.ndim != 1 or idx.dtype.kind not in "iu" or not idx.size:
        return None
    if idx.min() < 0 or idx.max() >= n:
        return None
    return idx.astype(np.int64, copy=False).tobytes()


def take_along(x, idx, dim):
    """``np.take(x, idx, axis=dim)`` as slice copies (the same array), or None (see the module's docstring)."""
    if not SWITCH.on or x.__class__ is not _ndarray:
        return None
    key = _key(idx, x.shape[dim])
    plan = None if key is None else _take_plan(key, x.shape[dim])
    if plan is None:
        return None
    shape = list(x.shape)
    shape[dim] = idx.size
    out = np.empty(shape, x.dtype)
    lead = (slice(None),) * dim
    for src, dst in plan:
        out[lead + (dst,)] = x[lead + (src,)]
    return out


def add_along(g, idx, n, dim):
    """AddAlong's forward (the gradients ``g`` along ``dim`` summed into ``n`` positions at ``idx``) as
    slice copies and adds, the reference's numbers bit for bit; or None (see the module's docstring)."""
    if not SWITCH.on or g.__class__ is not _ndarray or g.shape[dim] != getattr(idx, "size", -1):
        return None
    key = _key(idx, n)
    plan = None if key is None else _add_plan(key, n)
    if plan is None:
        return None
    shape = list(g.shape)
    shape[dim] = n
    out = np.zeros(shape, g.dtype)
    lead = (slice(None),) * dim
    for r, runs in enumerate(plan):
        for src, dst in runs:
            if r:
                out[lead + (dst,)] += g[lead + (src,)]
            else:
                out[lead + (dst,)] = g[lead + (src,)]
    return out
