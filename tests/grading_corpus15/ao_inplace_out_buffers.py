"""autograd-ops computed into fresh buffers with out= and in-place updates on copies; every array made float64
explicitly (astype), a module-level cache of ones per shape (read-only), and Sigmoid/Tanh by cases on the sign."""
import numpy as np

import minigrad
from minigrad.autograd import Function

_ONES = {}


def ones(shape):
    if shape not in _ONES:
        a = np.ones(shape, dtype=np.float64)
        a.setflags(write=False)
        _ONES[shape] = a
    return _ONES[shape]


def f64(t):
    return np.array(t.detach().numpy(), dtype=np.float64, copy=True)


def out(a):
    return minigrad.from_numpy(np.array(a, dtype=np.float64))


def collapse(g, shape):
    acc = g
    nlead = acc.ndim - len(shape)
    if nlead:
        acc = np.add.reduce(acc, axis=tuple(range(nlead)))
    for ax, n in enumerate(shape):
        if n == 1 and acc.shape[ax] > 1:
            acc = np.add.reduce(acc, axis=ax, keepdims=True)
    return acc


class Add(Function):
    @staticmethod
    def forward(ctx, a, b):
        x, y = f64(a), f64(b)
        ctx.sa, ctx.sb = x.shape, y.shape
        res = np.empty(np.broadcast_shapes(x.shape, y.shape))
        np.add(x, y, out=res)
        return out(res)

    @staticmethod
    def backward(ctx, grad_output):
        g = f64(grad_output)
        return out(collapse(g, ctx.sa)), out(collapse(g, ctx.sb))


class Mul(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.x, ctx.y = f64(a), f64(b)
        return out(ctx.x * ctx.y)

    @staticmethod
    def backward(ctx, grad_output):
        ga = f64(grad_output)
        gb = ga.copy()
        ga *= ctx.y
        gb *= ctx.x
        return out(collapse(ga, ctx.x.shape)), out(collapse(gb, ctx.y.shape))


class Div(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.x, ctx.y = f64(a), f64(b)
        return out(ctx.x / ctx.y)

    @staticmethod
    def backward(ctx, grad_output):
        g = f64(grad_output)
        ga = g / ctx.y
        gb = ga * ctx.x
        gb /= ctx.y
        np.negative(gb, out=gb)
        return out(collapse(ga, ctx.x.shape)), out(collapse(gb, ctx.y.shape))


class Exp(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.y = np.exp(f64(x))
        return out(ctx.y)

    @staticmethod
    def backward(ctx, grad_output):
        g = f64(grad_output)
        g *= ctx.y
        return out(g)


class Log(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.x = f64(x)
        return out(np.log(ctx.x))

    @staticmethod
    def backward(ctx, grad_output):
        g = f64(grad_output)
        np.divide(g, ctx.x, out=g)
        return out(g)


class ReLU(Function):
    @staticmethod
    def forward(ctx, x):
        v = f64(x)
        ctx.dead = v <= 0
        v[ctx.dead] = 0.0
        return out(v)

    @staticmethod
    def backward(ctx, grad_output):
        g = f64(grad_output)
        g[ctx.dead] = 0.0
        return out(g)


class Tanh(Function):
    @staticmethod
    def forward(ctx, x):
        v = f64(x)
        e = np.exp(-2.0 * np.abs(v))
        ctx.y = np.sign(v) * (1.0 - e) / (1.0 + e)
        return out(ctx.y)

    @staticmethod
    def backward(ctx, grad_output):
        g = f64(grad_output)
        g *= ones(ctx.y.shape) - ctx.y * ctx.y
        return out(g)


class Sigmoid(Function):
    @staticmethod
    def forward(ctx, x):
        v = f64(x)
        s = np.empty_like(v)
        neg = v < 0
        s[~neg] = 1.0 / (1.0 + np.exp(-v[~neg]))
        ez = np.exp(v[neg])
        s[neg] = ez / (1.0 + ez)
        ctx.s = s
        return out(s)

    @staticmethod
    def backward(ctx, grad_output):
        g = f64(grad_output)
        g *= ctx.s
        g *= ones(ctx.s.shape) - ctx.s
        return out(g)


class MatMul(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.x, ctx.y = f64(a), f64(b)
        res = np.empty((ctx.x.shape[0], ctx.y.shape[1]))
        np.matmul(ctx.x, ctx.y, out=res)
        return out(res)

    @staticmethod
    def backward(ctx, grad_output):
        g = f64(grad_output)
        return out(np.matmul(g, ctx.y.T)), out(np.matmul(ctx.x.T, g))


class Sum(Function):
    @staticmethod
    def forward(ctx, x, dim=None, keepdim=False):
        v = f64(x)
        ctx.args = (v.shape, dim, keepdim)
        return out(np.sum(v, axis=dim, keepdims=keepdim))

    @staticmethod
    def backward(ctx, grad_output):
        shape, dim, keepdim = ctx.args
        g = f64(grad_output)
        if dim is not None and not keepdim:
            g = np.expand_dims(g, dim)
        res = ones(shape).copy()
        res *= g
        return out(res), None, None
