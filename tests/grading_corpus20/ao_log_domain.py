"""autograd-ops computed in the log domain where it is stabler: sigmoid as exp(-logaddexp(0, -x)), tanh from expm1 of
-2|x| with the sign put back, derivatives from the saved outputs; binary ops un-broadcast through np.sum over an axis
tuple computed once in forward (the input's shape padded with ones on the left)."""
import numpy as np

import minigrad
from minigrad.autograd import Function


def axes_for(shape, out_shape):
    padded = (1,) * (len(out_shape) - len(shape)) + tuple(shape)
    lead = len(out_shape) - len(shape)
    return tuple(range(lead)), tuple(lead + i for i, (p, q) in enumerate(zip(padded[lead:], out_shape[lead:]))
                                     if p == 1 and q != 1)


def shrink(g, shape, axes):
    lead, ones = axes
    if ones:
        g = g.sum(axis=ones, keepdims=True)
    if lead:
        g = g.sum(axis=lead)
    return g.reshape(shape)


class _Binary(Function):
    @classmethod
    def forward(cls, ctx, a, b):
        av, bv = a.detach().numpy(), b.detach().numpy()
        out = cls.f(av, bv)
        ctx.av, ctx.bv, ctx.out = av, bv, out
        ctx.axes = axes_for(av.shape, out.shape), axes_for(bv.shape, out.shape)
        return minigrad.tensor(out)

    @classmethod
    def backward(cls, ctx, grad_output):
        g = grad_output.detach().numpy()
        ga, gb = cls.df(g, ctx.av, ctx.bv, ctx.out)
        return (minigrad.tensor(shrink(ga, ctx.av.shape, ctx.axes[0])),
                minigrad.tensor(shrink(gb, ctx.bv.shape, ctx.axes[1])))


class Add(_Binary):
    f = staticmethod(lambda a, b: a + b)
    df = staticmethod(lambda g, a, b, out: (g, g))


class Mul(_Binary):
    f = staticmethod(lambda a, b: a * b)
    df = staticmethod(lambda g, a, b, out: (g * b, g * a))


class Div(_Binary):
    f = staticmethod(lambda a, b: a / b)
    df = staticmethod(lambda g, a, b, out: (g / b, -g * out / b))


class _Unary(Function):
    @classmethod
    def forward(cls, ctx, x):
        xv = x.detach().numpy()
        ctx.xv, ctx.out = xv, cls.f(xv)
        return minigrad.tensor(ctx.out)

    @classmethod
    def backward(cls, ctx, grad_output):
        return minigrad.tensor(grad_output.detach().numpy() * cls.df(ctx.xv, ctx.out))


class Exp(_Unary):
    f, df = staticmethod(np.exp), staticmethod(lambda x, y: y)


class Log(_Unary):
    f, df = staticmethod(np.log), staticmethod(lambda x, y: np.reciprocal(x))


class ReLU(_Unary):
    f = staticmethod(lambda x: np.where(x > 0, x, 0.0))
    df = staticmethod(lambda x, y: np.greater(x, 0).astype(np.float64))


class Sigmoid(_Unary):
    f = staticmethod(lambda x: np.exp(-np.logaddexp(0.0, -x)))
    df = staticmethod(lambda x, y: y * (1.0 - y))


class Tanh(_Unary):
    @staticmethod
    def f(x):
        e = np.expm1(-2.0 * np.abs(x))
        return np.sign(x) * (-e / (2.0 + e))

    df = staticmethod(lambda x, y: (1.0 - y) * (1.0 + y))


class MatMul(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.a, ctx.b = a.detach().numpy(), b.detach().numpy()
        return minigrad.tensor(np.matmul(ctx.a, ctx.b))

    @staticmethod
    def backward(ctx, grad_output):
        g = grad_output.detach().numpy()
        return minigrad.tensor(np.matmul(g, ctx.b.T)), minigrad.tensor(np.matmul(ctx.a.T, g))


class Sum(Function):
    @staticmethod
    def forward(ctx, x, dim=None, keepdim=False):
        xv = x.detach().numpy()
        ctx.shape, ctx.dim, ctx.keepdim = xv.shape, dim, keepdim
        return minigrad.tensor(np.sum(xv, axis=dim, keepdims=keepdim))

    @staticmethod
    def backward(ctx, grad_output):
        g = grad_output.detach().numpy()
        if ctx.dim is not None and not ctx.keepdim:
            g = np.expand_dims(g, ctx.dim)
        return minigrad.tensor(np.broadcast_to(g, ctx.shape).copy()), None, None
