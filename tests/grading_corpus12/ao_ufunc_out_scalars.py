"""Autograd ops written with NumPy ufuncs writing into preallocated buffers (out=...), numpy scalars for the
0-d sum, tanh through sigmoid (tanh(x) = 2 sigmoid(2x) - 1), and grad_output copied before any in-place work."""
import numpy as np

import minigrad
from minigrad.autograd import Function


def val(t, copy=False):
    a = t.detach().numpy()
    return a.copy() if copy else a


def out(a):
    return minigrad.tensor(np.asarray(a), dtype=minigrad.float64)


def sum_to_shape(g, shape):
    if g.shape == tuple(shape):
        return g
    ndiff = g.ndim - len(shape)
    g = np.add.reduce(g, axis=tuple(range(ndiff))) if ndiff else g
    axes = tuple(i for i, s in enumerate(shape) if s == 1 and g.shape[i] != 1)
    return np.add.reduce(g, axis=axes, keepdims=True) if axes else g


def stable_sigmoid(x):
    buf = np.empty_like(x)
    np.negative(np.abs(x), out=buf)
    np.exp(buf, out=buf)                     # e = exp(-|x|) in (0, 1]
    res = np.where(x >= 0, 1.0, buf)         # numerator: 1 or e
    np.divide(res, 1.0 + buf, out=res)
    return res


class Add(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.shapes = a.shape, b.shape
        return out(np.add(val(a), val(b)))

    @staticmethod
    def backward(ctx, grad_output):
        g = val(grad_output)
        return tuple(out(sum_to_shape(g, s)) for s in ctx.shapes)


class Mul(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.ab = val(a, copy=True), val(b, copy=True)
        return out(np.multiply(*ctx.ab))

    @staticmethod
    def backward(ctx, grad_output):
        a, b = ctx.ab
        g = val(grad_output, copy=True)
        ga = np.multiply(g, b)
        np.multiply(g, a, out=g)            # g is my own copy: safe to overwrite
        return out(sum_to_shape(ga, a.shape)), out(sum_to_shape(g, b.shape))


class Div(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.ab = val(a, copy=True), val(b, copy=True)
        return out(np.divide(*ctx.ab))

    @staticmethod
    def backward(ctx, grad_output):
        a, b = ctx.ab
        g = val(grad_output, copy=True)
        np.divide(g, b, out=g)              # g / b
        gb = g * a
        np.divide(gb, b, out=gb)
        np.negative(gb, out=gb)             # -g a / b^2
        return out(sum_to_shape(g, a.shape)), out(sum_to_shape(gb, b.shape))


class Exp(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.y = np.exp(val(x))
        return out(ctx.y)

    @staticmethod
    def backward(ctx, grad_output):
        return out(np.multiply(val(grad_output), ctx.y))


class Log(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.x = val(x, copy=True)
        return out(np.log(ctx.x))

    @staticmethod
    def backward(ctx, grad_output):
        return out(np.true_divide(val(grad_output), ctx.x))


class ReLU(Function):
    @staticmethod
    def forward(ctx, x):
        xv = val(x, copy=True)
        ctx.neg = xv <= 0
        xv[ctx.neg] = 0.0                   # my copy, not the input
        return out(xv)

    @staticmethod
    def backward(ctx, grad_output):
        g = val(grad_output, copy=True)
        g[ctx.neg] = 0.0
        return out(g)


class Sigmoid(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.s = stable_sigmoid(val(x))
        return out(ctx.s)

    @staticmethod
    def backward(ctx, grad_output):
        s = ctx.s
        return out(val(grad_output) * s * (1.0 - s))


class Tanh(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.t = 2.0 * stable_sigmoid(2.0 * val(x)) - 1.0
        return out(ctx.t)

    @staticmethod
    def backward(ctx, grad_output):
        return out(val(grad_output) * (1.0 - ctx.t * ctx.t))


class MatMul(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.ab = val(a, copy=True), val(b, copy=True)
        return out(np.dot(*ctx.ab))

    @staticmethod
    def backward(ctx, grad_output):
        a, b = ctx.ab
        g = val(grad_output)
        return out(np.dot(g, b.T)), out(np.dot(a.T, g))


class Sum(Function):
    @staticmethod
    def forward(ctx, x, dim=None, keepdim=False):
        xv = val(x)
        ctx.shape, ctx.dim, ctx.keepdim = xv.shape, dim, keepdim
        if dim is None:
            return out(np.float64(xv.sum()))          # a numpy scalar: a 0-d tensor
        return out(xv.sum(axis=dim, keepdims=keepdim))

    @staticmethod
    def backward(ctx, grad_output):
        g = val(grad_output)
        if ctx.dim is not None and not ctx.keepdim:
            g = np.expand_dims(g, ctx.dim)
        res = np.empty(ctx.shape)
        res[...] = g
        return out(res)
