"""In-place updates written straight into the array when nothing is recorded (under ``no_grad``, as
in the optimizers' ``p.add_(g, alpha=-lr)``, or when no tensor involved requires grad). The reference
path computes the out-of-place op (its forward runs) and copies the result into the tensor."""
from __future__ import annotations

import operator

import numpy as np

from ..backend import array_module
from ..backend.quiet import arith, quiet
from . import cuda_kernels
from .switch import SWITCH


def ufunc(name):
    """A direct update ``arr = ufunc(arr, other)`` (``"add"``, ``"multiply"``...), in place, silently as torch's
    (x / 0, inf - inf: inf/nan without NumPy's warning); float16 times or over a Python number in float32, rounded
    once (``backend.quiet.arith``)."""
    scaled = {"multiply": operator.mul, "true_divide": operator.truediv}.get(name)

    def direct(arr, other):
        if scaled is not None and arr.dtype == np.float16 and other.__class__ in (int, float):
            arr[...] = arith(scaled, arr, other)
        else:
            quiet(getattr(array_module(arr), name), arr, other, arr)
    return direct


def add_scaled(alpha):
    """A direct update ``arr += alpha * other``: one kernel on the GPU. In float32 on the CPU it rounds once,
    as torch's fused multiply-add (the product and the sum in float64, exact but for the last rounding), so
    ``p.add_(g, alpha=-lr)`` -- an SGD step -- gives torch's bits."""
    def direct(arr, other):
        if (arr.dtype == np.float32 and isinstance(arr, np.ndarray) and getattr(other, "dtype", None) == np.float32
                and other.shape == arr.shape):
            t = other.astype(np.float64)
            t *= float(np.float32(alpha))
            t += arr
            arr[...] = t
        elif cuda_kernels.axpy_(arr, other, alpha) is None:
            arr += other * alpha
    return direct


def applies() -> bool:
    """Whether direct in-place updates are used (normal mode)."""
    return SWITCH.on
