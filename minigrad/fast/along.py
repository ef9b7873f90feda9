"""Reading along one dim at an index vector, and its adjoint, as a few slice copies.

``TakeAlong`` and ``AddAlong`` (ops/convnd.py: the padding modes and nearest interpolation) read ``x``
at the positions ``idx`` along a dim, and add a gradient back there. The reference does this with
``take`` and, backward, a stable sort of ``idx``, a ``take`` and ``add.reduceat``, which NumPy runs
slowly along a middle dim (~600 µs for a reflection padding of a (16, 8, 32, 32) array). But such an
``idx`` is a handful of regular runs: reflect reads 2 1 | 0 1 2 ... 31 | 30 29, nearest x2 reads
0 0 1 1 2 2 ... Here the pairs (output position j, input position i) are grouped in passes -- pass r
pairs each input position with the r-th output position that reads it -- and each pass is cut into
runs in which j and i step by constants; each run is one slice copy (the cuts are cached per index
vector):

- take: every run of every pass copies x's slice of i to the output's slice of j;
- add back: each input position's gradient is the sum of the gradients read there, in the order
  ``add.reduceat`` sums a run a0 a1 a2 a3: a0 + ((a1 + a2) + a3) -- pass 0 copied, passes 1, 2, 3 summed
  apart (copied, then added) and added to it: the reference's numbers bit for bit, -0.0 included.

An index vector of more than ``_MAX_RUNS`` runs in all, or (add back) one that reads a position more
than ``_MAX_READS`` times (replicate padding by 4 or more), goes to the reference.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from .switch import SWITCH

_ndarray = np.ndarray
_MAX_RUNS = 12
_MAX_LENGTH = 1 << 16  # index vectors longer than this: the reference (the plan is made in Python)
_MAX_READS = 4         # (add.reduceat's order, a0 + ((a1 + a2) + a3), checked up to four)


def _runs(pairs):
    """(j, i) position pairs cut into runs in which j and i each step by a constant: a tuple of slice pairs
    (j slice, i slice), or None past _MAX_RUNS runs."""
    runs, start = [], 0
    for k in range(1, len(pairs) + 1):
        if k < len(pairs) and (k - start == 1 or _step(pairs, k - 1) == _step(pairs, start)):
            continue
        (j0, i0), (j1, i1) = pairs[start], pairs[k - 1]
        runs.append((_slice(j0, j1, k - 1 - start), _slice(i0, i1, k - 1 - start)))
        if len(runs) > _MAX_RUNS:
            return None
        start = k
    return tuple(runs)


def _step(pairs, k):
    return pairs[k + 1][0] - pairs[k][0], pairs[k + 1][1] - pairs[k][1]


def _slice(first, last, steps):
    step = (last - first) // steps if steps else 1
    stop = last + step
    return slice(first, None if stop < 0 else stop, step)


@lru_cache(maxsize=256)
def _plan(key, n):
    """Passes of runs: pass r pairs each input position i with the r-th output position j that reads it."""
    idx = np.frombuffer(key, np.int64).tolist()
    readers = [[] for _ in range(n)]
    for j, i in enumerate(idx):
        readers[i].append(j)
    passes, count = [], 0
    for r in range(max(map(len, readers), default=0)):
        runs = _runs([(js[r], i) for i, js in enumerate(readers) if len(js) > r])
        count += 0 if runs is None else len(runs)
        if runs is None or count > _MAX_RUNS:
            return None
        passes.append(runs)
    return tuple(passes)


def _key(idx, n):
    """The index vector as bytes of int64 (a cache key), or None where it is not one the plans take."""
    if (idx.__class__ is not _ndarray or idx.ndim != 1 or idx.dtype.kind not in "iu" or not idx.size
            or idx.size > _MAX_LENGTH):
        return None
    if idx.min() < 0 or idx.max() >= n:
        return None
    return idx.astype(np.int64, copy=False).tobytes()


def take_along(x, idx, dim):
    """``np.take(x, idx, axis=dim)`` as slice copies (the same array), or None (see the module's docstring)."""
    if not SWITCH.on or x.__class__ is not _ndarray:
        return None
    key = _key(idx, x.shape[dim])
    plan = None if key is None else _plan(key, x.shape[dim])
    if plan is None:
        return None
    shape = list(x.shape)
    shape[dim] = idx.size
    out = np.empty(shape, x.dtype)
    lead = (slice(None),) * dim
    for runs in plan:
        for j, i in runs:
            out[lead + (j,)] = x[lead + (i,)]
    return out


def add_along(g, idx, n, dim):
    """AddAlong's forward (the gradients ``g`` along ``dim`` summed into ``n`` positions at ``idx``) as
    slice copies and adds, the reference's numbers bit for bit; or None (see the module's docstring)."""
    if not SWITCH.on or g.__class__ is not _ndarray or g.shape[dim] != getattr(idx, "size", -1):
        return None
    key = _key(idx, n)
    plan = None if key is None else _plan(key, n)
    if plan is None or len(plan) > _MAX_READS:
        return None
    shape = list(g.shape)
    shape[dim] = n
    lead = (slice(None),) * dim
    out = np.zeros(shape, g.dtype)
    _copy_add(out, g, plan[:1], lead)                   # the first read of each position ...
    if len(plan) > 1:
        rest = out if len(plan) == 2 else _copy_add(np.zeros(shape, g.dtype), g, plan[1:], lead)
        for j, i in plan[1]:                            # ... plus the sum of the others
            out[lead + (i,)] += g[lead + (j,)] if rest is out else rest[lead + (i,)]
    return out


def _copy_add(out, g, passes, lead):
    """out at each pass's positions: the first pass's gradients copied, the later ones' added in order."""
    for r, runs in enumerate(passes):
        for j, i in runs:
            if r:
                out[lead + (i,)] += g[lead + (j,)]
            else:
                out[lead + (i,)] = g[lead + (j,)]
    return out
