"""Reductions (sum, mean, max, norm...) and the softmax family.

The gradient of a reduction is spread back over the elements that were reduced: ``expand_back``
re-inserts the reduced dims (when ``keepdim=False``) and broadcasts to the input's shape.
Each op's class is followed by its function (``Sum``, then ``sum``) and by what is built from it
(``var`` after ``mean``, ``logsumexp`` after ``amax``).
"""
from __future__ import annotations

import builtins
import warnings

import numpy as np

from .. import backend, dtypes as _dtypes, fast
from ..autograd.function import Op, named
from ..autograd.grad_mode import STATE
from ..tensor import Tensor, _wrap
from ._helpers import (_TORCH_NAMES, NotTensorError, bool_arg, dims_arg, float_input, int_arg, number_arg, one_dim, quiet,
                       return_type, write_out)
from ..backend import array_module
from . import _stdsort
from .index import take_along_dim
from .pointwise import div, maximum, minimum, where
from .shape import cat


NO_DIM = object()       # a dim left out (the whole tensor): torch's prod/median refuse an explicit dim=None


class _KeepdimLeftOut:
    """keepdim's default where dim may be left out: reads as False, and says keepdim was not given (torch's
    ``x.sum(keepdim=False)`` is a TypeError too: that overload has no keepdim)."""
    __slots__ = ()

    def __bool__(self):
        return False

    def __repr__(self):
        return "False"


KEEPDIM = _KeepdimLeftOut()


def keepdim_needs_dim(keepdim, op, fix):
    """sum/mean/prod/median/max/min with dim left out: torch has no keepdim= there (``x.sum(keepdim=True)`` and
    ``x.sum(keepdim=False)`` are TypeErrors)."""
    if keepdim is not KEEPDIM:
        raise TypeError(f"{op}() received an invalid combination of arguments - got keepdim={keepdim!r} but no dim "
                        f"({op}(): keepdim applies to the dims you reduce; {fix})")


def _float_dtype_only(dtype, what):
    """mean/softmax/log_softmax's dtype=: an integer or bool one is torch's NotImplementedError (``what`` says
    which), even for an input that requires grad."""
    d = _dtypes.as_dtype(dtype) if isinstance(dtype, _dtypes.dtype) else None
    if d is not None and not (d.is_floating_point or d.is_complex):
        name = _TORCH_NAMES.get(d.name, d.name)
        raise NotImplementedError(what.format(name) + f" (dtype={d}: give a floating dtype, e.g. minigrad.float64)")


def _to_dtype(input, dtype, op):
    """``dtype=`` of a reduction: the input cast to it first (a clear TypeError when it is not a dtype)."""
    try:
        d = _dtypes.as_dtype(dtype)
    except TypeError:
        raise TypeError(f"{op}(): argument 'dtype' must be a minigrad.dtype (e.g. minigrad.float64), not "
                        f"{dtype!r}") from None
    if STATE.enabled and input.requires_grad and not (d.is_floating_point or d.is_complex):
        raise RuntimeError(f"Autograd not support dtype: {d} ({op}(): an integer or bool result can't carry the "
                           "gradient of an input that requires grad; pass input.detach(), or keep a float dtype)")
    return input.to(d)


def expand_back(g: Tensor, in_shape, dims, keepdim) -> Tensor:
    """Broadcast the gradient of a reduction over ``dims`` back to the input's shape."""
    if not keepdim:
        kshape = tuple(1 if i in dims else s for i, s in enumerate(in_shape))
        g = g.reshape(kshape)
    return g.expand(in_shape)


class Sum(Op):
    """out = Σ x over dims.   d/dx = 1 for every element summed"""

    @staticmethod
    def forward(ctx, x, dims, keepdim):
        ctx.in_shape, ctx.dims, ctx.keepdim = x.shape, dims, keepdim
        out = fast.reduce.sum_trailing_first(x, dims, keepdim)    # normal mode: two contiguous sums
        if out is None:
            out = quiet(x.sum, dims, None, None, keepdim)       # inf + -inf is nan, silently (as torch)
        if x.dtype.kind in "biu":
            out = out.astype(np.int64, copy=False)
        return out

    @staticmethod
    def backward(ctx, g):
        return expand_back(g, ctx.in_shape, ctx.dims, ctx.keepdim), None, None


def sum(input, dim=NO_DIM, keepdim=KEEPDIM, *, dtype=None, axis=None):
    if keepdim is KEEPDIM:
        keepdim = False
    elif dim is NO_DIM and axis is None:
        keepdim_needs_dim(keepdim, "sum", "for every dim kept as size 1 say dim=None: x.sum(None, keepdim=True)")
    dim = axis if dim is NO_DIM or dim is None else dim
    if input.__class__ is not Tensor and isinstance(input, Tensor) and input.dtype.is_complex:
        return input.sum(dim, keepdim)                                      # minigrad/_complex.py
    if dtype is not None:
        input = _to_dtype(input, dtype, "sum")
    if keepdim is not False and keepdim is not True:         # (the identity tests cost nothing)
        bool_arg(keepdim, "sum", "keepdim")
    dims = dims_arg(dim, input._data.ndim, "sum")
    out = Sum.apply(input, dims, keepdim)
    if dtype is not None and out.dtype != input.dtype:     # an int8/int16/bool dtype= is the result's too (wrapping)
        out = out.to(input.dtype)
    return out if dim is None else named(out, "SumBackward1")      # torch's name for sum over dims


class NanSum(Op):
    """out = Σ x over dims, a NaN counted as 0.   d/dx = 1 where x is not NaN, 0 where it is (a factor, as torch's:
    an inf gradient, from nanmean of an all-NaN row, gives NaN there)"""

    @staticmethod
    def forward(ctx, x, dims, keepdim):
        ctx.in_shape, ctx.dims, ctx.keepdim = x.shape, dims, keepdim
        ctx.kept = x == x
        return quiet(array_module(x).where(ctx.kept, x, 0).sum, dims, None, None, keepdim)   # (inf - inf: NaN)

    @staticmethod
    def backward(ctx, g):
        return expand_back(g, ctx.in_shape, ctx.dims, ctx.keepdim) * _wrap(ctx.kept), None, None


def nansum(input, dim=None, keepdim=False, *, dtype=None):
    if dtype is not None:
        input = _to_dtype(input, dtype, "nansum")
    if not input.dtype.is_floating_point:            # (no NaN in an int tensor: its sum, int64 as torch, or dtype=)
        return sum(input, dim, keepdim, dtype=dtype)
    return named(NanSum.apply(input, dims_arg(dim, input._data.ndim, "nansum"), keepdim), "NansumBackward0")


