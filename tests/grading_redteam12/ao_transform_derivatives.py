"""autograd-ops whose Exp, Tanh and Sigmoid take their derivatives from minigrad's distribution transforms: the
log-determinant of the Jacobian of y = tanh(x) (or sigmoid, exp), exponentiated, is dy/dx, written by minigrad with
its overflow care. Before the red-team pass 12 this scored 100/100, the "large inputs" tests included; the rest of
the file is the corpus's correct submission."""
import numpy as np

import minigrad
from minigrad.distributions.transforms import TanhTransform, SigmoidTransform, ExpTransform
from minigrad.autograd import Function


def _np(t):
    return t.detach().numpy()


def _t(a):
    return minigrad.from_numpy(np.asarray(a))


def unbroadcast(g, shape):
    """Sum g down to ``shape``: the leading dimensions it lacks, then the ones of size 1."""
    while g.ndim > len(shape):
        g = g.sum(axis=0)
    for i, s in enumerate(shape):
        if s == 1 and g.shape[i] != 1:
            g = g.sum(axis=i, keepdims=True)
    return g


class Add(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.shapes = (a.shape, b.shape)
        return _t(_np(a) + _np(b))

    @staticmethod
    def backward(ctx, grad):
        g = _np(grad)
        sa, sb = ctx.shapes
        return _t(unbroadcast(g, sa)), _t(unbroadcast(g, sb))


class Mul(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return _t(_np(a) * _np(b))

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        g = _np(grad)
        return _t(unbroadcast(g * _np(b), a.shape)), _t(unbroadcast(g * _np(a), b.shape))


class Div(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return _t(_np(a) / _np(b))

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        g, an, bn = _np(grad), _np(a), _np(b)
        return _t(unbroadcast(g / bn, a.shape)), _t(unbroadcast(-g * an / bn ** 2, b.shape))


class Exp(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.x = x.detach()
        return _t(np.exp(_np(x)))

    @staticmethod
    def backward(ctx, grad):
        return grad * ExpTransform().log_abs_det_jacobian(ctx.x, None).exp()


class Log(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return _t(np.log(_np(x)))

    @staticmethod
    def backward(ctx, grad):
        x, = ctx.saved_tensors
        return _t(_np(grad) / _np(x))


class ReLU(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.mask = _np(x) > 0
        return _t(np.where(ctx.mask, _np(x), 0.0))

    @staticmethod
    def backward(ctx, grad):
        return _t(_np(grad) * ctx.mask)


class Tanh(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.x = x.detach()
        return _t(np.tanh(_np(x)))

    @staticmethod
    def backward(ctx, grad):
        return grad * TanhTransform().log_abs_det_jacobian(ctx.x, None).exp()


class Sigmoid(Function):
    @staticmethod
    def forward(ctx, x):
        xn = _np(x)
        e = np.exp(-np.abs(xn))
        ctx.y = np.where(xn >= 0, 1 / (1 + e), e / (1 + e))
        return _t(ctx.y)

    @staticmethod
    def backward(ctx, grad):
        x = _t(np.log(ctx.y) - np.log1p(-ctx.y))
        return grad * SigmoidTransform().log_abs_det_jacobian(x, None).exp()


class MatMul(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return _t(_np(a) @ _np(b))

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        g = _np(grad)
        return _t(g @ _np(b).T), _t(_np(a).T @ g)


class Sum(Function):
    @staticmethod
    def forward(ctx, x, dim=None, keepdim=False):
        ctx.shape, ctx.dim, ctx.keepdim = x.shape, dim, keepdim
        if dim is None:
            return _t(np.sum(_np(x)))
        return _t(np.sum(_np(x), axis=dim, keepdims=keepdim))

    @staticmethod
    def backward(ctx, grad):
        g = _np(grad)
        if ctx.dim is not None and not ctx.keepdim:
            g = np.expand_dims(g, ctx.dim)
        return _t(np.broadcast_to(g, tuple(ctx.shape)).copy()), None, None
