"""Comparisons and logical ops. Their results are bool tensors, outside the graph (no gradient)."""
from __future__ import annotations

import numbers

import numpy as np

from .. import backend
from ..autograd.function import _check_same_device
from ..tensor import Tensor, _wrap, as_array
from ._helpers import (INT_RANGE, _TORCH_NAMES, fit_float, int_overflow, number_arg, operands, quiet, tensor_arg,
                       tensor_other, wrap_int)


def _compare(a, b, f, op):
    if type(a) is Tensor and (type(b) is int or type(b) is float and a._data.dtype.kind in "fb"):   # x > 0
        if type(b) is int and not INT_RANGE[0] <= b < INT_RANGE[1]:
            int_overflow(b, op)
        if type(b) is int and a._data.dtype.kind in "iu":
            b = wrap_int(b, a._data.dtype)       # torch wraps the int into the tensor's dtype: uint8 > -1 is x > 255
        elif type(b) is float:
            b = fit_float(b, a._data.dtype)      # (1e40 is inf in float32)
            if a._data.dtype == np.float16:
                r = quiet(f, a._data, b)         # (1e5 is inf in float16, silently)
                return _wrap(r if type(r) is np.ndarray else np.asarray(r))
        r = f(a._data, b)
        return _wrap(r if type(r) is np.ndarray else np.asarray(r) if isinstance(r, (np.generic, bool)) else r)
    if b is None or a is None:
        raise TypeError(f"{op}(): cannot compare a tensor with None")
    if op in ("eq", "ne", "lt", "le", "gt", "ge"):     # torch.eq(2, x) is torch's TypeError too (2 == x is fine)
        tensor_arg(a, op)
    a, b = operands(a, b, op)
    x = a._data if isinstance(a, Tensor) else a
    y = b._data if isinstance(b, Tensor) else b
    if isinstance(a, Tensor) and isinstance(b, Tensor):
        _check_same_device(op, [a, b])
        if type(x) is not type(y):
            x, y = (x, backend.to_device(y, a.device)) if y.ndim == 0 else (backend.to_device(x, b.device), y)
    try:
        r = f(x, y)
    except ValueError:
        raise RuntimeError(f"{op}(): shapes {tuple(getattr(x, 'shape', ()))} and {tuple(getattr(y, 'shape', ()))} "
                           "can't be broadcast together") from None
    if isinstance(r, (np.generic, bool)):
        r = np.asarray(r)
    return _wrap(r)


def eq(input, other):
    return _compare(input, other, lambda x, y: x == y, "eq")


def ne(input, other):
    return _compare(input, other, lambda x, y: x != y, "ne")


def lt(input, other):
    return _compare(input, other, lambda x, y: x < y, "lt")


def le(input, other):
    return _compare(input, other, lambda x, y: x <= y, "le")


def gt(input, other):
    return _compare(input, other, lambda x, y: x > y, "gt")


def ge(input, other):
    return _compare(input, other, lambda x, y: x >= y, "ge")


less, less_equal, greater, greater_equal, not_equal = lt, le, gt, ge, ne


def tensor_eq(self, other):
    """``a == b`` (elementwise; ``t == None``, ``t == 'a'``, ``t == [1, 2]`` are False, as in torch)."""
    if other is None:
        return False
    if type(other) is np.ndarray:               # (x == array: the array taken as a tensor, as torch)
        other = _wrap(as_array(other, device=self.device))
    try:
        return eq(self, other)
    except TypeError:
        if isinstance(other, (Tensor, numbers.Number, np.generic)):
            raise
        return False


def tensor_ne(self, other):
    if other is None:
        return True
    try:
        return ne(self, other)
    except TypeError:
        if isinstance(other, (Tensor, numbers.Number, np.generic)):
            raise
        return True


def _logical(a, b, name, op):
    xp = backend.array_module(a._data if isinstance(a, Tensor) else b._data)
    f = getattr(xp, name)
    return _compare(a, b, lambda x, y: f(x, y), op)


def logical_and(input, other):
    return _logical(tensor_arg(input, "logical_and"), tensor_other(other, "logical_and"), "logical_and", "logical_and")


def logical_or(input, other):
    return _logical(tensor_arg(input, "logical_or"), tensor_other(other, "logical_or"), "logical_or", "logical_or")


def logical_xor(input, other):
    return _logical(tensor_arg(input, "logical_xor"), tensor_other(other, "logical_xor"), "logical_xor", "logical_xor")


def logical_not(input):
    return _wrap(input.xp.logical_not(input._data))


def _bitwise(a, b, name, op):
    if not isinstance(b, (Tensor, numbers.Number)):
        raise TypeError(f"{name}() received an invalid combination of arguments - got ({type(b).__name__}), but "
                        "expected one of: (Tensor other), (Number other)")
    for t in (a, b):
        if isinstance(t, Tensor) and t._data.dtype.kind == "f" or isinstance(t, float):
            got = t.dtype if isinstance(t, Tensor) else f"the float {t!r}"
            raise NotImplementedError(f"{op}(): not implemented for floating point; bitwise operations are only "
                                      f"defined for bool and integer tensors, got {got}; use logical_and/logical_or "
                                      "for masks")
    return _compare(a, b, lambda x, y: getattr(backend.array_module(x if hasattr(x, 'dtype') else y), name)(x, y),
                    op)


