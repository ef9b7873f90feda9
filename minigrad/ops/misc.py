"""Odds and ends torch code reaches for: NaN-aware max/min, nan_to_num, float_power, ldexp, signbit,
heaviside, gcd/lcm, frexp, nextafter; index_put, masked_scatter, put; and the searching/counting
functions unique, unique_consecutive, searchsorted, bucketize, bincount, histc, isin.

The differentiable ones are compositions of ops (where, pow, IndexPut, ScatterInto), so their
gradients come from those; the counting ones return integer tensors (no gradient, as torch).
"""
from __future__ import annotations

import math
import numbers

import numpy as np

from .. import backend, dtypes
from ..autograd.function import Op, _first_mismatch, named
from ..tensor import Tensor, _wrap
from ._helpers import (_TORCH_NAMES, bool_arg, cast, common_float, fit_float, float_input, int_arg, no_bool, number_arg,
                       one_dim, operands, return_type, sum_to, tensor_arg, tensor_args, tensor_list, tensor_other, to_scalar,
                       type_name)
from .compare import isneginf, isposinf
from .index import IndexPut, ScatterInto
from .inplace import check_no_overlap, run_inplace
from .pointwise import _both_tensors, ctx_xp, trunc, where


# ---------------------------------------------------------------------------------------------
# Elementwise
# ---------------------------------------------------------------------------------------------
def _pair(a, b, op):
    a, b = operands(a, b, op)
    return _both_tensors(a, b, op)


def fmax(input, other):
    """The larger of the two, ignoring a NaN (NaN only where both are). d/da = 1 where a wins, 1/2 at a
    tie (as maximum), 1 where b is NaN (both NaN: a), else 0 (torch >= 2.15; 2.13 gave a tie's gradient
    all to a, 2.14 gave a NaN position's gradient to both)."""
    a, b = _pair(tensor_arg(input, "fmax"), tensor_other(other, "fmax"), "fmax")
    return where(b.isnan(), a, where(a.isnan(), b, a.maximum(b)))


def fmin(input, other):
    """The smaller of the two, ignoring a NaN (NaN only where both are). d/da = 1 where a wins, 1/2 at a
    tie (as minimum), 1 where b is NaN (both NaN: a), else 0 (torch >= 2.15, as fmax)."""
    a, b = _pair(tensor_arg(input, "fmin"), tensor_other(other, "fmin"), "fmin")
    return where(b.isnan(), a, where(a.isnan(), b, a.minimum(b)))


def nan_to_num(input, nan=0.0, posinf=None, neginf=None):
    """NaN -> ``nan``, +inf -> ``posinf`` (the dtype's largest), -inf -> ``neginf`` (its lowest)."""
    x = tensor_arg(input, "nan_to_num")
    for name, v in (("nan", nan), ("posinf", posinf), ("neginf", neginf)):
        if v is not None and not isinstance(v, numbers.Real) and not (isinstance(v, Tensor) and v.numel() == 1):
            raise TypeError(f"nan_to_num(): argument '{name}' must be float, not {type(v).__name__} ({v!r}; give a "
                            "number or None)")
    if not x.dtype.is_floating_point:
        return x.clone()
    nan = 0.0 if nan is None else nan                    # (None: the default, as torch's nan_to_num(x, None))
    info = np.finfo(x._data.dtype)
    posinf = float(info.max) if posinf is None else posinf
    neginf = float(info.min) if neginf is None else neginf
    nan, posinf, neginf = (fit_float(v, x._data.dtype) if type(v) is float else v for v in (nan, posinf, neginf))
    return where(x.isnan(), nan, where(x == float("inf"), posinf, where(x == float("-inf"), neginf, x)))


def float_power(input, exponent):
    """input ** exponent computed in float64 (as torch)."""
    f64 = dtypes.float64
    a = cast(input, f64) if isinstance(input, Tensor) else float(input)
    b = cast(exponent, f64) if isinstance(exponent, Tensor) else float(exponent)
    return a ** b if isinstance(a, Tensor) else b.__rpow__(a)


