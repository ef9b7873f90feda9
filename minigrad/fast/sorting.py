"""topk without sorting whole rows.

The reference ``topk`` (ops/reduce.py) sorts each row with a stable argsort and keeps the first ``k``
indices (then puts equal values in torch's order, ``ops/_stdsort.py``). For k much smaller than the row,
the same first ``k`` indices come from a partition: ``argpartition`` finds the k smallest keys of each
row in linear time, and only those ``k`` are sorted (by key, then by index: what a stable sort gives).
The one thing a partition does not decide is which of several elements equal to the k-th key are taken;
where a row has more of them than places left, the reference's sort runs instead. NaN (whose place the
reference settles separately) also goes to the reference.
"""
from __future__ import annotations

import numpy as np

from .switch import SWITCH

_ndarray = np.ndarray


def topk_indices(x, k, dim, largest):
    """The first ``k`` indices along ``dim`` of the stable argsort of ``x`` (descending when ``largest``) as
    int64, for a NumPy int or float array with ``k`` at most a quarter of its rows; None otherwise (other
    arrays, reference mode, ties at the k-th value, NaN)."""
    if (not SWITCH.on or x.__class__ is not _ndarray or x.ndim == 0 or not x.size or x.dtype.kind not in "fiu"
            or k < 1 or 4 * k > x.shape[dim]):
        return None
    kind = x.dtype.kind
    key = ((~x if kind in "iu" else -x) if largest else x)          # the reference's sort key
    key = np.moveaxis(key, dim, -1)
    if kind == "f" and np.isnan(key.max()):                         # (max propagates NaN: one pass)
        return None
    part = np.argpartition(key, k - 1, axis=-1)[..., :k]           # the k smallest keys, ties in any order
    kth = np.take_along_axis(key, part, -1).max(axis=-1, keepdims=True)
    if ((key <= kth).sum(axis=-1) > k).any():                       # more elements equal to the k-th than places
        return None
    part.sort(axis=-1)                                              # by index ...
    order = np.argsort(np.take_along_axis(key, part, -1), axis=-1, kind="stable")     # ... then by key
    idx = np.take_along_axis(part, order, -1)
    return np.moveaxis(idx, -1, dim).astype(np.int64, copy=False)
