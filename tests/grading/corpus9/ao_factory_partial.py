"""autograd-ops written once: every elementwise op comes out of one factory, the derivatives are closures,
and the binary ops share one un-broadcasting helper built with functools.partial."""
import functools

import numpy as np

import minigrad
from minigrad.autograd import Function


def _np(t):
    return t.detach().numpy()


def reduce_to(shape, g):
    extra = g.ndim - len(shape)
    axes = tuple(range(extra)) + tuple(extra + i for i, s in enumerate(shape) if s == 1 and g.shape[extra + i] != 1)
    return np.sum(g, axis=axes).reshape(shape) if axes else g


def unary_op(name, f, df):
    """df(x, y) is the derivative given the input and the output."""
    def forward(ctx, x):
        xv = _np(x)
        yv = f(xv)
        ctx.saved = (xv, yv)
        return minigrad.tensor(yv)

    def backward(ctx, grad_output):
        xv, yv = ctx.saved
        return minigrad.tensor(_np(grad_output) * df(xv, yv))

    return type(name, (Function,), {"forward": staticmethod(forward), "backward": staticmethod(backward)})


def binary_op(name, f, da, db):
    def forward(ctx, a, b):
        av, bv = _np(a), _np(b)
        ctx.saved = (av, bv)
        return minigrad.tensor(f(av, bv))

    def backward(ctx, grad_output):
        av, bv = ctx.saved
        g = _np(grad_output)
        ra, rb = functools.partial(reduce_to, av.shape), functools.partial(reduce_to, bv.shape)
        return minigrad.tensor(ra(da(g, av, bv))), minigrad.tensor(rb(db(g, av, bv)))

    return type(name, (Function,), {"forward": staticmethod(forward), "backward": staticmethod(backward)})


def _sigmoid(x):
    return 0.5 * (1.0 + np.tanh(0.5 * x))


Add = binary_op("Add", np.add, lambda g, a, b: g * np.ones_like(a), lambda g, a, b: g * np.ones_like(b))
Mul = binary_op("Mul", np.multiply, lambda g, a, b: g * b, lambda g, a, b: g * a)
Div = binary_op("Div", np.divide, lambda g, a, b: g / b, lambda g, a, b: -g * a / (b * b))
Exp = unary_op("Exp", np.exp, lambda x, y: y)
Log = unary_op("Log", np.log, lambda x, y: 1.0 / x)
ReLU = unary_op("ReLU", functools.partial(np.maximum, 0.0), lambda x, y: (x > 0).astype(x.dtype))
Tanh = unary_op("Tanh", np.tanh, lambda x, y: 1.0 - y * y)
Sigmoid = unary_op("Sigmoid", _sigmoid, lambda x, y: y * (1.0 - y))


class MatMul(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return minigrad.tensor(np.einsum("ik,kj->ij", _np(a), _np(b)))

    @staticmethod
    def backward(ctx, grad_output):
        a, b = ctx.saved_tensors
        g = _np(grad_output)
        return (minigrad.tensor(np.einsum("ij,kj->ik", g, _np(b))),
                minigrad.tensor(np.einsum("ik,ij->kj", _np(a), g)))


class Sum(Function):
    @staticmethod
    def forward(ctx, x, dim=None, keepdim=False):
        ctx.shape, ctx.dim, ctx.keepdim = tuple(x.shape), dim, keepdim
        return minigrad.tensor(np.sum(_np(x), axis=dim, keepdims=keepdim))

    @staticmethod
    def backward(ctx, grad_output):
        g = _np(grad_output)
        if ctx.dim is not None and not ctx.keepdim:
            g = np.expand_dims(g, ctx.dim)
        return minigrad.tensor(np.broadcast_to(g, ctx.shape)), None, None
