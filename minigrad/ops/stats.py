"""Order statistics and NaN-aware reductions: median, nanmedian, kthvalue, mode, quantile, nanquantile,
nanmean, aminmax, msort.

Each finds its positions with array code on a stable sort (so ties resolve as torch's do) and reads
the values by indexing, so the gradient goes to the element(s) each value came from.
"""
from __future__ import annotations


import numbers

import numpy as np

from .. import backend
from ..autograd.function import Op
from ..autograd.grad_mode import no_grad
from ..tensor import Tensor, _wrap
from . import _stdsort
from .. import dtypes as _dtypes
from ._helpers import _TORCH_NAMES, bool_arg, int_arg, one_dim, return_type, tensor_arg
from .reduce import KEEPDIM, NO_DIM, keepdim_needs_dim

median_result = return_type("median", ["values", "indices"])
kthvalue_result = return_type("kthvalue", ["values", "indices"])
mode_result = return_type("mode", ["values", "indices"])
aminmax_result = return_type("aminmax", ["min", "max"])


def _rows(x, dim):
    """x's data with ``dim`` last, as (M, n), and a function putting (M,) results back in shape."""
    a = x.xp.moveaxis(x._data, dim, -1)
    lead = a.shape[:-1]
    return a.reshape(-1, a.shape[-1]), lead


def _no_bool(x, op):
    if x._data.dtype.kind == "b":
        raise NotImplementedError(f"\"{op}_cpu\" not implemented for 'Bool' ({op}(): convert the bool tensor with "
                                  ".int() first)")


def _pick(input, dim, keepdim, pos_of_row, result, torch_order=None):
    """values/indices at a per-row position of the stable ascending sort along ``dim``. ``torch_order``:
    "sort" (the row's order is torch's unstable CPU sort, as mode's) or "select" (the index is the one
    torch's quickselect leaves, as kthvalue's) where equal values make the choice."""
    x = input
    d = one_dim(dim, x.ndim, "median") if x.ndim else 0
    if x.ndim == 0:
        return result(x.clone(), _wrap(x.xp.zeros((), np.int64)))
    rows, lead = _rows(x, d)
    xp = x.xp
    order = backend.stable_argsort(rows, 1)                         # NaNs sort last, in their order
    if torch_order == "sort" and xp is np:
        order = _stdsort.torch_cpu_sort_order(rows, order, 1, False, plain_less=True)
    srt = xp.take_along_axis(rows, order, 1)
    pos = pos_of_row(srt)                                            # (M,)
    idx = xp.take_along_axis(order, pos[:, None], 1)[:, 0]
    if torch_order == "select" and xp is np:
        idx = _stdsort.torch_cpu_kth_index(rows, pos, idx)
    idx = idx.reshape(lead)
    idx_t = _wrap(idx.astype(np.int64))
    values = x.gather(d, idx_t.unsqueeze(d))
    if not keepdim:
        values = values.squeeze(d)
    else:
        idx_t = idx_t.unsqueeze(d)
    return result(values, idx_t)


def _nan_count(srt):
    return srt.shape[1] - (srt == srt).sum(1) if srt.dtype.kind == "f" else 0 * srt[:, 0]


class TiedValue(Op):
    """out = v, a value of x picked by a whole-tensor median.
    d/dx = 1/k at each of the k elements equal to v (each NaN when v is NaN), 0 elsewhere: tied elements
    share the gradient, as torch's (with a dim, the one element at the returned index gets it all)."""

    @staticmethod
    def forward(ctx, x, v):
        ctx.tied = (x == v) | ((x != x) & (v != v))
        ctx.k = int(ctx.tied.sum())
        return v.copy()

    @staticmethod
    def backward(ctx, g):
        return g * ctx.tied / ctx.k, None


def _whole_median(x, op):
    """median()/nanmedian() of every element: the value from the dim-0 version, the gradient shared by ties."""
    flat = x.reshape(-1)
    if flat.numel() == 0:                          # the median of nothing: nan (and an empty gradient), as torch
        return flat.sum() + float("nan")
    with no_grad():
        v = (median if op == "median" else nanmedian)(flat, 0).values
    return TiedValue.apply(flat, v._data)


