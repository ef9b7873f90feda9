"""Bug: Div.backward forgets the minus sign of d(a/b)/db."""
from autograd_ops_correct import *  # noqa: F401,F403
from autograd_ops_correct import Function, unbroadcast, _np, _t


class Div(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return a / b

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        g, an, bn = _np(grad), _np(a), _np(b)
        return _t(unbroadcast(g / bn, a.shape)), _t(unbroadcast(g * an / bn ** 2, b.shape))
