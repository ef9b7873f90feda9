"""Bug: Log.backward returns a NumPy array instead of a minigrad Tensor."""
from autograd_ops_correct import *  # noqa: F401,F403
from autograd_ops_correct import Function, _np, _t
import numpy as np


class Log(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.x = _np(x)
        return _t(np.log(ctx.x))

    @staticmethod
    def backward(ctx, grad):
        return _np(grad) / ctx.x
