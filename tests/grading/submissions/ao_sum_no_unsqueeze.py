"""Bug: Sum.backward broadcasts grad_output without putting the summed dimension back (keepdim=False)."""
import numpy as np

from autograd_ops_correct import *  # noqa: F401,F403
from autograd_ops_correct import Function, _np, _t


class Sum(Function):
    @staticmethod
    def forward(ctx, x, dim=None, keepdim=False):
        ctx.shape = x.shape
        return x.sum() if dim is None else x.sum(dim, keepdim=keepdim)

    @staticmethod
    def backward(ctx, grad):
        return _t(np.broadcast_to(_np(grad), tuple(ctx.shape)).copy())