class Mean(Op):
    """out = (1/n) Σ x over dims.   d/dx = 1/n"""

    @staticmethod
    def forward(ctx, x, dims, keepdim):
        ctx.in_shape, ctx.dims, ctx.keepdim = x.shape, dims, keepdim
        n = 1
        for d in dims:
            n *= x.shape[d]
        ctx.n = n
        if n == 0:                              # the mean of nothing: nan, silently (as torch)
            return x.sum(axis=dims, keepdims=keepdim) + float("nan")
        if x.dtype == np.float16:                   # summed in float32, rounded once (torch's 10 × 10000: 10000, not inf)
            return quiet(x.mean, dims, np.float32, None, keepdim).astype(np.float16)
        return quiet(x.mean, dims, x.dtype, None, keepdim)

    @staticmethod
    def backward(ctx, g):
        return expand_back(g / ctx.n, ctx.in_shape, ctx.dims, ctx.keepdim), None, None


def mean(input, dim=NO_DIM, keepdim=KEEPDIM, *, dtype=None, axis=None):
    if keepdim is KEEPDIM:
        keepdim = False
    elif dim is NO_DIM and axis is None:
        keepdim_needs_dim(keepdim, "mean", "for every dim kept as size 1 say dim=None: x.mean(None, keepdim=True)")
    dim = axis if dim is NO_DIM or dim is None else dim
    if input.__class__ is not Tensor and isinstance(input, Tensor) and input.dtype.is_complex:
        return input.mean(dim, keepdim)                                     # minigrad/_complex.py
    if dtype is not None:
        _float_dtype_only(dtype, "mean(): could not infer output dtype. Optional dtype must be either a floating point "
                                 "or complex dtype. Got: {}")
        input = _to_dtype(input, dtype, "mean")
    if input._data.dtype.kind != "f":
        raise NotImplementedError(f"mean(): could not infer output dtype. Input dtype must be either a floating "
                           f"point or complex dtype. Got: {input.dtype}. Use x.float().mean()")
    if keepdim is not False and keepdim is not True:
        bool_arg(keepdim, "mean", "keepdim")
    dims = dims_arg(dim, input._data.ndim, "mean")
    out = Mean.apply(input, dims, keepdim)
    return out if dim is None else named(out, "MeanBackward1")


class Var(Op):
    """out = Σ (x - mean)² / (n - correction) over dims.   d/dx = 2 (x - mean) / (n - correction)

    The sum of squares runs in float64 for float16/32 input (1e20's square overflows float32, 1e-25's
    underflows), and ``std`` is this op with a square root (``Std``) so that a constant input's gradient
    is 0, as torch's, instead of 0/0."""

    @staticmethod
    def forward(ctx, x, dims, correction, keepdim, whole):
        ctx.save_for_backward(x)
        return quiet(_cast, _var_array(ctx, x, dims, correction, keepdim, whole), x.dtype)

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return _var_grad(ctx, x, g), None, None, None, None


def _var_array(ctx, x, dims, correction, keepdim, whole):
    """The variance of array ``x`` in float64 at least (keeping what the backward needs on ``ctx``)."""
    ctx.dims, ctx.correction, ctx.keepdim, ctx.whole = dims, correction, keepdim, whole
    ctx.n = 1
    for d in dims:
        ctx.n *= x.shape[d]
    xp = array_module(x)
    wide = x.astype(np.float64) if x.dtype.itemsize < 8 else x

    def divided():                              # (inf - inf is NaN, silently as torch)
        centered = wide - wide.mean(axis=dims, keepdims=True) if ctx.n else wide
        squares = xp.asarray((centered * centered).sum(axis=dims, keepdims=keepdim))
        return xp.true_divide(squares, builtins.max(ctx.n - correction, 0))
    return quiet(divided)


def _cast(a, dtype):
    return a.astype(dtype, copy=False)          # (beyond float32's range: inf, silently as torch)


def _var_grad(ctx, x, g):
    """torch's var_backward: 2 (x - mean) / (n - correction) · g; with no dof left over the whole tensor,
    g · (inf, or nan where x equals the mean); along dims the factor is not clamped (n < correction: < 0)."""
    dof = ctx.n - ctx.correction
    if ctx.whole and dof <= 0:
        return g * where(x == x.mean(), float("nan"), float("inf")).to(g.dtype)
    if not ctx.keepdim and not ctx.whole:
        g = g.reshape(tuple(1 if i in ctx.dims else s for i, s in enumerate(x.shape)))
    return (2.0 / dof if dof else float("inf")) * g * (x - x.mean(ctx.dims, keepdim=True))


class Std(Op):
    """out = sqrt(var(x)).   d/dx = d var/dx / (2 out), 0 where out is 0 (a constant input)"""

    @staticmethod
    def forward(ctx, x, dims, correction, keepdim, whole):
        out = quiet(_cast, array_module(x).sqrt(_var_array(ctx, x, dims, correction, keepdim, whole)), x.dtype)
        ctx.save_for_backward(x, out)
        return out

    @staticmethod
    def backward(ctx, g):
        x, out = ctx.saved_tensors
        return _var_grad(ctx, x, where(out == 0, 0.0, g / (2 * out))), None, None, None, None


def var(input, dim=None, unbiased=None, keepdim=False, *, correction=None, _op="var"):
    """Variance with Bessel's correction by default (``correction=1``), as torch."""
    dim, unbiased = _unbiased_first(dim, unbiased)
    if keepdim.__class__ is not bool:
        bool_arg(keepdim, _op, "keepdim")
    if unbiased is not None:
        bool_arg(unbiased, _op, "unbiased")
    if correction is not None:
        number_arg(correction, _op, "correction")
    if correction is None:
        correction = 1 if unbiased is None or unbiased else 0
    elif unbiased is not None:
        raise TypeError(f"{_op}(): pass either unbiased= or correction=, not both (got unbiased={unbiased!r}, "
                        f"correction={correction!r}); correction=1 is unbiased=True, correction=0 is unbiased=False")
    if isinstance(input, Tensor) and not input.dtype.is_floating_point:
        raise NotImplementedError(f"std and var only support floating point and complex dtypes (var/std(): got "
                           f"{input.dtype}; convert with .float() first)")
    input = float_input(input, _op)
    dims = dims_arg(dim, input._data.ndim, _op)
    n = 1
    for d in dims:
        n *= input._data.shape[d]
    if n - correction <= 0:
        warnings.warn(f"{_op}(): degrees of freedom is <= 0. Correction should be strictly less than the reduction "
                      f"factor (input numel divided by output numel); the result is nan (here {n} value(s) per "
                      f"output, correction={correction})", UserWarning, stacklevel=2)
    whole = dim is None or input._data.ndim == 0
    out = (Std if _op == "std" else Var).apply(input, dims, correction, keepdim, whole)
    return named(out, "StdBackward0" if _op == "std" else "VarBackward0")