def _dim_given(dim, keepdim, op):
    """median/nanmedian: a dim is an int, or left out for the whole tensor (torch refuses dim=None); keepdim, False
    when left out."""
    if dim is None:
        raise TypeError(f"{op}(): argument 'dim' must be int, not NoneType ({op}(): leave dim out for the median "
                        "of all elements)")
    if keepdim is KEEPDIM:
        return False
    if dim is NO_DIM:
        keepdim_needs_dim(keepdim, op, f"give a dim, or reshape the median: x.{op}().reshape([1] * x.dim())")
    return keepdim


def median(input, dim=NO_DIM, keepdim=KEEPDIM):
    """The lower median (the ((n-1)//2)-th smallest; NaN if there is one). With ``dim``: (values, indices)."""
    x = tensor_arg(input, "median")
    keepdim = _dim_given(dim, keepdim, "median")
    if dim is not NO_DIM:
        _check_nonempty(x, dim, "median")
    _no_bool(x, "median")
    if dim is NO_DIM:
        return _whole_median(x, "median")

    def pos(srt):
        n = srt.shape[1]
        nan = _nan_count(srt)
        return x.xp.where(nan > 0, n - nan, (n - 1) // 2)
    return _pick(x, dim, keepdim, pos, median_result)


def nanmedian(input, dim=NO_DIM, keepdim=KEEPDIM):
    """The lower median of the non-NaN values (NaN if all are NaN)."""
    x = tensor_arg(input, "nanmedian")
    keepdim = _dim_given(dim, keepdim, "nanmedian")
    if dim is not NO_DIM:
        _check_nonempty(x, dim, "nanmedian")
    _no_bool(x, "nanmedian")
    if dim is NO_DIM:
        return _whole_median(x, "nanmedian")

    def pos(srt):
        valid = srt.shape[1] - _nan_count(srt)
        return x.xp.maximum((valid - 1) // 2, 0)
    return _pick(x, dim, keepdim, pos, median_result)


def kthvalue(input, k, dim=-1, keepdim=False):
    """The k-th smallest value (k from 1) along ``dim`` and its index."""
    x = tensor_arg(input, "kthvalue")
    _no_bool(x, "kthvalue")
    k = int_arg(k, "kthvalue", "k", 1)
    bool_arg(keepdim, "kthvalue", "keepdim", 3)
    d = one_dim(dim, x.ndim, "kthvalue")
    n = x.shape[d] if x.ndim else 1
    if n == 0:
        raise IndexError(f"kthvalue(): Expected reduction dim {d} to have non-zero size (the input of shape "
                         f"{tuple(x.shape)} is empty there)")
    if not 1 <= k <= n:
        raise RuntimeError(f"kthvalue(): selected number k out of range for dimension {dim} (k = {k}, size {n}); k "
                           f"must be in [1, {n}]")
    return _pick(x, dim, keepdim, lambda srt: x.xp.full(srt.shape[0], k - 1, dtype=np.int64), kthvalue_result,
                 "select")


def mode(input, dim=-1, keepdim=False):
    """The most frequent value along ``dim`` (the smallest among equally frequent ones) and the index of
    its last occurrence."""
    x = tensor_arg(input, "mode")
    bool_arg(keepdim, "mode", "keepdim", 3)
    xp = x.xp

    def pos(srt):
        m, n = srt.shape
        new_run = xp.concatenate([xp.ones((m, 1), bool), srt[:, 1:] != srt[:, :-1]], 1)
        run = xp.cumsum(new_run, 1) - 1                              # run number of each position
        counts = xp.bincount((run + xp.arange(m)[:, None] * n).reshape(-1), minlength=m * n).reshape(m, n)
        size = xp.take_along_axis(counts, run, 1)                   # the length of each position's run
        best = size.max(1)
        first = xp.argmax(size == best[:, None], 1)                 # the smallest value with the top count
        return first + best - 1                                      # the run's last (latest) element
    _check_nonempty(x, dim, "mode")
    return _pick(x, dim, keepdim, pos, mode_result, "sort")


def _check_nonempty(x, dim, op):
    d = one_dim(dim, x.ndim, op)                   # (a 0-d tensor takes dim 0 or -1 only, as torch)
    if x.ndim and x.shape[d] == 0:
        raise IndexError(f"{op}(): Expected reduction dim {dim} to have non-zero size.")


def _quantile(input, q, dim, keepdim, interpolation, ignore_nan, op):
    x = tensor_arg(input, op)
    if not x.dtype.is_floating_point or x.dtype.itemsize < 4:                   # (float16 too, as torch)
        raise RuntimeError(f"{op}() input tensor must be either float or double dtype (got {x.dtype})")
    if interpolation not in ("linear", "lower", "higher", "midpoint", "nearest"):
        raise RuntimeError(f"{op}() interpolation must be one of linear, lower, higher, midpoint or nearest. Got "
                           f"{interpolation}")
    scalar_q = not isinstance(q, Tensor)
    if scalar_q and not isinstance(q, numbers.Real):
        raise TypeError(f"{op}(): argument 'q' must be a float or a Tensor, not {type(q).__name__} (wrap a list: "
                        "torch.tensor(q, dtype=input.dtype))")
    if not scalar_q and q.dtype != x.dtype:
        raise RuntimeError(f"quantile() q tensor must be same dtype as the input tensor ({op}(): q is {q.dtype}, "
                           f"input {x.dtype}; use q.to(input.dtype))")
    qs = np.atleast_1d(np.asarray(q.tolist() if isinstance(q, Tensor) else q, dtype=np.float64))
    if isinstance(q, Tensor) and q.ndim > 1:
        raise RuntimeError(f"{op}() q must be a scalar or 1D tensor")
    if ((qs < 0) | (qs > 1)).any():
        raise RuntimeError(f"{op}() q values must be in the range [0, 1]")
    if dim is None:
        src, d = x.reshape(-1), 0
    else:
        src, d = x, one_dim(dim, x.ndim, op)
    if src.ndim == 0:
        src, d = src.reshape(1), 0
    if src.shape[d] == 0:
        raise RuntimeError(f"quantile() input tensor must be non-empty ({op}(): got shape {tuple(x.shape)})")
    xp = x.xp
    srt = src.sort(d, stable=True).values.movedim(d, -1)              # (..., n), NaNs last
    n = srt.shape[-1]
    raw = srt._data
    nan = (raw != raw).sum(-1, keepdims=True)                          # (..., 1)
    valid = (n - nan) if ignore_nan else xp.full_like(nan, n)
    qs = qs.astype(raw.dtype).astype(np.float64)      # q in x's dtype, as torch: 0.7 in float32 is 0.69999999 (so
    qv = backend.to_device(qs.reshape((-1,) + (1,) * (srt.ndim - 1) + (1,)), x.device)  # 'nearest' of 0.7·5 picks 3)
    rank = qv * xp.maximum(valid - 1, 0)                                # (Q, ..., 1)
    bad = (nan > 0) if not ignore_nan else (valid == 0)                # a NaN in the slice (all NaN: nanquantile)
    rank = xp.where(bad, n - 1, rank)            # as torch: read the last sorted element, a NaN (value and gradient)
    if interpolation == "lower":
        rank = xp.floor(rank)
    elif interpolation == "higher":
        rank = xp.ceil(rank)
    elif interpolation == "nearest":
        rank = xp.round(rank)
    lo = xp.floor(rank).astype(np.int64)
    hi = xp.minimum(xp.ceil(rank).astype(np.int64), n - 1)
    weight = rank - lo if interpolation != "midpoint" else xp.where(hi > lo, 0.5, 0.0)
    expanded = srt.unsqueeze(0).expand((len(qs),) + tuple(srt.shape))
    shape = (len(qs),) + tuple(srt.shape[:-1]) + (1,)
    v_lo = expanded.gather(-1, _wrap(xp.broadcast_to(lo, shape)))
    v_hi = expanded.gather(-1, _wrap(xp.broadcast_to(hi, shape)))
    out = (v_lo + (v_hi - v_lo) * _wrap(xp.broadcast_to(weight, shape).astype(raw.dtype))).squeeze(-1)  # (Q, ...)
    if keepdim:
        if dim is None:
            out = out.reshape((len(qs),) + (1,) * x.ndim)
        else:
            out = out.unsqueeze(d + 1)
    return out.squeeze(0) if scalar_q or (isinstance(q, Tensor) and q.ndim == 0) else out


def quantile(input, q, dim=None, keepdim=False, *, interpolation="linear"):
    """The q-th quantiles along ``dim`` (of all elements when None); q a number or a 1-D tensor (then the
    quantiles come first). NaN where a slice holds a NaN."""
    return _quantile(input, q, dim, keepdim, interpolation, False, "quantile")


def nanquantile(input, q, dim=None, keepdim=False, *, interpolation="linear"):
    """quantile ignoring NaNs (NaN only where a slice is all NaN)."""
    return _quantile(input, q, dim, keepdim, interpolation, True, "nanquantile")


def nanmean(input, dim=None, keepdim=False, *, dtype=None):
    """The mean of the non-NaN values."""
    x = tensor_arg(input, "nanmean")
    if keepdim.__class__ is not bool:
        bool_arg(keepdim, "nanmean", "keepdim")
    if isinstance(dtype, str):
        raise TypeError(f"nanmean(): argument 'dtype' must be torch.dtype, not {type(dtype).__name__} (e.g. "
                        "dtype=torch.float64)")
    if not x.dtype.is_floating_point:                   # (before dtype='s own check, as torch)
        raise NotImplementedError(f"nanmean(): expected input to have floating point or complex dtype but got "
                                  f"{str(x.dtype)} (convert it with .float())")
    if dtype is not None:
        dtype = _dtypes.as_dtype(dtype)
        if not dtype.is_floating_point:
            raise RuntimeError(f"nanmean(): could not infer output dtype. Optional dtype must be either a floating "
                               f"point or complex dtype. Got: {_TORCH_NAMES.get(dtype.name, dtype.name)} (use a float "
                               "dtype, e.g. torch.float64)")
    keep = ~x.isnan()
    if dim is None and not keepdim:
        total, count = x.nansum(), keep.sum()
    else:                                   # (dim=None with keepdim=True: every dim kept as 1, as torch)
        dim = tuple(range(x.dim())) if dim is None else dim
        total, count = x.nansum(dim, keepdim=keepdim), keep.sum(dim, keepdim=keepdim)
    out = total / count
    return out.to(dtype) if dtype is not None else out


def aminmax(input, *, dim=None, keepdim=False):
    """(min, max) together."""
    x = tensor_arg(input, "aminmax")
    if keepdim.__class__ is not bool:
        bool_arg(keepdim, "aminmax", "keepdim")
    if isinstance(dim, Tensor) and dim._data.size == 1 and dim._data.dtype.kind in "iu":
        dim = int(dim.item())                  # (a one-element integer tensor reads as its value, as torch)
    if dim is not None and (isinstance(dim, bool) or not isinstance(dim, numbers.Integral)):
        raise TypeError(f"aminmax(): argument 'dim' must be int, not {type(dim).__name__} (call aminmax once per "
                        "dim, or use amin/amax, which take a tuple of dims)")
    if dim is None:
        if x.numel() == 0:
            raise RuntimeError("aminmax(): cannot compute aminmax over an empty dimension as the operation has no "
                               f"identity (the input of shape {tuple(x.shape)} is empty)")
        return aminmax_result(x.amin(), x.amax()) if not keepdim else \
            aminmax_result(x.amin(tuple(range(x.ndim)), keepdim=True), x.amax(tuple(range(x.ndim)), keepdim=True))
    return aminmax_result(x.amin(dim, keepdim), x.amax(dim, keepdim))


def msort(input):
    """input sorted along dim 0."""
    return tensor_arg(input, "msort").sort(0).values


METHODS = {"median": median, "nanmedian": nanmedian, "kthvalue": kthvalue, "mode": mode, "quantile": quantile,
           "nanquantile": nanquantile, "nanmean": nanmean, "aminmax": aminmax, "msort": msort}