def ldexp(input, other):
    """input · 2^other (a float result, promoted as torch's input * 2.0 ** other: an int input with a 0-d float64
    exponent is float64)."""
    x, other = tensor_arg(input, "ldexp"), tensor_other(other, "ldexp")
    if other._data.dtype == np.bool_ and x._data.dtype.kind == "f":
        raise NotImplementedError("\"ldexp_cpu_exp\" not implemented for 'Bool' (ldexp(): give integer or float "
                                  "exponents, e.g. other.int())")
    x = cast(x, common_float(x, other)) if x._data.dtype.kind != "f" else x     # (int with half: half, as torch)
    if other._data.dtype.kind in "iu":              # an integer exponent: 2^other in input's float dtype
        other = cast(other, x.dtype)
    out = x * (2.0 ** other)
    return out if out.dtype.is_floating_point else float_input(out, "ldexp")


def _no_grad_unary(x, f):
    return _wrap(f(x._data))


def signbit(input):
    """True where the sign bit is set (negative numbers and -0.0)."""
    x = tensor_arg(input, "signbit")
    return _no_grad_unary(x, lambda a: x.xp.signbit(a))


class NoDerivative(Op):
    """out = a value computed from the inputs that torch gives no derivative for (heaviside): the output is
    part of the graph, and backward raises, as torch's does."""

    @staticmethod
    def forward(ctx, value, name, *inputs):
        ctx.op_name = name
        return value

    @staticmethod
    def backward(ctx, g):
        raise RuntimeError(f"the derivative for '{ctx.op_name}' is not implemented")


def _graph_value(value, name, *inputs):
    """``value`` (an array) as a tensor recorded in the graph when an input requires grad."""
    return NoDerivative.apply(value, name, *inputs)


def heaviside(input, values):
    """0 for x < 0, 1 for x > 0, ``values`` where x == 0 (no gradient, as torch)."""
    a, b = tensor_arg(input, "heaviside"), tensor_arg(values, "heaviside")
    if a.dtype != b.dtype:
        raise RuntimeError(f"heaviside is not yet implemented for tensors with different dtypes ({a.dtype} and "
                           f"{b.dtype})")
    try:
        np.broadcast_shapes(tuple(a.shape), tuple(b.shape))
    except ValueError:
        raise RuntimeError(f"{_first_mismatch([a, b])}heaviside(): the shapes {tuple(a.shape)} and {tuple(b.shape)} "
                           "cannot be broadcast together") from None
    xp = a.xp
    out = xp.where(a._data == 0, b._data, (a._data > 0).astype(a._data.dtype))
    return _graph_value(xp.asarray(out, dtype=a._data.dtype), "heaviside", a, b)


def _int_binary(input, other, op, fn):
    a, b = _pair(input, other, op)
    dt = dtypes.result_type(a, b)                   # (a bool joined with an int computes in the int, as torch)
    if dt.is_floating_point or dt.name == "bool":
        raise NotImplementedError(f'"{op}_cpu" not implemented for \'{_TORCH_NAMES[dt.name]}\'; {op} needs integer '
                                  'tensors')
    xp = a.xp
    return _wrap(xp.asarray(fn(xp)(a._data.astype(dt.np), b._data.astype(dt.np))))


def gcd(input, other):
    return _int_binary(tensor_arg(input, "gcd"), tensor_other(other, "gcd"), "gcd", lambda xp: xp.gcd)


def lcm(input, other):
    return _int_binary(tensor_arg(input, "lcm"), tensor_other(other, "lcm"), "lcm", lambda xp: xp.lcm)


class Nextafter(Op):
    """out = the next float after a in the direction of b (b itself where a = b).
    d/da = 1 where a != b, 0 where a = b;  d/db = 0 (as torch)"""

    @staticmethod
    def forward(ctx, a, b):
        ctx.shapes = a.shape, b.shape
        ctx.save_for_backward(a, b)
        return ctx_xp(a, b).nextafter(a, b)

    @staticmethod
    def backward(ctx, g):
        a, b = ctx.saved_tensors
        return sum_to(where(a == b, 0.0, g), ctx.shapes[0]), sum_to(g * 0.0, ctx.shapes[1])


