"""Scatter with a reduction, index_copy/index_fill/index_reduce, and scatter's ``reduce=`` forms.

``ScatterReduce`` combines the elements of ``src`` into ``input`` at the positions ``index`` names
along ``dim`` (sum, prod, mean, amax or amin; ``include_self=False`` leaves the old values of the
positions written to out of the reduction). Its backward follows torch's: the gradient of a
position goes to every element that took part (split evenly among the tied maxima for amax/amin,
divided by the count for mean, times the product of the others for prod).
"""
from __future__ import annotations

import numbers

import numpy as np

from .. import backend, dtypes
from ..autograd.function import Op
from ..factories import full, zeros_like
from ..tensor import Tensor, _wrap
from ._helpers import cast, one_dim, quiet, tensor_arg, to_scalar
from .index import (IndexPut, _as_one, _check_scatter, _zero_d_on_vector, along_dim_key, gather, scatter as _scatter,
                    scatter_add)
from .inplace import check_no_overlap, run_inplace
from .pointwise import ctx_xp, where

REDUCTIONS = ("sum", "prod", "mean", "amax", "amin")


class ScatterReduce(Op):
    """out = input with out[index[i][j]][j] ⊕= src[i][j] (dim 0; ⊕ = sum/prod/mean/amax/amin).
    d/dinput, d/dsrc: g sent to every element that took part in a position's reduction (see module doc)"""

    @staticmethod
    def forward(ctx, x, index, src, dim, reduce, include_self):
        ctx.dim, ctx.reduce, ctx.include_self = dim, reduce, include_self
        out, count = _scatter_reduce_array(x, index, src, dim, reduce, include_self)
        ctx.save_for_backward(x, index, src, out, count)
        return out

    @staticmethod
    def backward(ctx, g):
        x, index, src, out, count = ctx.saved_tensors
        d, reduce, include_self = ctx.dim, ctx.reduce, ctx.include_self
        if reduce == "sum":
            gx, gs = g, gather(g, d, index)
        elif reduce == "mean":
            share = g / count.clamp(min=1)
            gx, gs = share, gather(share, d, index)
        elif reduce == "prod":
            # zeros need care: divide by an element only where it is not 0 (torch's formulas)
            safe_x = where(x == 0, 1.0, x)
            gx = g * scatter_reduce(safe_x, d, index, src, "prod", include_self=include_self) / safe_x
            src_zero = src == 0
            n_zero = scatter_add(zeros_like(x), d, index, src_zero.to(x.dtype)).detach()     # (x * 0: NaN at inf)
            single = src_zero & (gather(n_zero, d, index) == 1)
            others = scatter_reduce(x, d, index, where(single, 1.0, src), "prod", include_self=include_self)
            gs = where(single, gather(g * others, d, index), gather(g * out, d, index) / where(src_zero, 1.0, src))
        else:                                            # amax / amin: split among the elements that tie
            x_wins = (x == out).to(g.dtype)
            s_wins = (src == gather(out, d, index)).to(g.dtype)
            # (as torch, an old value equal to the result counts in the split even when include_self=False)
            n = scatter_add(x_wins, d, index, s_wins).detach()
            # (where the result is NaN nothing ties: 0/0 = NaN, torch's gradient there)
            gx, gs = x_wins / n * g, s_wins / gather(n, d, index) * gather(g, d, index)
        if not include_self:                             # the old values at written positions were dropped
            gx = where(count == 0, gx, 0.0)
        return (gx if ctx.needs_input_grad[0] else None, None, gs if ctx.needs_input_grad[2] else None,
                None, None, None)


