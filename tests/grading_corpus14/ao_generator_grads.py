"""Backward as a generator: each op's `grads` yields one gradient per input, in order, and a shared backward
collects them with tuple(); un-broadcast is a loop that sums one axis at a time, leading axes first."""
import numpy as np

import minigrad
from minigrad.autograd import Function


def data(t):
    return t.detach().numpy()


def wrap(a):
    return minigrad.tensor(np.asarray(a, dtype=np.float64))


def shrink(g, shape):
    while g.ndim > len(shape):
        g = g.sum(axis=0)
    for axis, n in enumerate(shape):
        if n == 1 and g.shape[axis] != 1:
            g = g.sum(axis=axis, keepdims=True)
    return g


class GenFunction(Function):
    @staticmethod
    def backward(ctx, grad_output):
        out = tuple(wrap(g) if g is not None else None for g in ctx.op.grads(ctx, data(grad_output)))
        return out if len(out) > 1 else out[0]


class Add(GenFunction):
    @staticmethod
    def forward(ctx, a, b):
        ctx.op, ctx.shapes = Add, (a.shape, b.shape)
        return wrap(data(a) + data(b))

    @staticmethod
    def grads(ctx, g):
        for s in ctx.shapes:
            yield shrink(g, tuple(s))


class Mul(GenFunction):
    @staticmethod
    def forward(ctx, a, b):
        ctx.op, ctx.ab = Mul, (data(a).copy(), data(b).copy())
        return wrap(ctx.ab[0] * ctx.ab[1])

    @staticmethod
    def grads(ctx, g):
        a, b = ctx.ab
        yield shrink(g * b, a.shape)
        yield shrink(g * a, b.shape)


class Div(GenFunction):
    @staticmethod
    def forward(ctx, a, b):
        ctx.op, ctx.ab = Div, (data(a).copy(), data(b).copy())
        return wrap(ctx.ab[0] / ctx.ab[1])

    @staticmethod
    def grads(ctx, g):
        a, b = ctx.ab
        yield shrink(g / b, a.shape)
        yield shrink(-g * a / b ** 2, b.shape)


class Exp(GenFunction):
    @staticmethod
    def forward(ctx, x):
        ctx.op, ctx.y = Exp, np.exp(data(x))
        return wrap(ctx.y)

    @staticmethod
    def grads(ctx, g):
        yield g * ctx.y


class Log(GenFunction):
    @staticmethod
    def forward(ctx, x):
        ctx.op, ctx.x = Log, data(x).copy()
        return wrap(np.log(ctx.x))

    @staticmethod
    def grads(ctx, g):
        yield g / ctx.x


class ReLU(GenFunction):
    @staticmethod
    def forward(ctx, x):
        ctx.op, ctx.pos = ReLU, data(x) > 0
        return wrap(np.where(ctx.pos, data(x), 0.0))

    @staticmethod
    def grads(ctx, g):
        yield np.where(ctx.pos, g, 0.0)


class Tanh(GenFunction):
    @staticmethod
    def forward(ctx, x):
        ctx.op, ctx.y = Tanh, np.tanh(data(x))
        return wrap(ctx.y)

    @staticmethod
    def grads(ctx, g):
        yield g * (1.0 - ctx.y ** 2)


class Sigmoid(GenFunction):
    @staticmethod
    def forward(ctx, x):
        v = data(x)
        e = np.exp(-np.abs(v))
        ctx.op, ctx.y = Sigmoid, np.where(v >= 0, 1.0, e) / (1.0 + e)
        return wrap(ctx.y)

    @staticmethod
    def grads(ctx, g):
        yield g * ctx.y * (1.0 - ctx.y)


class MatMul(GenFunction):
    @staticmethod
    def forward(ctx, a, b):
        ctx.op, ctx.ab = MatMul, (data(a).copy(), data(b).copy())
        return wrap(ctx.ab[0].dot(ctx.ab[1]))

    @staticmethod
    def grads(ctx, g):
        a, b = ctx.ab
        yield g.dot(b.T)
        yield a.T.dot(g)


class Sum(GenFunction):
    @staticmethod
    def forward(ctx, x, dim=None, keepdim=False):
        v = data(x)
        ctx.op, ctx.shape, ctx.dim, ctx.keepdim = Sum, v.shape, dim, keepdim
        return wrap(v.sum() if dim is None else v.sum(axis=dim, keepdims=keepdim))

    @staticmethod
    def grads(ctx, g):
        if ctx.dim is not None and not ctx.keepdim:
            g = np.expand_dims(g, ctx.dim if ctx.dim >= 0 else len(ctx.shape) + ctx.dim)
        yield np.broadcast_to(g, ctx.shape).copy()
        yield None
        yield None