def nextafter(input, other):
    """The next representable float after input towards other (no gradient)."""
    a, b = _pair(tensor_arg(input, "nextafter"), tensor_other(other, "nextafter"), "nextafter")
    if a._data.dtype.kind != "f" and b._data.dtype.kind != "f":     # (no float operand: torch has no kernel)
        name = _TORCH_NAMES[(b if a._data.dtype.kind == "b" else a)._data.dtype.name]
        raise NotImplementedError(f"\"nextafter_cpu\" not implemented for '{name}' (nextafter(): give float tensors)")
    return Nextafter.apply(a, b)


_FREXP = return_type("frexp", ["mantissa", "exponent"])


def frexp(input):
    """(mantissa, exponent) with input = mantissa · 2^exponent, |mantissa| in [0.5, 1)."""
    x = tensor_arg(input, "frexp")
    if not x.dtype.is_floating_point:
        raise RuntimeError(f"torch.frexp() only supports floating-point dtypes, got {x.dtype}")
    _, e = x.xp.frexp(x._data)
    # x / 2^e: d/dx = 1 / 2^e, torch's formula (not x · 2^-e: for a subnormal x, 2^-e overflows to inf)
    mantissa = x / _wrap(x.xp.ldexp(x.xp.ones_like(x._data), e))
    return _FREXP(mantissa, _wrap(e.astype(np.int32)))


# ---------------------------------------------------------------------------------------------
# Writing at indices
# ---------------------------------------------------------------------------------------------
def _value_shape_mismatch(x, key, values) -> bool:
    """Whether index_put's values can't broadcast to x[key] (integer index arrays only; else False)."""
    if not isinstance(values, Tensor) or any(k.dtype.kind not in "iu" for k in key) or len(key) > x.ndim:
        return False
    try:
        shape = np.broadcast_shapes(*(k.shape for k in key)) + tuple(x.shape[len(key):])
        return np.broadcast_shapes(tuple(values.shape), shape) != shape
    except ValueError:
        return True


def index_put(input, indices, values, accumulate=False):
    """out = input with out[indices] = values (or += with ``accumulate``; repeated indices add up then).
    ``indices``: a tuple of index tensors, as x[indices] (torch's index_put_ takes no None)."""
    x = tensor_arg(input, "index_put")
    tensor_args("index_put_", ("values", values), first=2)
    if accumulate.__class__ is not bool:
        bool_arg(accumulate, "index_put_", "accumulate")
    if not isinstance(indices, (tuple, list)):
        raise TypeError("index_put(): indices must be a tuple of tensors")
    key = []
    tensor_list(indices, "index_put_")
    for t in indices:
        if isinstance(t, Tensor):
            if t.dtype.is_floating_point:
                raise IndexError(f"tensors used as indices must be long, int, byte or bool tensors, got {t.dtype}")
            key.append(backend.to_device(t._data, x.device))
        else:
            raise TypeError(f"index_put(): indices must be tensors or None, got {type(t).__name__}")
    key = tuple(key)
    for d, k in enumerate(key[:x.ndim]):       # integer indices in range of their dim (torch's message; it checks
        if _value_shape_mismatch(x, key, values):           # the values' shape first)
            break
        if k.dtype.kind in "iu" and k.size and not -x.shape[d] <= int(k.min()) <= int(k.max()) < x.shape[d]:
            bad = int(k.max()) if int(k.max()) >= x.shape[d] else int(k.min())
            raise IndexError(f"index {bad} is out of bounds for dimension {d} with size {x.shape[d]} (index_put(): "
                             f"the indices of dim {d} must lie in [{-x.shape[d]}, {x.shape[d]}))")
        if k.dtype.kind == "b":
            break                                   # (a mask covers several dims: numpy checks the rest)
    if isinstance(values, Tensor):
        if values.dtype != x.dtype:
            raise RuntimeError(f"Index put requires the source and destination dtypes match, got {x.dtype} for the "
                               f"destination and {values.dtype} for the source.")
    else:
        values = to_scalar(values)
    if not accumulate:
        return IndexPut.apply(x, values, key)
    shape = x._data[key].shape                       # the shape of x[indices]
    v = values.expand(shape) if isinstance(values, Tensor) else \
        _wrap(x.xp.full(shape, values, dtype=x._data.dtype))
    return x + ScatterInto.apply(v, x._data.shape, key, True)