def scatter_reduce(input, dim, index, src, reduce, *, include_self=True):
    """out = input, then each src[i][j] combined into out[index[i][j]][j] (dim 0) with ``reduce``:
    'sum', 'prod', 'mean', 'amax' or 'amin'. ``include_self=False``: written positions start empty."""
    if not isinstance(reduce, str):
        raise TypeError(f"scatter_reduce(): argument 'reduce' (position 4) must be str, not {type(reduce).__name__} "
                        "(give 'sum', 'prod', 'mean', 'amax' or 'amin')")
    reduce = {"max": "amax", "min": "amin"}.get(reduce, reduce)          # torch accepts these two too
    if include_self is not True and include_self is not False:
        raise TypeError(f"scatter_reduce(): argument 'include_self' must be bool, not {type(include_self).__name__}")
    if reduce not in REDUCTIONS:
        raise RuntimeError(f"scatter_reduce(): reduce argument must be either sum, prod, mean, amax or amin, got "
                           f"{reduce!r}")
    if _zero_d_on_vector(input, index, src):
        return scatter_reduce(input, dim, _as_one(index), _as_one(src), reduce, include_self=include_self)
    input, d, idx = _check_scatter(input, dim, index, src, "scatter_reduce")
    src = tensor_arg(src, "scatter_reduce")
    if tuple(src.shape) != tuple(idx.shape):
        src = src[tuple(slice(0, s) for s in idx.shape)]
    if input.ndim == 0:
        return scatter_reduce(input.reshape(1), 0, index.reshape(1), src.reshape(1), reduce,
                              include_self=include_self).reshape(())
    return ScatterReduce.apply(input, _wrap(idx), src, d, reduce, include_self)



