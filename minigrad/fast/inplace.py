"""In-place updates written straight into the array when nothing is recorded (under ``no_grad``, as
in the optimizers' ``p.add_(g, alpha=-lr)``, or when no tensor involved requires grad). The reference
path computes the out-of-place op (its forward runs) and copies the result into the tensor."""
from __future__ import annotations

import numpy as np

from ..backend import array_module
from . import cuda_kernels
from .switch import SWITCH


def ufunc(name):
    """A direct update ``arr = ufunc(arr, other)`` (``"add"``, ``"multiply"``...), in place. A division
    by zero gives inf/nan silently, as torch's (NumPy's warning off)."""
    def direct(arr, other):
        getattr(array_module(arr), name)(arr, other, out=arr)

    def direct_quietly(arr, other):
        with np.errstate(divide="ignore", invalid="ignore"):
            getattr(array_module(arr), name)(arr, other, out=arr)
    return direct_quietly if name == "true_divide" else direct


def add_scaled(alpha):
    """A direct update ``arr += alpha * other``: one kernel on the GPU."""
    def direct(arr, other):
        if cuda_kernels.axpy_(arr, other, alpha) is None:
            arr += other * alpha
    return direct


def applies() -> bool:
    """Whether direct in-place updates are used (normal mode)."""
    return SWITCH.on