def masked_scatter(input, mask, source):
    """out = input with the positions where ``mask`` is True filled, in order, by source's elements."""
    x = tensor_arg(input, "masked_scatter")
    tensor_args("masked_scatter", ("mask", mask), ("source", source), first=1)
    if mask.dtype.name != "bool":
        raise RuntimeError("masked_scatter_: expected BoolTensor for mask")
    if source.dtype != x.dtype:
        raise RuntimeError(f"masked_scatter: expected self and source to have same dtypes but got {x.dtype} and "
                           f"{source.dtype}")
    if mask.shape != x.shape:                         # out of place, both broadcast (in place: run_inplace refuses)
        try:
            x = x.expand(np.broadcast_shapes(tuple(x.shape), tuple(mask.shape)))
        except ValueError:
            raise RuntimeError(f"{_first_mismatch([mask, x])}masked_scatter(): the mask {tuple(mask.shape)} and the "
                               f"input {tuple(x.shape)} cannot be broadcast together") from None
    m = backend.to_device(x.xp.broadcast_to(mask._data, x._data.shape), x.device)
    k = int(m.sum())
    if k > source.numel():
        raise RuntimeError(f"masked_scatter: expected source to have at least {k} elements (the number of True "
                           f"values in mask), got {source.numel()}")
    return IndexPut.apply(x, source.reshape(-1)[:k], (m,))


def put(input, index, source, accumulate=False):
    """input.flatten()[index] = source (or += with ``accumulate``), in input's shape."""
    x = tensor_arg(input, "put")
    tensor_args("put_", ("source", source), first=2)
    if not isinstance(index, Tensor):
        raise TypeError(f"put(): argument 'index' (position 1) must be Tensor, not {type(index).__name__} (give "
                        "flat indices as an int64 tensor)")
    if index._data.dtype != np.int64:
        raise RuntimeError(f"put_(): Expected a long tensor for index, but got {_TORCH_NAMES[index._data.dtype.name]} "
                           "(put(): convert the indices with index.long())")
    if isinstance(source, Tensor) and isinstance(index, Tensor) and source.numel() != index.numel():
        raise IndexError(f"put_(): Expected source and index to have the same number of elements, but got "
                         f"source.numel() = {source.numel()}, index.numel() = {index.numel()} (put(): one value per "
                         "index)")
    flat = index_put(x.reshape(-1), (index.reshape(-1),), source.reshape(-1), accumulate)
    return flat.reshape(tuple(x.shape))


# ---------------------------------------------------------------------------------------------
# Searching and counting
# ---------------------------------------------------------------------------------------------
class UniqueNoDerivative(NoDerivative):
    """out = x's values (unique/unique_consecutive).   d/dx: none; backward raises NotImplementedError, as torch's
    does for these ops (NoDerivative raises RuntimeError)."""

    @staticmethod
    def backward(ctx, g):
        raise NotImplementedError(f"the derivative for '{ctx.op_name}' is not implemented (as torch)")


def _values_in_graph(values, x, name, node):
    """The values of unique/unique_consecutive in ``x``'s graph when ``x`` requires grad, as torch's."""
    return named(UniqueNoDerivative.apply(values._data, name, x), node)


