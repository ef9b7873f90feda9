"""Gradients of row lookups (``x[idx]``, ``index_select``, ``embedding``) on the CPU: rows added into zeros.

The reference adds each looked-up row's gradient back with ``np.add.at(out, idx, g)``, which handles
repeated indices by going through the numbers one at a time: ~3.7 ms for 1000 rows of 512 float32 numbers
(numpy 2.4, this project's 2-core VM). Here the rows are sorted by index (a stable sort: rows of the same
index keep their order) and added in rounds: round k adds, for every index, its k-th row, all at once
(one fancy-indexed ``+=`` of whole rows). Each index's rows are added one after the other in their
order, as ``add.at`` adds them, so the numbers are the same, bit for bit: ~0.8 ms for those 1000 rows
(at most 10 of one index). An index repeated more than ``_MAX_ROUNDS`` times (a padding index in a batch
of sentences) would take as many rounds: add.at does those.

A key of one integer array per dim (gather's backward, scatter_add: an index along one dim with
``arange``s for the others) is slower still in ``np.add.at``: it walks the arrays together, ~1.5 ms for
(256, 512) numbers. ``add_at`` turns such a key into one array of positions in the flattened array and
calls ``np.add.at`` on that, which NumPy runs in a fast loop of its own (~0.25 ms): the same additions in
the same order (the key's broadcast shape, in C order), so the same numbers, bit for bit.
"""
from __future__ import annotations

import math

import numpy as np

from .switch import SWITCH

_ndarray = np.ndarray
_MIN_ROW = 8            # numbers per row: below this, add.at's own loop is as fast
_MAX_ROUNDS = 32        # the most rows of one index added in rounds


def add_rows(zeros, key, rows):
    """``np.add.at(zeros, key, rows)`` for ``zeros`` a new C-contiguous array of zeros, ``key`` one
    integer array (non-negative indices into the first dim, as normalised keys are) or a 1-tuple of one,
    and ``rows`` a NumPy array of ``zeros``' dtype, shaped key.shape + zeros.shape[1:]. True when done;
    False when that does not apply (other keys, short rows, CuPy, reference mode): the caller adds."""
    if key.__class__ is tuple:
        if len(key) != 1:
            return False
        key = key[0]
    if (not SWITCH.on or key.__class__ is not _ndarray or key.dtype.kind not in "iu" or zeros.__class__ is not _ndarray
            or rows.__class__ is not _ndarray or rows.dtype != zeros.dtype or zeros.ndim < 2
            or not zeros.flags.c_contiguous or rows.shape != key.shape + zeros.shape[1:]):
        return False
    width = zeros[0].size
    if width < _MIN_ROW or key.size == 0 or (key.size and key.min() < 0):
        return False
    idx = key.reshape(-1)
    n = idx.size
    order = np.argsort(idx, kind="stable")
    sorted_idx = idx[order]
    first = np.empty(n, bool)                               # where a run of one index starts
    first[0] = True
    np.not_equal(sorted_idx[1:], sorted_idx[:-1], out=first[1:])
    starts = np.flatnonzero(first)
    run = np.cumsum(first) - 1                              # each sorted row's run
    rank = np.arange(n) - starts[run]                       # its place in the run: 0, 1, 2...
    rounds = int(rank.max()) + 1
    if rounds > _MAX_ROUNDS:
        return False
    flat_rows = rows.reshape(n, width)
    sums = np.zeros((starts.size, width), zeros.dtype)
    for k in range(rounds):
        in_round = np.flatnonzero(rank == k)
        sums[run[in_round]] += flat_rows[order[in_round]]
    zeros.reshape(zeros.shape[0], width)[sorted_idx[starts]] += sums
    return True


def add_at(out, key, values):
    """``np.add.at(out, key, values)`` for a C-contiguous NumPy ``out`` and a key of one integer array per dim
    (in bounds, non-negative) with ``values`` of ``out``'s dtype, as add.at at positions of the flattened
    array. True when done; False when that does not apply (the caller runs add.at)."""
    if (not SWITCH.on or out.__class__ is not _ndarray or not out.flags.c_contiguous or key.__class__ is not tuple
            or len(key) != out.ndim or len(key) < 2 or values.__class__ is not _ndarray or values.dtype != out.dtype):
        return False
    for k, n in zip(key, out.shape):
        if k.__class__ is not _ndarray or k.dtype.kind not in "iu" or (k.size and (k.min() < 0 or k.max() >= n)):
            return False
    try:
        shape = np.broadcast_shapes(*(k.shape for k in key), values.shape)
    except ValueError:
        return False
    if shape != np.broadcast_shapes(*(k.shape for k in key)):
        return False                                # (values of more dims than the key: add.at explains)
    flat = None
    for d in sorted(range(len(key)), key=lambda d: key[d].size):    # (small aranges first: one full-size sum)
        k, stride = key[d].astype(np.intp, copy=False), math.prod(out.shape[d + 1:])
        term = k * stride if stride != 1 else k
        flat = term if flat is None else flat + term
    flat = np.broadcast_to(flat, shape).reshape(-1)
    np.add.at(out.reshape(-1), flat, np.broadcast_to(values, shape).reshape(-1))
    return True
