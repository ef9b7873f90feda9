"""Bug: ReLU.forward zeroes the negative entries of its input in place (x.numpy() shares memory)."""
from autograd_ops_correct import *  # noqa: F401,F403
from autograd_ops_correct import Function, _t


class ReLU(Function):
    @staticmethod
    def forward(ctx, x):
        a = x.detach().numpy()
        a[a < 0] = 0.0
        ctx.mask = a > 0
        return _t(a.copy())

    @staticmethod
    def backward(ctx, grad):
        return _t(grad.detach().numpy() * ctx.mask)