def unique(input, sorted=True, return_inverse=False, return_counts=False, dim=None):
    """The distinct values (sorted), optionally with each element's position in them and their counts."""
    x = tensor_arg(input, "unique")
    for name, flag in (("sorted", sorted), ("return_inverse", return_inverse), ("return_counts", return_counts)):
        if flag.__class__ is not bool:
            bool_arg(flag, "unique", name)
    xp = x.xp
    if dim is None:
        nan_apart = {"equal_nan": False} if xp is np and x._data.dtype.kind == "f" else {}   # (each NaN distinct)
        vals, inv, counts = xp.unique(x._data, return_inverse=True, return_counts=True, **nan_apart)
        inv = inv.reshape(x._data.shape)
    else:
        d = one_dim(dim, x.ndim, "unique")
        vals, inv, counts = np.unique(backend.to_numpy(x._data), return_inverse=True, return_counts=True, axis=d)
        vals, inv, counts = (backend.to_device(a, x.device) for a in (vals, inv.reshape(-1), counts))
    out = [_values_in_graph(_wrap(vals), x, *(("_unique2", "Unique2Backward0") if dim is None else
                                              ("unique_dim", "UniqueDimBackward0")))]
    if return_inverse:
        out.append(_wrap(inv.astype(np.int64)))
    if return_counts:
        out.append(_wrap(counts.astype(np.int64)))
    return out[0] if len(out) == 1 else tuple(out)


def unique_consecutive(input, return_inverse=False, return_counts=False, dim=None):
    """Collapse runs of equal consecutive values (or slices along ``dim``)."""
    x = tensor_arg(input, "unique_consecutive")
    for name, flag in (("return_inverse", return_inverse), ("return_counts", return_counts)):
        bool_arg(flag, "unique_consecutive", name)
    xp = x.xp
    if dim is None:
        a = x._data.reshape(-1)
        change = a[1:] != a[:-1]
    else:
        d = one_dim(dim, x.ndim, "unique_consecutive")
        a = xp.moveaxis(x._data, d, 0)
        change = (a[1:] != a[:-1]).reshape(a.shape[0] - 1, -1).any(axis=1) if a.shape[0] > 1 else \
            xp.zeros(0, bool)
    if a.shape[0] == 0:
        starts = xp.zeros(0, np.int64)
    else:
        starts = xp.concatenate([xp.zeros(1, np.int64), xp.nonzero(change)[0].astype(np.int64) + 1])
    vals = a[starts] if dim is None else xp.moveaxis(a[starts], 0, d)
    out = [_values_in_graph(_wrap(xp.ascontiguousarray(vals)), x, "unique_consecutive", "UniqueConsecutiveBackward0")]
    if return_inverse:
        inv = xp.cumsum(xp.concatenate([xp.zeros(1, np.int64), change.astype(np.int64)])) if a.shape[0] else \
            xp.zeros(0, np.int64)
        out.append(_wrap(inv.reshape(x._data.shape) if dim is None else inv))
    if return_counts:
        ends = xp.concatenate([starts[1:], xp.asarray([a.shape[0]], dtype=np.int64)])
        out.append(_wrap((ends - starts).astype(np.int64)))
    return out[0] if len(out) == 1 else tuple(out)


