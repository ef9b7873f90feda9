"""The Tensor operators (``x * y``, ``x + 0.5``, ``2 * x``...) of normal mode.

In reference mode ``x * y`` is ``ops.pointwise.mul(x, y)``: dtype promotion, ``Mul.apply``, then
``Mul.forward``. The method built here tries two shortcuts first, for the common case of a float
tensor with a Python number, a tensor of the same dtype, or a bool mask:

* nothing is recorded (under ``no_grad``, so in every backward pass, or no input requires grad):
  compute the array operation itself -- exactly what ``Mul.forward`` computes -- with no ctx, no node;
* a graph is recorded and no dtype promotion is needed: ``Mul.apply`` straight away (its unrolled
  form, ``fast/apply.py``; ``apply_with_number`` for a tensor and a Python number).

Anything else (promotion, arrays, lists, devices, errors) goes to the general function.
"""
from __future__ import annotations

import numpy as np

from ..autograd.grad_mode import STATE
from ..backend.quiet import F32_MAX, fit_float
from ..tensor import Tensor, _wrap
from .apply import apply_unrolled, apply_with_number, number_operator


def no_graph_result(array_op, a, b):
    """``array_op(a, b)`` on two arrays (or an array and a number) as a new tensor, or ``None`` when
    NumPy/CuPy refuse (e.g. arrays on different devices: the general path explains)."""
    try:
        out = array_op(a, b)
    except (TypeError, ValueError):
        return None
    return _wrap(out if type(out) is np.ndarray or not isinstance(out, np.generic) else np.asarray(out))


INT_LOW, INT_HIGH = -2 ** 63, 2 ** 64      # (a Python int outside: the general path's OverflowError)


def binary_operator(op_cls, general, array_op, reflected=False):
    """The operator method for the binary op ``op_cls`` (``Mul``), whose function is ``general``
    (``mul``) and whose forward is ``array_op`` (``operator.mul``) on the arrays."""
    bool_ok = op_cls.__name__ != "Sub"            # (x - mask is refused, as torch: the general path says so)
    number_op = number_operator(op_cls, array_op, reflected)      # (Mul, Add, Sub; None for Div)

    def method(self, other):
        t = type(other)
        data = self._data
        if t is float and not -F32_MAX <= other <= F32_MAX:    # 1e40 is inf in float32, silently
            other = fit_float(other, data.dtype)
        if data.dtype.kind == "f" and (t is float or (t is int and INT_LOW <= other < INT_HIGH) or (
                t is Tensor and (other._data.dtype is data.dtype or other._data.dtype.kind == "b" and bool_ok))):
            if not (STATE.enabled and (self._requires_grad or (t is Tensor and other._requires_grad))):
                o = other._data if t is Tensor else other
                out = no_graph_result(array_op, o, data) if reflected else no_graph_result(array_op, data, o)
                if out is not None:
                    return out
            elif t is not Tensor:                        # (so self is the one that requires grad)
                if number_op is not None and data.__class__ is np.ndarray and data.ndim:
                    return number_op(self, other)
                return apply_with_number(op_cls, self, other, reflected)
            elif other._data.dtype is data.dtype:
                return apply_unrolled(op_cls, (other, self) if reflected else (self, other))
        return general(other, self) if reflected else general(self, other)
    method.__name__ = general.__name__
    method.__doc__ = general.__doc__
    return method
