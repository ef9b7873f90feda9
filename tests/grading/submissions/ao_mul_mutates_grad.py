"""Bug: Mul.backward multiplies grad_output in place, corrupting the gradient it was given."""
from autograd_ops_correct import *  # noqa: F401,F403
from autograd_ops_correct import Function, unbroadcast, _np, _t


class Mul(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return a * b

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        g = _np(grad)
        ga = unbroadcast(g * _np(b), a.shape)
        g *= _np(a)
        return _t(ga), _t(unbroadcast(g.copy(), b.shape))