def searchsorted(sorted_sequence, input, *, out_int32=False, right=False, side=None, sorter=None):
    """Where each value would be inserted into the (last dim of the) sorted sequence to keep it sorted."""
    seq = tensor_arg(sorted_sequence, "searchsorted")
    if not isinstance(input, (Tensor, numbers.Number)):
        raise TypeError(f"searchsorted(): argument 'input' (position 2) must be Tensor or Number, not "
                        f"{type_name(input)} (wrap lists with torch.tensor(...))")
    no_bool("searchsorted", "searchsorted_out_cpu", seq, input)
    bool_arg(out_int32, "searchsorted", "out_int32")
    if side is not None:
        if side not in ("left", "right"):
            raise RuntimeError(f"torch.searchsorted(): side can only be 'left' or 'right' but got {side}")
        if right and side == "left":
            raise RuntimeError("torch.searchsorted(): side and right can't be set to opposites, got side of left "
                               "while right was True")
        right = side == "right"
    if seq._data.ndim == 0:
        raise RuntimeError("torch.searchsorted(): boundaries tensor should be 1 dimension or the first N-1 "
                           "dimensions of boundaries tensor and input value tensor must match, but we got a 0-d "
                           "boundaries tensor; reshape(1) it")
    scalar = not isinstance(input, Tensor)
    vals = _wrap(seq.xp.asarray(input, dtype=seq._data.dtype)) if scalar else input
    s = seq._data
    if sorter is not None:
        if tuple(sorter.shape) != tuple(seq.shape):
            raise RuntimeError(f"torch.searchsorted(): boundary and sorter must have the same size, but got boundary "
                               f"tensor {list(seq.shape)}and got sorter tensor {list(sorter.shape)}")
        s = np.take_along_axis(s, sorter._data, -1) if isinstance(s, np.ndarray) else \
            seq.xp.take_along_axis(s, sorter._data, -1)
    v = backend.to_device(vals._data, seq.device)
    xp = seq.xp
    if s.ndim == 1:
        out = xp.searchsorted(s, v, side="right" if right else "left")
    else:
        if s.shape[:-1] != v.shape[:-1]:
            raise RuntimeError(f"torch.searchsorted(): boundaries tensor should be 1 dimension or the first N-1 "
                               f"dimensions of boundaries tensor and input value tensor must match, but we got "
                               f"boundaries tensor {list(seq.shape)} and input value tensor {list(vals.shape)}")
        # count, per row, how many boundaries lie before each value: no loop over rows
        before = (s[..., None, :] <= v[..., :, None]) if right else (s[..., None, :] < v[..., :, None])
        out = before.sum(-1)
    out = xp.asarray(out).astype(np.int32 if out_int32 else np.int64)
    return _wrap(out)


def bucketize(input, boundaries, *, out_int32=False, right=False):
    """The bucket of each value: i with boundaries[i-1] < x <= boundaries[i] (< and <= swapped if ``right``)."""
    if not isinstance(input, (Tensor, numbers.Number)):
        raise TypeError(f"bucketize(): argument 'input' (position 1) must be Tensor or Number, not {type_name(input)} "
                        "(wrap lists with torch.tensor(...))")
    bool_arg(right, "bucketize", "right")
    bool_arg(out_int32, "bucketize", "out_int32")
    b = tensor_arg(boundaries, "bucketize")
    if b.ndim != 1:
        raise RuntimeError(f"bucketize(): boundaries tensor must be 1 dimension, but got dim({b.ndim})")
    return searchsorted(b, input, out_int32=out_int32, right=right)


def bincount(input, weights=None, minlength=0):
    """How often each non-negative integer occurs (the sum of ``weights`` there, if given)."""
    x = tensor_arg(input, "bincount")
    tensor_args("bincount", ("weights" if weights is not None else None, weights))
    minlength = int_arg(minlength, "bincount", "minlength", None)
    if x.dtype.is_floating_point:
        raise NotImplementedError(f"bincount(): not implemented for {x.dtype}; it counts integers (use .long())")
    if x.dtype.name == "bool":
        raise NotImplementedError("\"bincount_cpu\" not implemented for 'Bool' (bincount(): it counts integers; use "
                                  "x.long())")
    if x.ndim != 1:
        raise RuntimeError(f"bincount only supports 1-d non-negative integral inputs, got {x.dtype} of shape "
                           f"{tuple(x.shape)}")
    if x.numel() and int(x.min()) < 0:
        raise RuntimeError("bincount only supports 1-d non-negative integral inputs.")
    if minlength < 0:
        raise RuntimeError(f"minlength should be >= 0 (bincount(): got {minlength})")
    xp = x.xp
    if weights is None:
        return _wrap(xp.bincount(x._data, minlength=minlength).astype(np.int64))
    if weights.shape != x.shape:
        raise RuntimeError(f"bincount(): weights should be 1-d and have the same length as input (input "
                           f"{tuple(x.shape)}, weights {tuple(weights.shape)})")
    w = weights._data
    out = xp.bincount(x._data, weights=w, minlength=minlength)
    dt = w.dtype if w.dtype in (np.float32, np.float64) else np.float64     # (half weights count in double, as torch)
    return _wrap(out.astype(dt))


