"""The gradient of a piecewise-linear op (relu, leaky_relu, hardtanh, pooling) without a graph node.

In the reference path such a backward returns ``Piecewise.apply(grad, x, slope)`` (ops/pointwise.py):
a node that keeps x in the gradient's graph, so that ``create_graph=True`` can differentiate it again.
When no graph is being recorded (the usual backward pass) that node is never used, and the gradient is
one array operation.
"""
from __future__ import annotations

import numpy as np

from ..autograd.grad_mode import STATE
from ..backend import array_module, zero
from ..tensor import _wrap
from . import parallel
from .switch import SWITCH

_ndarray = np.ndarray
_where, _multiply, _negative, _bitwise_and = np.where, np.multiply, np.negative, np.bitwise_and
_BOOL = np.dtype(bool)
_BITS = {2: np.dtype(np.int16), 4: np.dtype(np.int32), 8: np.dtype(np.int64)}
LARGE = 4096            # numbers: from here on a selection is made on the bits (below, with ``where``)


def piecewise(grad, slope):
    """``grad · slope`` as a plain tensor when nothing is recorded; None otherwise (or in reference mode)."""
    if not SWITCH.on or STATE.enabled:
        return None
    if slope is None:
        return grad
    return _wrap(times_slope(grad._data, getattr(slope, "_data", slope)))


def times_slope(grad, slope, overwrite=False):
    """grad · slope on arrays; a bool slope selects (0 where False, even for an inf or NaN grad), as
    ``Piecewise.forward`` does with ``where``. On a large NumPy array ``where`` is ~15x slower than a
    multiplication, and a multiplication is not a selection where grad holds inf or NaN (inf·0 = NaN);
    so the selection is made on the numbers' bits: each one ANDed with all ones (kept) or all zeros
    (+0.0), which is ``where`` exactly, inf and NaN included. ``overwrite``: the caller owns ``grad``
    (nothing else refers to it) and it may be written over, sparing a new array."""
    if grad.__class__ is not _ndarray:
        return grad * slope if slope.dtype is not _BOOL else array_module(grad).where(slope, grad, zero(grad))
    same = overwrite and grad.shape == slope.shape
    if slope.dtype is not _BOOL:
        return _multiply(grad, slope, out=grad) if same and slope.dtype == grad.dtype else grad * slope
    bits = _BITS.get(grad.dtype.itemsize) if grad.dtype.kind == "f" else None   # float32 -> int32: the same bytes
    if grad.size > LARGE and bits is not None and grad.shape == slope.shape:
        numbers, flags = grad.view(bits), slope.view(np.int8)
        out = numbers if same else np.empty_like(numbers)

        def rows(lo, hi):                               # (the two halves of the first dimension: parallel.py)
            keep = _negative(flags[lo:hi])              # True -> -1: all ones once widened to the numbers' size
            _bitwise_and(numbers[lo:hi], keep, out=out[lo:hi])
        parallel.halves(rows, grad.shape[0], grad.nbytes)
        return out.view(grad.dtype)
    return _where(slope, grad, zero(grad))
