"""Bug: Sigmoid as exp(x) / (1 + exp(x)): NaN for large x (inf / inf)."""
from autograd_ops_correct import *  # noqa: F401,F403
from autograd_ops_correct import Function
import minigrad


class Sigmoid(Function):
    @staticmethod
    def forward(ctx, x):
        e = minigrad.exp(x)
        y = e / (1 + e)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad):
        y, = ctx.saved_tensors
        return grad * y * (1 - y)