def histc(input, bins=100, min=0, max=0):
    """A histogram of ``bins`` equal bins over [min, max] (the data's range when min = max = 0);
    values outside are ignored."""
    x = tensor_arg(input, "histc")
    bins = int_arg(bins, "histc", "bins", None)
    number_arg(min, "histc", "min", 3)
    number_arg(max, "histc", "max", 4)
    if not x.dtype.is_floating_point:
        raise NotImplementedError(f'"histogram_cpu" not implemented for \'{x.dtype.name}\'')
    if bins <= 0:
        raise RuntimeError("torch.histc(): bins must be > 0")
    data = x._data.reshape(-1)
    xp = x.xp
    lo, hi = float(min), float(max)
    if lo == hi and data.size:
        lo, hi = float(data.min()), float(data.max())
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise RuntimeError(f"torch.histc: range of [{lo:g}, {hi:g}] is not finite (histc(): give finite min and "
                           "max, or drop the nan/inf values first)")
    if lo == hi:
        lo, hi = lo - 1, hi + 1
    if lo > hi:
        raise RuntimeError(f"torch.histc(): max must be larger than min, got min={min} and max={max}")
    inside = (data >= lo) & (data <= hi)
    idx = ((data[inside] - lo) * bins / (hi - lo)).astype(np.int64)
    idx = xp.minimum(idx, bins - 1)                                    # the top edge counts in the last bin
    return _wrap(xp.bincount(idx, minlength=bins)[:bins].astype(x._data.dtype))


def isin(elements, test_elements, *, assume_unique=False, invert=False):
    """True where an element of ``elements`` occurs in ``test_elements``."""
    for v in (elements, test_elements):
        if not isinstance(v, (Tensor, numbers.Number)):
            raise TypeError(f"isin() received an invalid combination of arguments - got ({type(elements).__name__}, "
                            f"{type(test_elements).__name__}), but expected tensors or numbers (isin(): wrap lists "
                            "with torch.tensor(...))")
    e = elements if isinstance(elements, Tensor) else None
    t = test_elements if isinstance(test_elements, Tensor) else None
    ref = e if e is not None else t
    if ref is None:
        raise TypeError("isin(): expected at least one Tensor")
    if any(a is not None and a._data.dtype == np.bool_ for a in (e, t)):     # (NotImplementedError: torch >= 2.15)
        raise NotImplementedError("Unsupported input type encountered for isin(): Bool (convert with .int())")
    xp = ref.xp
    ea = e._data if e is not None else xp.asarray(elements)
    ta = t._data if t is not None else xp.asarray(test_elements)
    return _wrap(xp.isin(ea, ta, invert=invert))


def positive(input):
    """``input`` itself (torch's unary plus); a bool tensor is refused, as torch."""
    x = tensor_arg(input, "positive")
    if x._data.dtype.kind == "b":
        raise NotImplementedError("positive(): the `+` operator, on a bool tensor is not supported; convert it "
                                  "first (x.int())")
    return x




METHODS = {
    "fmax": fmax, "fmin": fmin, "nan_to_num": nan_to_num, "float_power": float_power, "ldexp": ldexp,
    "signbit": signbit, "heaviside": heaviside, "gcd": gcd, "lcm": lcm, "nextafter": nextafter, "frexp": frexp,
    "index_put": index_put, "masked_scatter": masked_scatter, "put": put, "unique": unique,
    "unique_consecutive": unique_consecutive, "bincount": bincount, "histc": histc, "positive": positive,
    "isposinf": isposinf, "isneginf": isneginf, "fix": trunc,
    "index_put_": None, "masked_scatter_": None, "put_": None, "nan_to_num_": None,
}


def _inplace(fn, name):
    def method(self, *args, **kwargs):
        if name in ("index_put_", "put_"):      # torch's: no overlap with the source, not even self
            check_no_overlap(self, args + tuple(kwargs.values()), name)    # (the indices: int, never shared)
        return run_inplace(self, lambda t, _: fn(t, *args, **kwargs), None, name)
    method.__name__ = name
    return method


METHODS.update({name: _inplace(fn, name) for name, fn in (("index_put_", index_put), ("put_", put),
                                                          ("masked_scatter_", masked_scatter),
                                                          ("nan_to_num_", nan_to_num))})
