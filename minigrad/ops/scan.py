"""Scans along one dim: cummax, cummin, logcumsumexp (cumsum and cumprod are in reduce.py).

cummax/cummin find their indices with array code (a running max, then the last position holding
it), and read the values as indexing, so the gradient goes to the element each value came from.
"""
from __future__ import annotations


import numpy as np

from ..autograd.function import Op
from ..tensor import _wrap
from ._helpers import one_dim, return_type, tensor_arg
from .index import Index, along_dim_key
from .pointwise import ctx_xp, where
from .special import floating_only

cummax_result = return_type("cummax", ["values", "indices"])
cummin_result = return_type("cummin", ["values", "indices"])


class Cummax(Index):
    """values of cummax(x, dim): x read at the running argmax.   d/dx = g added at those positions"""


def cummax(input, dim):
    """(values, indices): the running max along ``dim`` and where it was found (the latest on ties)."""
    return _cumext(input, dim, True, "cummax")


class Cummin(Index):
    """values of cummin(x, dim): x read at the running argmin.   d/dx = g added at those positions"""


def cummin(input, dim):
    """(values, indices): the running min along ``dim`` and where it was found (the latest on ties)."""
    return _cumext(input, dim, False, "cummin")


def _cumext(input, dim, largest, op):
    input = tensor_arg(input, op)
    d = one_dim(dim, input.ndim, op)
    if input.ndim == 0:
        return (cummax_result if largest else cummin_result)(input.clone(), _wrap(input.xp.zeros((), np.int64)))
    x = input._data
    if x.size == 0:
        return (cummax_result if largest else cummin_result)(input.clone(), _wrap(input.xp.zeros(x.shape, np.int64)))
    idx = _running_index(x, d, largest)
    values = (Cummax if largest else Cummin).apply(input, along_dim_key(idx, d, ctx_xp(idx)))
    return (cummax_result if largest else cummin_result)(values, _wrap(idx))


def _running_index(x, dim, largest):
    """For each position i, the last j <= i holding the running max (min) -- torch's choice on ties;
    a NaN wins and stays."""
    xp = ctx_xp(x)
    acc = accumulate(xp.maximum if largest else xp.minimum, x, dim)
    hit = x == acc
    if x.dtype.kind == "f":
        hit |= xp.isnan(x)
    shape = [1] * x.ndim
    shape[dim] = -1
    pos = xp.arange(x.shape[dim]).reshape(shape)
    return accumulate(xp.maximum, xp.where(hit, pos, 0), dim).astype(np.int64)


def accumulate(ufunc, x, axis):
    """``ufunc.accumulate(x, axis)`` -- or, where the array library lacks it, the same scan by doubling:
    log2(n) whole-array steps, step k combining each element with the one 2^k before it."""
    try:
        return ufunc.accumulate(x, axis=axis)
    except (AttributeError, NotImplementedError, TypeError):
        return scan_by_doubling(ufunc, x, axis)


def scan_by_doubling(ufunc, x, axis):
    xp = ctx_xp(x)
    out = xp.array(x, copy=True)
    n, shift = x.shape[axis], 1
    while shift < n:
        head = [slice(None)] * x.ndim
        tail = [slice(None)] * x.ndim
        head[axis], tail[axis] = slice(shift, None), slice(0, n - shift)
        out[tuple(head)] = ufunc(out[tuple(head)], out[tuple(tail)])   # the right side is read before writing
        shift *= 2
    return out


class LogCumSumExp(Op):
    """out_i = log Σ_{j<=i} e^(x_j).   d/dx_j = Σ_{i>=j} g_i·e^(x_j - out_i)"""

    @staticmethod
    def forward(ctx, x, dim, nan_in_leading_run=True):
        ctx.dim, ctx.nan_in_leading_run = dim, nan_in_leading_run
        xp = ctx_xp(x)
        with np.errstate(all="ignore"):
            out = accumulate(xp.logaddexp, x, dim).astype(x.dtype, copy=False)   # pairwise: no underflow
            out += 0.0                              # (a leading -0.0 is +0.0 in torch's, log(e^x))
        ctx.save_for_backward(x, out)
        return out

    @staticmethod
    def backward(ctx, g):
        x, out = ctx.saved_tensors
        d = ctx.dim

        def rev_lcse(t):                                 # log Σ_{i>=j} e^(t_i) (its -inf entries: gradient 0)
            return LogCumSumExp.apply(t.flip(d), d, False).flip(d)
        # Σ_{i>=j} g_i e^(-out_i), split by the sign of g so that logs stay real
        with np.errstate(invalid="ignore", divide="ignore"):       # (log 0 and -inf - -inf: as torch computes them)
            pos = (rev_lcse(g.clamp(min=0).log() - out) + x).exp()
            neg = (rev_lcse((-g).clamp(min=0).log() - out) + x).exp()
        # at x_j = -inf this is e^(-inf + a finite sum) = 0, or NaN where the sum is inf or NaN (a leading run of
        # -inf, a NaN at or after j), as torch's; the inner uses above take 0 there
        if not ctx.nan_in_leading_run:
            return where(x == float("-inf"), 0.0, pos - neg), None, None
        return pos - neg, None, None


def logcumsumexp(input, dim):
    """log(cumsum(exp(x))) along ``dim``, without overflow or underflow."""
    input = floating_only(input, "logcumsumexp")
    d = one_dim(dim, input.ndim, "logcumsumexp")
    if input.ndim == 0:
        return input.clone()
    return LogCumSumExp.apply(input, d)


METHODS = {"cummax": cummax, "cummin": cummin, "logcumsumexp": logcumsumexp}

__all__ = ["cummax", "cummin", "logcumsumexp"]