def bitwise_and(input, other):
    return _bitwise(input, other, "bitwise_and", "bitwise_and (&)")


def bitwise_or(input, other):
    return _bitwise(input, other, "bitwise_or", "bitwise_or (|)")


def bitwise_xor(input, other):
    return _bitwise(input, other, "bitwise_xor", "bitwise_xor (^)")


def bitwise_not(input, _op="bitwise_not"):
    if input._data.dtype.kind == "f":
        fix = (f"bitwise_not{' (~)' if _op == '~' else '()'}: got {input.dtype}; use logical_not (or x == 0) for a "
               "float tensor")
        if _op == "~":                                # (torch: TypeError for the operator, else NotImplementedError)
            raise TypeError(f"~ (operator.invert) is only implemented on integer and Boolean-type tensors ({fix})")
        name = _TORCH_NAMES[input._data.dtype.name]
        raise NotImplementedError(f"\"bitwise_not_cpu\" not implemented for '{name}' ({fix})")
    return _wrap(~input._data)


def invert(input):
    """``~x``."""
    return bitwise_not(input, "~")


def isnan(input):
    return _wrap(input.xp.isnan(input._data))


def isinf(input):
    return _wrap(input.xp.isinf(input._data))


def isfinite(input):
    return _wrap(input.xp.isfinite(input._data))


def isposinf(input):
    """True where ``input`` is +inf."""
    x = input._data
    return _wrap(input.xp.asarray(x == float("inf")) if x.dtype.kind == "f" else input.xp.zeros(x.shape, bool))


def isneginf(input):
    """True where ``input`` is -inf."""
    x = input._data
    return _wrap(input.xp.asarray(x == float("-inf")) if x.dtype.kind == "f" else input.xp.zeros(x.shape, bool))


def isclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    number_arg(rtol, "isclose", "rtol", kind="float")
    number_arg(atol, "isclose", "atol", kind="float")
    if not (rtol >= 0 and atol >= 0):                   # (NaN too)
        which, v = ("rtol", rtol) if not rtol >= 0 else ("atol", atol)
        raise RuntimeError(f"{which} must be greater than or equal to zero, but got {v} (isclose())")
    if not isinstance(other, Tensor):
        raise TypeError(f"isclose(): argument 'other' (position 2) must be Tensor, not {type(other).__name__}")
    if input.dtype.is_complex or other.dtype.is_complex:              # minigrad/_complex.py: on the values
        if input.dtype != other.dtype:
            raise RuntimeError(f"{_scalar_name(input)} did not match {_scalar_name(other)} (isclose()/allclose(): "
                               f"{input.dtype} vs {other.dtype}; convert one, e.g. b.to(a.dtype))")
        a, b = _complex_values(input), _complex_values(other)
        return _wrap(np.isclose(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan)).to(input.device)
    if other._data.dtype != input._data.dtype:
        raise RuntimeError(f"{_TORCH_NAMES[input._data.dtype.name]} did not match {_TORCH_NAMES[other._data.dtype.name]}"
                           f" (isclose()/allclose(): {input.dtype} vs {other.dtype}; convert one, e.g. b.to(a.dtype))")
    a, b = operands(input, other, "isclose")
    if isinstance(a, Tensor) and isinstance(b, Tensor):
        try:
            np.broadcast_shapes(a._data.shape, b._data.shape)
        except ValueError:
            raise RuntimeError(f"isclose()/allclose(): the shapes {tuple(a.shape)} and {tuple(b.shape)} cannot be "
                               "broadcast together; compare tensors of the same shape") from None
    return _wrap(input.xp.isclose(a._data, b._data, rtol=rtol, atol=atol, equal_nan=equal_nan))


def _scalar_name(t):
    """torch's scalar-type name of ``t``'s dtype (ComplexFloat, Double, ...)."""
    return {"complex64": "ComplexFloat", "complex128": "ComplexDouble"}.get(
        str(t.dtype).replace("torch.", ""), None) or _TORCH_NAMES[t._data.dtype.name]


def _complex_values(t):
    """A complex tensor's values as a NumPy complex array (on the host)."""
    return t.detach().cpu().numpy()


def allclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    return bool(isclose(input, other, rtol, atol, equal_nan)._data.all())


def equal(input, other):
    if not isinstance(other, Tensor):
        raise TypeError(f"equal(): argument 'other' (position 2) must be Tensor, not {type(other).__name__}")
    if input.dtype.is_complex or other.dtype.is_complex:
        return input.shape == other.shape and bool(np.all(_complex_values(input) == _complex_values(other)))
    return input.shape == other.shape and bool((input._data == other._data).all())