def _unbiased_first(dim, unbiased):
    """torch's overload ``x.std(False)``: a bool in dim's place is ``unbiased`` (the whole tensor reduced)."""
    return (None, dim) if isinstance(dim, bool) and unbiased is None else (dim, unbiased)


def std(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    return var(input, dim, unbiased, keepdim, correction=correction, _op="std")


def var_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    dim, unbiased = _unbiased_first(dim, unbiased)
    return var(input, dim, unbiased, keepdim, correction=correction), _running_mean(input, dim, keepdim)


def std_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    dim, unbiased = _unbiased_first(dim, unbiased)
    return std(input, dim, unbiased, keepdim, correction=correction), _running_mean(input, dim, keepdim)


def _running_mean(input, dim, keepdim):
    """var_mean/std_mean's mean with torch's value: torch takes it in the same pass as the variance, by the running
    update m += (x - m) / k, so an inf met before the last element makes a later step inf - inf: NaN
    (var_mean([1., inf, 2.]) has mean NaN, var_mean([1., 2., inf]) has inf). The gradient is the mean's."""
    out = quiet(mean, input, dim, keepdim)
    x = input._data
    if x.dtype.kind != "f" or x.size == 0:
        return out
    dims = dims_arg(dim, x.ndim, "var_mean")
    xp = input.xp
    rows = xp.moveaxis(x, dims, tuple(range(x.ndim - len(dims), x.ndim)))
    rows = rows.reshape(rows.shape[:x.ndim - len(dims)] + (-1,))          # (a 0-d x: one row of one)
    early_inf = xp.isinf(rows[..., :-1]).any(axis=-1)
    if early_inf.any():
        out._data = xp.where(early_inf.reshape(out._data.shape), xp.nan, out._data).astype(x.dtype)
    return out


class Amax(Op):
    """out = max of x over dims.   d/dx = 1/k at the k elements equal to the max, 0 elsewhere.
    A NaN max: amax gives NaN gradients (nothing equals NaN: 0/0, as torch's amax); the full max()
    (``nan_wins``) shares the gradient among the NaNs, as torch's max()."""

    @staticmethod
    def forward(ctx, x, dims, keepdim, minimum, nan_wins=False):
        out = x.min(axis=dims, keepdims=True) if minimum else x.max(axis=dims, keepdims=True)
        if not keepdim:
            out = out.reshape(tuple(s for i, s in enumerate(x.shape) if i not in dims))
        if builtins.any(ctx.needs_input_grad):
            ctx.save_for_backward(x, out)               # (the output itself: a later in-place change is refused)
        ctx.in_shape, ctx.dims, ctx.keepdim, ctx.nan_wins = x.shape, dims, keepdim, nan_wins
        return out

    @staticmethod
    def backward(ctx, g):
        x, out = ctx.saved_tensors
        if not ctx.keepdim:
            out = out.reshape(tuple(1 if i in ctx.dims else s for i, s in enumerate(x.shape)))
        hit = x == out                                  # out with keepdim: broadcasts
        if ctx.nan_wins:
            hit = hit | x.isnan()                       # a NaN max is NaN only because x holds NaN
        hit = hit.to(g.dtype)                           # (a float16 input gets a float16 gradient)
        share = hit / hit.sum(dim=ctx.dims, keepdim=True)
        return expand_back(g, ctx.in_shape, ctx.dims, ctx.keepdim) * share, None, None, None, None


def _check_nonempty(input, dims, op, all_dims=False):
    if all_dims and input._data.size == 0:
        raise RuntimeError(f"{op}(): Expected reduction dim to be specified for input.numel() == 0. Specify the "
                           f"reduction dim with the 'dim' argument (the input of shape {tuple(input.shape)} is empty)")
    for d in dims:
        if input._data.shape[d] == 0:
            raise IndexError(f"{op}(): expected reduction dim {d} to have non-zero size; input shape "
                             f"{tuple(input.shape)}")
    if input._data.size == 0 and not dims:
        raise RuntimeError(f"{op}(): reduction of an empty tensor")


def amax(input, dim=(), keepdim=False):
    """Max over ``dim`` (all dims when empty); ties share the gradient equally."""
    if keepdim is not False and keepdim is not True:
        bool_arg(keepdim, "amax", "keepdim")
    whole = dim is None or isinstance(dim, (tuple, list)) and not dim
    dims = dims_arg(None if whole else dim, input._data.ndim, "amax")
    _check_nonempty(input, dims, "amax", all_dims=whole)
    return Amax.apply(input, dims, keepdim, False)


def amin(input, dim=(), keepdim=False):
    if keepdim is not False and keepdim is not True:
        bool_arg(keepdim, "amin", "keepdim")
    whole = dim is None or isinstance(dim, (tuple, list)) and not dim
    dims = dims_arg(None if whole else dim, input._data.ndim, "amin")
    _check_nonempty(input, dims, "amin", all_dims=whole)
    return Amax.apply(input, dims, keepdim, True)


max_result = return_type("max", ["values", "indices"])
min_result = return_type("min", ["values", "indices"])
max_min_result = max_result       # (the former name)


_NO_DIM = object()          # max/min's dim when not given: torch has no overload taking dim=None


def max(input, *args, dim=_NO_DIM, keepdim=KEEPDIM, other=None, out=None):
    """``max(x)``: the largest value; ``max(x, dim[, keepdim])`` or ``max(x, dim=d)``: (values, indices) along
    dim; ``max(x, other)`` (a tensor in dim's place, or ``other=``): elementwise maximum."""
    if keepdim.__class__ is not bool and keepdim is not KEEPDIM:
        bool_arg(keepdim, "max", "keepdim")
    return _max_or_min(input, args, _given_dim(dim, "max"), keepdim, other, out, "max")


def min(input, *args, dim=_NO_DIM, keepdim=KEEPDIM, other=None, out=None):
    if keepdim.__class__ is not bool and keepdim is not KEEPDIM:
        bool_arg(keepdim, "min", "keepdim")
    return _max_or_min(input, args, _given_dim(dim, "min"), keepdim, other, out, "min")


def _given_dim(dim, op):
    if dim is None:
        raise TypeError(f"{op}() received an invalid combination of arguments - got (dim=NoneType): dim must be an "
                        f"int (use {op}(input) for the whole tensor)")
    return None if dim is _NO_DIM else dim


def _max_or_min(input, args, dim, keepdim, other, out, op):
    """torch's overloads of max/min: a tensor given in dim's place is ``other`` (elementwise), while ``dim=``
    by keyword is always a dim (a 0-d integer tensor names one, as torch)."""
    given = keepdim is not KEEPDIM
    if not given:
        keepdim = False
    if args:
        if len(args) > 2 or (dim is not None and not isinstance(args[0], Tensor)) or args[0] is None:
            got = ", ".join(type(a).__name__ for a in args) + (", dim=" if dim is not None else "")
            raise TypeError(f"{op}() received an invalid combination of arguments - got ({got}) after the input "
                            f"(use {op}(input) for the whole tensor, {op}(input, dim, keepdim) with an int dim, or "
                            f"{op}(input, other))")
        if isinstance(args[0], Tensor) and len(args) == 1 and dim is None:
            other = args[0]
        else:
            dim = args[0]
            if len(args) == 2:
                keepdim = args[1]
    elif isinstance(dim, Tensor):
        if dim.ndim != 0 or dim.dtype.is_floating_point or dim.dtype.is_complex or dim.dtype == _dtypes.bool:
            raise TypeError(f"{op}() received an invalid combination of arguments - got (dim=Tensor of shape "
                            f"{tuple(dim.shape)} and dtype {dim.dtype}): dim= takes an int (or a 0-d integer "
                            f"tensor); for an elementwise {op} pass the tensor as other=")
        dim = int(dim.item())
    if other is not None:
        if dim is not None or given:
            raise TypeError(f"{op}(): an elementwise {op} with other= takes no dim or keepdim (give one or the other)")
        dim = other
    if out is not None:          # (values, indices) only into tensors of their own dtypes; elementwise: a safe cast
        return write_out(_max_or_min(input, (dim, keepdim), None, False, None, None, op), out, op,
                         exact=isinstance(dim, int))
    if isinstance(dim, Tensor):
        return (maximum if op == "max" else minimum)(input, dim)
    if dim is None:
        if given:
            keepdim_needs_dim(keepdim, op, f"give a dim, or reshape the {op}imum: x.{op}().reshape([1] * x.dim())")
        _check_nonempty(input, tuple(range(input._data.ndim)), op, all_dims=True)
        return named(Amax.apply(input, tuple(range(input._data.ndim)), False, op == "min", True),
                     "MaxBackward1" if op == "max" else "MinBackward1")
    return _max_dim(input, dim, keepdim, op)


def _max_dim(input, dim, keepdim, op):
    if keepdim is not False and keepdim is not True:
        bool_arg(keepdim, op, "keepdim")
    d = one_dim(dim, input._data.ndim, op)
    if input._data.ndim == 0:
        return (max_result if op == "max" else min_result)(input.clone(), _wrap(input.xp.zeros((), np.int64)))
    _check_nonempty(input, (d,), op)
    idx = _arg(input, d, True, "argmin" if op == "min" else "argmax")
    values = take_along_dim(input, idx, d, op.capitalize(), _squeeze=not keepdim)     # (one node, as torch's)
    if not keepdim:
        idx = idx.squeeze(d)
    return (max_result if op == "max" else min_result)(named(values, op.capitalize() + "Backward0"), idx)


def argmax(input, dim=None, keepdim=False):
    """Index of the max (first one on ties), over the flattened tensor when dim is None."""
    if keepdim.__class__ is not bool:
        bool_arg(keepdim, "argmax", "keepdim")
    return _arg(input, dim, keepdim, "argmax", public=True)


def argmin(input, dim=None, keepdim=False):
    if keepdim.__class__ is not bool:
        bool_arg(keepdim, "argmin", "keepdim")
    return _arg(input, dim, keepdim, "argmin", public=True)


def _arg(input, dim, keepdim, op, public=False):
    if public and input._data.dtype.kind == "b":         # (max(dim)/min(dim) of bools are fine)
        raise NotImplementedError(f"{op}(): does not support bool input; convert it with .int() first")
    x = input._data
    if dim is None:
        if x.size == 0:
            raise IndexError(f"{op}(): Expected reduction dim to be specified for input.numel() == 0; "
                             f"pass dim= (the input of shape {tuple(input.shape)} is empty)")
        r = getattr(x.reshape(-1), op)()
        out = _wrap(input.xp.asarray(r, dtype=np.int64).reshape((1,) * x.ndim if keepdim else ()))
        return out
    d = one_dim(dim, x.ndim, op)
    if x.ndim == 0:
        return _wrap(input.xp.zeros((), np.int64))
    _check_nonempty(input, (d,), op)
    r = getattr(x, op)(axis=d, keepdims=keepdim)
    return _wrap(input.xp.asarray(r, dtype=np.int64))


def logsumexp(input, dim, keepdim=False):
    """log Σ exp(x) along dim, computed stably (shifted by the max)."""
    if keepdim.__class__ is not bool:
        bool_arg(keepdim, "logsumexp", "keepdim")
    if dim is None:                             # (torch's dim is required: None is not "all dims" here)
        raise TypeError("logsumexp(): argument 'dim' (position 1) must be tuple of ints, not NoneType (logsumexp(): "
                        "give the dims to reduce, e.g. x.logsumexp(dim=-1), or all of them: tuple(range(x.dim())))")
    input = float_input(input, "logsumexp")
    dims = dims_arg(dim, input._data.ndim, "logsumexp")
    if 0 in [input._data.shape[d] for d in dims]:            # an empty sum: log 0 = -inf, as torch
        return input.sum(dims, keepdim=keepdim) + float("-inf")      # (a zero gradient for the empty input)
    return Logsumexp.apply(input, dims, keepdim)


class Logsumexp(Op):
    """out = log Σ exp(x) over dims, computed as m + log Σ exp(x - m) (m: the max, 0 where it is ±inf).
    d/dx = exp(x - out), the softmax of x (NaN where out is ±inf, as torch)"""

    @staticmethod
    def forward(ctx, x, dims, keepdim):
        ctx.dims, ctx.keepdim = dims, keepdim
        xp = array_module(x)
        m = x.max(axis=dims, keepdims=True)
        m = xp.where(xp.abs(m) == xp.inf, 0, m).astype(x.dtype, copy=False)
        out = quiet(lambda: xp.log(xp.exp(x - m).sum(axis=dims, keepdims=True)) + m)
        if not keepdim:
            out = out.reshape(tuple(s for i, s in enumerate(x.shape) if i not in dims))
        ctx.save_for_backward(x, out)
        return out

    @staticmethod
    def backward(ctx, g):
        x, out = ctx.saved_tensors
        if not ctx.keepdim:             # (the saved output: differentiable again, for double backward)
            kshape = tuple(1 if i in ctx.dims else s for i, s in enumerate(x.shape))
            g, out = g.reshape(kshape), out.reshape(kshape)
        return g * (x - out).exp(), None, None


class Prod(Op):
    """out = Π x over dim.   d/dx_i = Π_{j≠i} x_j: out / x_i when no x is 0 (as torch, whose choice this is at
    inf and NaN), else the products before and after i (no division); over the whole tensor with two or more
    zeros, 0 (torch's shortcut, outside create_graph)"""

    @staticmethod
    def forward(ctx, x, dim, keepdim):
        ctx.dim, ctx.keepdim = dim, keepdim
        out = quiet(x.prod) if dim is None else quiet(x.prod, dim, None, None, keepdim)     # (0 · inf: NaN, silently)
        if x.dtype.kind in "biu":
            out = out.astype(np.int64, copy=False)
        ctx.save_for_backward(x, out)
        return out

    @staticmethod
    def backward(ctx, g):
        x, out = ctx.saved_tensors
        if x.dim() == 0:                        # a 0-d tensor (prod(x, 0)): its own product, gradient g
            return g, None, None
        dim = ctx.dim
        flat = dim is None
        if not flat and not ctx.keepdim:
            g, out = g.unsqueeze(dim), out.unsqueeze(dim)
        n_zeros = int((x == 0).sum())
        if n_zeros == 0:
            return g * (out / x), None, None
        if flat and n_zeros > 1 and not STATE.enabled:
            return x.new_zeros(tuple(x.shape)), None, None
        if flat:
            shape = x.shape
            x = x.reshape(-1)
            dim = 0
        if x.shape[dim] == 0:                   # an empty product (1): no element to send a gradient to
            gx = g.expand(x.shape)
            return (gx.reshape(shape) if flat else gx), None, None
        gx = g * products_of_the_others(x, dim)
        return (gx.reshape(shape) if flat else gx), None, None


def products_of_the_others(x, dim):
    """Π_{k≠j} x_k along ``dim`` for every j, without dividing (zeros allowed): the product of everything
    before j times everything after it, two exclusive cumulative products (differentiable again)."""
    ones = x.narrow(dim, 0, 1).new_ones(tuple(x.narrow(dim, 0, 1).shape))
    before = cat([ones, x.narrow(dim, 0, x.shape[dim] - 1)], dim).cumprod(dim)
    after = cat([x.narrow(dim, 1, x.shape[dim] - 1), ones], dim).flip(dim).cumprod(dim).flip(dim)
    return before * after


def prod(input, dim=NO_DIM, keepdim=KEEPDIM, *, dtype=None):
    if dim is None:
        raise TypeError("prod() received an invalid combination of arguments - got dim=None, but expected one of: "
                        "(*, torch.dtype dtype = None), (int dim, bool keepdim = False, *, torch.dtype dtype = None) "
                        "(prod(): leave dim out for the product of all elements)")
    if keepdim is KEEPDIM:
        keepdim = False
    elif dim is NO_DIM:
        keepdim_needs_dim(keepdim, "prod", "give a dim, or reshape the product: x.prod().reshape([1] * x.dim())")
    if keepdim.__class__ is not bool:
        bool_arg(keepdim, "prod", "keepdim")
    if dtype is not None:
        input = _to_dtype(input, dtype, "prod")
    d = None if dim is NO_DIM else one_dim(dim, input._data.ndim, "prod")
    out = Prod.apply(input, d, keepdim)
    if dtype is not None and out.dtype != input.dtype:     # (as sum's: the result in dtype=, wrapping)
        out = out.to(input.dtype)
    return out if d is None else named(out, "ProdBackward1")


class Cumsum(Op):
    """out_i = Σ_{j<=i} x_j.   d/dx_j = Σ_{i>=j} g_i (a reversed cumsum)"""

    @staticmethod
    def forward(ctx, x, dim):
        ctx.dim = dim
        out = quiet(x.cumsum, dim)                   # (inf + -inf, overflow: NaN / inf silently, as torch)
        if x.dtype.kind in "biu":
            out = out.astype(np.int64, copy=False)
        elif x.dtype.kind == "f":
            out += 0.0                                # (torch's running sum starts at +0.0: never -0.0)
        return out

    @staticmethod
    def backward(ctx, g):
        return g.flip(ctx.dim).cumsum(ctx.dim).flip(ctx.dim), None


def _no_bool_scan(input, op):
    if input._data.dtype == np.bool_:
        raise NotImplementedError(f"\"{op}_out_cpu\" not implemented for 'Bool' ({op}(): dtype=torch.bool has no running "
                                  "sum or product; use dtype=torch.int64)")


def cumsum(input, dim, *, dtype=None):
    if dtype is not None:
        input = _to_dtype(input, dtype, "cumsum")
        _no_bool_scan(input, "cumsum")
    if input._data.ndim == 0:
        one_dim(dim, 0, "cumsum")
        return cumsum(input.reshape(1), 0).reshape(())
    out = Cumsum.apply(input, one_dim(dim, input._data.ndim, "cumsum"))
    return out if dtype is None or out.dtype == input.dtype else out.to(input.dtype)   # (dtype=int32 stays int32)


class Cumprod(Op):
    """out_i = Π_{j<=i} x_j.   d/dx_j = Σ_{i>=j} g_i·out_i / x_j  (zeros handled without dividing by them)"""

    @staticmethod
    def forward(ctx, x, dim):
        out = quiet(x.cumprod, dim, np.int64 if x.dtype.kind in "biu" else None)    # (uint8: int64, not uint64)
        ctx.save_for_backward(x, out)
        ctx.dim = dim
        return out

    @staticmethod
    def backward(ctx, g):
        x, out = ctx.saved_tensors
        d = ctx.dim
        if x.shape[d] == 1:                            # out = x (torch passes g on, even at inf)
            return g, None
        zero = x == 0
        if STATE.enabled and bool(zero.any()):       # create_graph: a form that differentiates right at zeros too
            return _cumprod_grad_by_pairs(x, g, d), None
        seen = zero.long().cumsum(d)
        before = seen == 0                             # positions before the first zero
        first = zero & (seen == 1)
        # before the first zero only the products up to it count (the later ones are 0, or NaN where an inf
        # meets the zero: left out, as torch); after it the gradient is 0
        safe = where(zero, 1.0, x)
        grad = where(before, where(before, g * out, 0.0).flip(d).cumsum(d).flip(d) / safe, 0.0)
        # at the first zero of a row the formula above would divide 0 by 0; there
        # d/dx_z = Π_{k<z} x_k · Σ_{i>=z} g_i Π_{z<k<=i} x_k  (later zeros make their terms 0)
        # (the sum runs up to the next zero: torch's masks, which turn an inf there into NaN, kept)
        after_prod = where((seen == 1) & ~first, x, 1.0).cumprod(d)     # Π_{z<k<=i} x_k for z <= i < next zero
        prefix = where(before, x, 1.0).prod(d, keepdim=True)           # Π_{k<z} x_k
        at_first = prefix * (after_prod * where(seen == 1, g, 0.0)).sum(d, keepdim=True)
        return where(first, at_first, grad), None


def _cumprod_grad_by_pairs(x, g, d):
    """d/dx_j = Σ_{i>=j} g_i · Π_{k<=i, k≠j} x_k, from an n×n table of products with x_j left out (no division and
    no masking of a zero's own entry, so a double backward sees every term; n² memory, used under create_graph)."""
    xm, gm = x.movedim(d, -1), g.movedim(d, -1)
    n = xm.shape[-1]
    k = _wrap(xm.xp.arange(n))
    left_out = where(k.unsqueeze(0) == k.unsqueeze(1), 1.0, xm.unsqueeze(-2))        # [..., j, k]: x_k, 1 at k = j
    table = left_out.cumprod(-1)                                                      # [..., j, i]: Π_{k<=i, k≠j} x_k
    grad = (where(k.unsqueeze(0) >= k.unsqueeze(1), table, 0.0) * gm.unsqueeze(-2)).sum(-1)
    return grad.movedim(-1, d)


def cumprod(input, dim, *, dtype=None):
    if dtype is not None:
        input = _to_dtype(input, dtype, "cumprod")
        _no_bool_scan(input, "cumprod")
    if input._data.ndim == 0:
        one_dim(dim, 0, "cumprod")
        return cumprod(input.reshape(1), 0).reshape(())
    out = Cumprod.apply(input, one_dim(dim, input._data.ndim, "cumprod"))
    return out if dtype is None or out.dtype == input.dtype else out.to(input.dtype)   # (dtype=int32 stays int32)


class Norm(Op):
    """out = (Σ |x|^p)^(1/p).   d/dx = sign(x)·|x|^(p-1) / out^(p-1)  (p=2: x/out; 0 where out = 0, and for p < 1
    where x = 0; p=0, a count: none)"""

    @staticmethod
    def forward(ctx, x, p, dims, keepdim):
        xp = array_module(x)
        x0 = x
        if x.dtype == np.float16:               # float16: in float32, rounded once (torch's norm of 10 × 300: 948.5)
            x = x.astype(np.float32)
        a = xp.abs(x)
        if p == 2:
            out = quiet(lambda: xp.sqrt((x * x).sum(axis=dims, keepdims=True)))     # (1e30² in float32: inf, silently)
        elif p == float("inf"):
            out = a.max(axis=dims, keepdims=True)
        elif p == float("-inf"):
            out = a.min(axis=dims, keepdims=True)
        elif p == 1:
            out = a.sum(axis=dims, keepdims=True)
        elif p == 0:
            out = (x != 0).sum(axis=dims, keepdims=True).astype(x.dtype)
        else:
            out = quiet(lambda: (a ** p).sum(axis=dims, keepdims=True) ** (1.0 / p))   # (p < 0 and a zero: inf, 0)
        out = quiet(out.astype, x0.dtype)                 # (a float16 norm past 65504: inf, silently)
        if not keepdim:
            out = out.reshape(tuple(s for i, s in enumerate(x.shape) if i not in dims))
        ctx.save_for_backward(x0, out)            # the output itself, so second derivatives see it
        ctx.p, ctx.dims, ctx.keepdim, ctx.in_shape = p, dims, keepdim, x.shape
        return out

    @staticmethod
    def backward(ctx, g):
        x, out = ctx.saved_tensors
        p = ctx.p
        if p == 0:                               # a count: no gradient at all (None, as torch's)
            return None, None, None, None
        g = expand_back(g, ctx.in_shape, ctx.dims, ctx.keepdim)
        out = expand_back(out, ctx.in_shape, ctx.dims, ctx.keepdim)
        if p == 2:
            scale = x / where(out == 0, 1.0, out)
        elif p == 1:
            scale = x.sign()
        elif p in (float("inf"), float("-inf")):
            hit = x.abs() == out                 # (none where out is NaN: a zero gradient there, as torch)
            scale = x.sign() * hit / hit.sum(dim=ctx.dims, keepdim=True).clamp(min=1)
        else:                                    # sign(x)·|x|^(p-1) / out^(p-1), as torch's norm_backward:
            with np.errstate(invalid="ignore", divide="ignore"):
                scale = x.sign() * x.abs() ** (p - 1)
            if p < 1:                            # |0|^(p-1) is inf: 0 where x is 0 (and where out is 0)
                scale = where(x == 0, 0.0, scale) * out ** (1 - p)
            else:
                scale = scale / where(out == 0, 1.0, out) ** (p - 1)
        return g * scale, None, None, None


def norm(input, p="fro", dim=None, keepdim=False, dtype=None):
    """Vector p-norm over ``dim`` (all elements by default); ``'fro'`` is the 2-norm of all entries."""
    if keepdim.__class__ is not bool:
        bool_arg(keepdim, "norm", "keepdim")
    if isinstance(dim, (Tensor, np.integer)):   # (torch's norm takes len(dim): an int, a tuple or a list only)
        raise TypeError(f"norm(): dim must be an int, a tuple or a list of ints, not {type(dim).__name__}; pass "
                        "int(dim)")
    _float_only(input, "norm", NotImplementedError, dtype_hint=False)    # (even with a float dtype=, as torch)
    if dtype is not None:
        input = _to_dtype(input, norm_dtype(input, dtype, "linalg.vector_norm"), "norm")
    if p == "fro" or p is None:
        p = 2
    elif p == "nuc":                            # the sum of the singular values of the matrices over dim
        return _nuclear_norm(input, dim, keepdim)
    elif isinstance(p, str):
        raise RuntimeError(f"norm(): Order {p!r} not supported; use a number, inf or 'fro'")
    elif isinstance(p, Tensor):
        number_arg(p, "linalg_vector_norm", "ord", 2)     # (one element: read as its number)
        p = p.item()
    dims = dims_arg(dim, input._data.ndim, "norm")
    if (p < 0 or p == float("inf")) and builtins.any(input._data.shape[d] == 0 for d in dims):
        where_ = "an empty tensor" if dim is None else f"the dimension {dims} because it is empty"
        raise RuntimeError(f"linalg.vector_norm cannot compute the {p:g} norm on {where_}, because the operation "
                           "does not have an identity (norm(): a min/max or negative-power norm of no elements)")
    return named(Norm.apply(input, float(p), dims, keepdim), "LinalgVectorNormBackward0")


def _nuclear_norm(input, dim, keepdim):
    from .linalg_decomp import svdvals          # (linear algebra sits above the reductions)
    nd = input._data.ndim
    dims = (-2, -1) if dim is None and nd == 2 else dim
    if not isinstance(dims, (tuple, list)) or len(dims) != 2:
        raise RuntimeError(f"norm(p='nuc'): linalg.matrix_norm: dim must be a 2-tuple, got {dim!r} for an input of "
                           f"shape {tuple(input.shape)}; pass dim=(row_dim, col_dim)")
    d0, d1 = one_dim(dims[0], nd, "norm"), one_dim(dims[1], nd, "norm")
    out = svdvals(input.movedim((d0, d1), (-2, -1))).sum(-1)
    for d in sorted((d0, d1)) if keepdim else ():
        out = out.unsqueeze(d)
    return out


def _float_only(x, op, error=RuntimeError, dtype_hint=True):
    """torch's kernels are 'not implemented' for integers (NotImplementedError; for norm since torch 2.15,
    a RuntimeError before: NotImplementedError is one, so ``except RuntimeError`` still catches it)."""
    if not isinstance(x, Tensor):
        raise NotTensorError(f"{op}(): expected a Tensor, got {type(x).__name__}; convert it with torch.as_tensor(...)")
    if x._data.dtype.kind != "f":
        raise error(f"{op}(): expected a floating-point tensor, got {x.dtype}; convert it with .float()"
                    + (" (or pass dtype=minigrad.float32)" if dtype_hint else ""))


def norm_dtype(x, dtype, op):
    """dtype= of a norm of the float tensor ``x``, as torch allows it: a real floating dtype that x widens into
    (float32 -> float64, not float64 -> float32)."""
    d = _dtypes.as_dtype(dtype)
    if not d.is_floating_point:
        kind = "real for real inputs" if d.is_complex else "floating point or complex"
        raise RuntimeError(f"{op}: dtype should be {kind}, but got {d} (dtype= of a norm is the float dtype to "
                           "compute in, e.g. minigrad.float64)")
    if _dtypes.promote_types(x.dtype, d) != d:
        raise RuntimeError(f"{op}: the dtype of the input ({x.dtype}) should be convertible without narrowing to the "
                           f"specified dtype ({d}); cast the input first: x.to({d})")
    return d


def _softmax_array(x, dim):
    if x.size == 0:                                                   # nothing to normalise: empty, as torch
        return x.copy()
    e = array_module(x).exp(x - x.max(axis=dim, keepdims=True))      # shifted: never overflows
    return e / e.sum(axis=dim, keepdims=True)


def _log_softmax_array(x, dim):
    if x.size == 0:
        return x.copy()
    xp = array_module(x)
    shifted = x - x.max(axis=dim, keepdims=True)
    return shifted - xp.log(xp.exp(shifted).sum(axis=dim, keepdims=True))


_F16 = np.dtype(np.float16)


class Softmax(Op):
    """out = e^x / Σ e^x along dim.   backward: out·(g - Σ g·out)"""

    @staticmethod
    def forward(ctx, x, dim):
        if x.dtype == _F16:                   # float16: computed in float32, rounded once (as torch)
            out = quiet(_softmax_array, x.astype(np.float32), dim).astype(x.dtype)
        else:
            out = quiet(_softmax_array, x, dim)   # a row of -inf (a masked-out query) is 0/0: NaN, silently as torch
        ctx.save_for_backward(out)
        ctx.dim = dim
        return out

    @staticmethod
    def backward(ctx, g):
        out, = ctx.saved_tensors
        if out._data.dtype == _F16:
            o, g32 = out.float(), g.float()
            return (o * (g32 - (g32 * o).sum(dim=ctx.dim, keepdim=True))).to(out.dtype), None
        return out * (g - (g * out).sum(dim=ctx.dim, keepdim=True)), None


def softmax(input, dim=None, dtype=None, _stacklevel=3):
    if dtype is not None:
        _float_dtype_only(dtype, '"softmax_kernel_impl" not implemented for \'{}\'')
        input = _to_dtype(input, dtype, "softmax")
    _float_only(input, "softmax", NotImplementedError)
    if input._data.ndim == 0:                   # a single value: as a vector of one (dim 0 or -1)
        _softmax_dim(input, dim, "softmax")
        return softmax(input.reshape(1), 0).reshape(())
    return Softmax.apply(input, _softmax_dim(input, dim, "softmax"))


def _softmax_dim(x, dim, op):
    if dim is None:           # torch's legacy implicit choice
        dim = 0 if x._data.ndim in (0, 1, 3) else 1
    return one_dim(dim, x._data.ndim, op)


class LogSoftmax(Op):
    """out = x - log Σ e^x along dim.   backward: g - softmax(x)·Σ g"""

    @staticmethod
    def forward(ctx, x, dim):
        if x.dtype == _F16:                   # float16: computed in float32, rounded once (as torch)
            out = quiet(_log_softmax_array, x.astype(np.float32), dim).astype(x.dtype)
        else:
            out = quiet(_log_softmax_array, x, dim)
        ctx.save_for_backward(out)
        ctx.dim = dim
        return out

    @staticmethod
    def backward(ctx, g):
        out, = ctx.saved_tensors
        if out._data.dtype == _F16:
            g32 = g.float()
            return (g32 - out.float().exp() * g32.sum(dim=ctx.dim, keepdim=True)).to(out.dtype), None
        return g - out.exp() * g.sum(dim=ctx.dim, keepdim=True), None


def log_softmax(input, dim=None, dtype=None, _stacklevel=3):
    if dtype is not None:
        _float_dtype_only(dtype, '"log_softmax_kernel_impl" not implemented for \'{}\'')
        input = _to_dtype(input, dtype, "log_softmax")
    _float_only(input, "log_softmax", NotImplementedError)
    if input._data.ndim == 0:                   # a single value: as a vector of one (dim 0 or -1)
        _softmax_dim(input, dim, "log_softmax")
        return log_softmax(input.reshape(1), 0).reshape(())
    return LogSoftmax.apply(input, _softmax_dim(input, dim, "log_softmax"))


def tensor_softmax(input, dim, dtype=None):
    """``torch.softmax`` and ``Tensor.softmax``: ``dim`` is required (only ``F.softmax`` guesses one)."""
    _dim_given(dim, "softmax")
    return softmax(input, dim, dtype)


def tensor_log_softmax(input, dim, dtype=None):
    """``torch.log_softmax`` and ``Tensor.log_softmax``: ``dim`` is required."""
    _dim_given(dim, "log_softmax")
    return log_softmax(input, dim, dtype)


tensor_softmax.__name__ = tensor_softmax.__qualname__ = "softmax"      # (as the errors and help() name them)
tensor_log_softmax.__name__ = tensor_log_softmax.__qualname__ = "log_softmax"


def _dim_given(dim, op):
    if dim is None:
        raise TypeError(f"{op}(): argument 'dim' must be int, not NoneType (pass the dimension to normalise over, "
                        f"e.g. x.{op}(dim=-1))")


# =============================================================================================
# Boolean reductions and sorting (no op of their own; sort's values are gathered by index)
# =============================================================================================
def any(input, dim=None, keepdim=False):
    if keepdim.__class__ is not bool:
        bool_arg(keepdim, "any", "keepdim")
    empty = isinstance(dim, (tuple, list)) and len(dim) == 0           # dim=(): no reduction (torch), unlike sum's
    dims = () if empty else dims_arg(dim, input._data.ndim, "any")
    out = input.xp.asarray(input._data.any(axis=dims, keepdims=keepdim))
    return _wrap(out.astype(np.uint8) if input._data.dtype == np.uint8 else out)     # (uint8 in, uint8 out: torch)


def all(input, dim=None, keepdim=False):
    if keepdim.__class__ is not bool:
        bool_arg(keepdim, "all", "keepdim")
    empty = isinstance(dim, (tuple, list)) and len(dim) == 0           # dim=(): no reduction (torch), unlike sum's
    dims = () if empty else dims_arg(dim, input._data.ndim, "all")
    out = input.xp.asarray(input._data.all(axis=dims, keepdims=keepdim))
    return _wrap(out.astype(np.uint8) if input._data.dtype == np.uint8 else out)


def count_nonzero(input, dim=None):
    dims = dims_arg(dim, input._data.ndim, "count_nonzero")
    return _wrap(input.xp.asarray((input._data != 0).sum(axis=dims), dtype=np.int64))


sort_result = return_type("sort", ["values", "indices"])
topk_result = return_type("topk", ["values", "indices"])


def argsort(input, dim=-1, descending=False, stable=False):
    """Indices that sort ``input`` along ``dim``. Equal values keep their order with ``stable=True`` (and
    up to 16 elements); otherwise they come in torch's CPU order (``_stdsort``: std::sort replayed, for up
    to ``_stdsort.MAX_REPLAYED`` elements of rows with ties per call)."""
    d = one_dim(dim, input._data.ndim, "argsort")
    bool_arg(descending, "argsort", "descending")
    x = input._data
    if x.ndim == 0:
        return _wrap(input.xp.zeros((), np.int64))
    key = (~x if x.dtype.kind in "biu" else -x) if descending else x      # (~: no wrap of uint8 or int8's -128)
    idx = backend.stable_argsort(key, d)
    if descending and x.dtype.kind == "f":              # NaN counts as the largest value (torch): first
        xp = input.xp
        nan_first = xp.take_along_axis(~xp.isnan(x), idx, d)
        if not nan_first.all():
            idx = xp.take_along_axis(idx, backend.stable_argsort(nan_first, d), d)
    if not stable and input.xp is np:                   # torch's unstable order among equal values (CPU)
        idx = _stdsort.torch_cpu_sort_order(x, idx, d, descending)
    return _wrap(idx.astype(np.int64, copy=False))


def sort(input, dim=-1, descending=False, stable=False):
    """(values, indices) sorted along ``dim``; the values carry the gradient (an indexing op)."""
    bool_arg(descending, "sort", "descending")
    if stable is not None and stable.__class__ is not bool:
        raise TypeError(f"sort() received an invalid combination of arguments - got stable={type(stable).__name__} "
                        "(sort(): argument 'stable' must be bool or None)")
    idx = argsort(input, dim, descending, stable)
    if input._data.ndim == 0:
        return sort_result(input.clone(), idx)
    return sort_result(named(take_along_dim(input, idx, dim), "SortBackward0"), idx)


def topk(input, k, dim=-1, largest=True, sorted=True):
    """The ``k`` largest (or smallest) values along ``dim`` and their indices. Among equal values the
    indices come in torch's CPU order (``_stdsort``: the C++ library's unstable selection, replayed), for
    up to ``_stdsort.MAX_REPLAYED`` elements of rows with ties per call; past that, in index order."""
    d = one_dim(dim, input._data.ndim, "topk")
    if input._data.dtype.kind == "b":
        raise NotImplementedError("topk(): does not support bool dtypes on CPU; convert the tensor with .int() first")
    bool_arg(largest, "topk", "largest")
    bool_arg(sorted, "topk", "sorted")
    k = int_arg(k, "topk", "k", 1)
    n = input._data.shape[d] if input._data.ndim else 1
    if not 0 <= k <= n:
        raise RuntimeError(f"topk(): k ({k}) is out of range for dimension {d} of size {n}; k must be in [0, {n}]")
    first = fast.sorting.topk_indices(input._data, k, d, largest)   # normal mode: a partition, not a whole sort
    if first is not None:
        idx = _wrap(first)
    else:
        idx = argsort(input, d, descending=largest, stable=True)
        idx = idx.narrow(d, 0, k) if input._data.ndim else idx
    if input.xp is np and input._data.ndim:        # equal values: their indices in torch's CPU order
        idx = _wrap(_stdsort.torch_cpu_order(input._data, idx._data, k, d, largest, sorted))
    return topk_result(named(take_along_dim(input, idx, d), "TopkBackward0"), idx)