def _scatter_reduce_array(x, index, src, dim, reduce, include_self):
    """The forward, on arrays: (result, how many src elements reached each position)."""
    xp = ctx_xp(x)
    key = along_dim_key(index, dim, xp)
    count = xp.zeros(x.shape, x.dtype)
    backend.scatter_add(count, key, xp.ones(index.shape, x.dtype))
    written = count > 0
    out = x.copy()
    if reduce in ("sum", "mean"):
        if not include_self:
            out[written] = 0
        quiet(backend.scatter_add, out, key, src)         # (inf + -inf, inf * 0: NaN silently, as torch)
        if reduce == "mean":
            n = count + (1 if include_self else 0)
            if out.dtype.kind == "f":
                out = xp.where(written, out / xp.maximum(n, 1), out).astype(x.dtype, copy=False)
            else:
                out = xp.where(written, out // xp.maximum(n, 1).astype(out.dtype), out)
            count = n * written                       # the divisor each position used (0: untouched)
    else:
        ufunc = {"prod": xp.multiply, "amax": xp.maximum, "amin": xp.minimum}[reduce]
        if not include_self:
            if reduce == "prod":
                fill = 1
            elif x.dtype.kind == "f":
                fill = -np.inf if reduce == "amax" else np.inf
            else:
                info = np.iinfo(x.dtype) if x.dtype.kind in "iu" else None
                fill = (info.min if reduce == "amax" else info.max) if info else (reduce == "amin")
            out[written] = fill
        quiet(_ufunc_at, ufunc, out, key, src)
    return out, count


def _ufunc_at(ufunc, out, key, src):
    """``ufunc.at(out, key, src)`` (unbuffered: repeated positions combine); where the array library
    lacks it for this ufunc, the same on the host and back."""
    try:
        ufunc.at(out, key, src)
    except (AttributeError, NotImplementedError, TypeError):
        host = backend.to_numpy(out)
        getattr(np, ufunc.__name__).at(host, tuple(backend.to_numpy(k) for k in key), backend.to_numpy(src))
        out[...] = backend.to_device(host, backend.device_of(out))


def scatter(input, dim, index, src=None, value=None, *, reduce=None):
    """out = input with out[index[i][j]][j] = src[i][j] (dim 0); ``src`` may be a number;
    ``reduce`` 'add' or 'multiply' combines instead of replacing."""
    if not isinstance(index, Tensor):
        raise TypeError(f"scatter(): argument 'index' (position 2) must be Tensor, not {type(index).__name__} (give "
                        "an int64 tensor of the input's rank)")
    if src is not None and value is not None:
        raise TypeError("scatter(): got both src and value (a fourth positional argument?); give one of them")
    if src is None:
        src = value
    if src is None:
        raise TypeError("scatter(): expected a src tensor or a value")
    if reduce is not None and not isinstance(reduce, str):
        raise TypeError(f"scatter(): argument 'reduce' must be str, not {type(reduce).__name__} (give 'add' or "
                        "'multiply')")
    if reduce is None:
        return _scatter(input, dim, index, src)
    if reduce not in ("add", "multiply"):
        raise RuntimeError(f"scatter(): reduce argument must be either add or multiply, got {reduce!r}")
    if not isinstance(src, Tensor):
        src = full(tuple(index.shape), to_scalar(src), dtype=input.dtype, device=input.device)
    return scatter_reduce(input, dim, index, src, "sum" if reduce == "add" else "prod")


def _index_key(input, dim, index, op, count=None):
    """(input, dim, the flat index array) for the index_* ops; ``count``: the number of indices the source
    holds along dim (torch compares it before it reads the indices)."""
    input = tensor_arg(input, op)
    d = one_dim(dim, input.ndim, op)
    if not isinstance(index, Tensor):
        raise TypeError(f"{op}(): argument 'index' (position 2) must be Tensor, not {type(index).__name__} (give "
                        "the indices as a 1-D int64 tensor, e.g. torch.tensor([0, 2]))")
    if index.dtype.is_floating_point or index.dtype.name == "bool":
        if op == "index_fill":                          # (torch's classes differ by op)
            raise IndexError(f"index_fill_(): Expected dtype int64 for index, got {index.dtype}")
        raise RuntimeError(f"{op}(): Expected a long tensor for index, but got {index.dtype}")
    if op == "index_fill" and index.dtype.name != "int64":
        raise IndexError(f"index_fill_(): Expected dtype int64 for index. (got {index.dtype}; use index.long())")
    if index.ndim > 1:
        error = RuntimeError if op == "index_fill" else IndexError          # (torch: "Index has to be a vector")
        raise error(f"{op}(): Index is supposed to be a vector (1-D), got shape {tuple(index.shape)} (Index has "
                    "to be a vector/scalar)")
    idx = backend.to_device(index._data.reshape(-1), input.device)
    if count is not None and idx.size != count:
        raise RuntimeError(f"{op}_(): Number of indices ({idx.size}) should be equal to source.size(dim): ({count}), "
                           f"for dim: {d} ({op}(): one index per slice of the source)")
    n = input.shape[d] if input.ndim else 1
    if idx.size and (int(idx.min()) < -n or int(idx.max()) >= n):
        raise IndexError(f"{op}(): index out of range for dimension {d} with size {n} (indices from "
                         f"{int(idx.min())} to {int(idx.max())})")
    return input, d, idx


def index_copy(input, dim, index, source):
    """out = input with the slices index[i] along ``dim`` replaced by source's slice i."""
    input, source = tensor_arg(input, "index_copy"), tensor_arg(source, "index_copy")
    if input.ndim and source.ndim and source.ndim != input.ndim:      # (torch's checks, before the indices')
        raise IndexError(f"index_copy_(): When source and destination are not scalars, their dimensionality must "
                         f"match. Source dimensionality ({source.ndim}), destination dimensionality ({input.ndim}) "
                         f"(index_copy(): source {tuple(source.shape)}, self {tuple(input.shape)})")
    d = one_dim(dim, max(input.ndim, 1), "index_copy")
    for j, (a, b) in enumerate((a, b) for i, (a, b) in enumerate(zip(input.shape, source.shape)) if i != d):
        if a != b:
            raise RuntimeError(f"index_copy_(): Source/destination tensor must have same slice shapes. Destination "
                               f"slice shape: {a} at dimension {j} and source slice shape: {b} at dimension {j}. "
                               f"(index_copy(): source {tuple(source.shape)}, self {tuple(input.shape)}, dim {d})")
    input, d, idx = _index_key(input, dim, index, "index_copy")
    if source.dtype != input.dtype:
        raise RuntimeError(f"index_copy(): self and source expected to have the same dtype, but got (self) "
                           f"{input.dtype} and (source) {source.dtype}")
    if input.ndim == 0:
        return index_copy(input.reshape(1), 0, index, source.reshape(1)).reshape(())
    expected = list(input.shape)
    expected[d] = idx.size
    if source.ndim == input.ndim and source.shape[d] != idx.size:
        raise IndexError(f"index_copy(): number of indices ({idx.size}) should be equal to source.size(dim) "
                         f"({source.shape[d]}) (dim {d}, source {tuple(source.shape)})")
    if tuple(source.shape) != tuple(expected):
        raise RuntimeError(f"index_copy(): source {tuple(source.shape)} must have the shape {tuple(expected)} "
                           f"(self {tuple(input.shape)} with dim {d} of size {idx.size} = len(index))")
    return IndexPut.apply(input, source, (slice(None),) * d + (idx,))


def index_fill(input, dim, index, value):
    """out = input with the slices index[i] along ``dim`` set to ``value`` (a number or a 0-d tensor)."""
    input, d, idx = _index_key(input, dim, index, "index_fill")
    if isinstance(value, Tensor):
        if value.ndim:
            raise RuntimeError(f"index_fill_ only supports a 0-dimensional value tensor, but got tensor with "
                               f"{value.ndim} dimension(s) (index_fill(): value of shape {tuple(value.shape)}; give "
                               "a number or a 0-d tensor, e.g. value.item() or value[0])")
        value = cast(value, input.dtype)
    elif not isinstance(value, numbers.Number):
        raise TypeError(f"index_fill(): argument 'value' must be a number or a 0-d Tensor, not {type(value).__name__}")
    else:
        value = to_scalar(value)
        if input._data.dtype.kind in "iuf":
            value = dtypes.check_fits(value, input._data.dtype, "index_fill()")
    if input.ndim == 0:
        return index_fill(input.reshape(1), 0, index, value).reshape(())
    idx = backend.array_module(idx).unique(idx % input.shape[d])    # a slice named twice (-1 and n-1 too) is filled
    #                                       once: value's gradient counts it once, as torch
    return IndexPut.apply(input, value, (slice(None),) * d + (idx,))


def index_reduce(input, dim, index, source, reduce, *, include_self=True):
    """scatter_reduce with whole slices: slice i of ``source`` along ``dim`` is combined into slice
    index[i] of ``input`` ('prod', 'mean', 'amax' or 'amin')."""
    if not isinstance(reduce, str):
        raise TypeError(f"index_reduce_(): argument 'reduce' (position 4) must be str, not {type(reduce).__name__} "
                        "(give 'prod', 'mean', 'amax' or 'amin')")
    if reduce not in ("prod", "mean", "amax", "amin"):
        raise RuntimeError(f"index_reduce(): reduce argument must be one of prod, mean, amax or amin, got {reduce!r}")
    source = tensor_arg(source, "index_reduce")
    d = one_dim(dim, max(source.ndim, 1), "index_reduce")
    if isinstance(input, Tensor) and (input.ndim != source.ndim or any(
            a != b for i, (a, b) in enumerate(zip(input.shape, source.shape)) if i != d)):
        raise RuntimeError(f"source tensor shape must match self tensor shape, excluding the specified dimension. Got "
                           f"self.shape = {list(input.shape)} source.shape = {list(source.shape)} (index_reduce())")
    input, d, idx = _index_key(input, dim, index, "index_reduce", count=source.shape[d] if source.ndim else 1)
    shape = [1] * source.ndim
    shape[d] = -1
    full_index = _wrap(idx.reshape(shape)).expand(tuple(source.shape))
    return scatter_reduce(input, d, full_index, source, reduce, include_self=include_self)


def _inplace(fn, name, overlap=True):
    def method(self, *args, **kwargs):
        if overlap:                             # (torch's: not even self as the source)
            check_no_overlap(self, args + tuple(kwargs.values()), name)
        return run_inplace(self, lambda t, _: fn(t, *args, **kwargs), None, name)
    method.__name__ = name
    return method


def scatter_(self, dim, index, src=None, value=None, *, reduce=None):
    """In place: scatter (with reduce='add'/'multiply' and a number for src, as torch's scatter_)."""
    return run_inplace(self, lambda t, s: scatter(t, dim, index, s, reduce=reduce),
                       src if src is not None else value, "scatter_", overlap="full")


METHODS = {
    "scatter_reduce": scatter_reduce, "scatter": scatter, "scatter_": scatter_, "index_copy": index_copy,
    "index_fill": index_fill,
    "index_reduce": index_reduce, "scatter_reduce_": _inplace(scatter_reduce, "scatter_reduce_"),
    "index_copy_": _inplace(index_copy, "index_copy_"), "index_fill_": _inplace(index_fill, "index_fill_", False),
    "index_reduce_": _inplace(index_reduce, "index_reduce_"),
}
