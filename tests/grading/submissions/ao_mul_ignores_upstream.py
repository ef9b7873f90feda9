"""Bug: Mul.backward ignores grad_output (right only when the upstream gradient is all ones)."""
from autograd_ops_correct import *  # noqa: F401,F403
from autograd_ops_correct import Function, unbroadcast, _np, _t
import numpy as np


class Mul(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return a * b

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        full = np.broadcast_shapes(tuple(a.shape), tuple(b.shape))
        return (_t(unbroadcast(np.broadcast_to(_np(b), full), a.shape)),
                _t(unbroadcast(np.broadcast_to(_np(a), full), b.shape)))
