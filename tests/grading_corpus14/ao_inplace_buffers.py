"""In-place accumulation into preallocated gradient buffers: each gradient starts as np.zeros of the input's shape
and grad_output is added into it slice by slice (the broadcast copies added one by one with +=), so nothing is
reduced with sum(); elementwise results are written with ufunc out= into fresh arrays."""
import itertools

import numpy as np

import minigrad
from minigrad.autograd import Function


def np_(t):
    return t.detach().numpy()


def out_(a):
    return minigrad.tensor(a, dtype=minigrad.float64)


def accumulate(g, shape):
    """grad of a broadcast input: add every broadcast copy of it (a slice of g) into one buffer."""
    buf = np.zeros(shape)
    shape_p = (1,) * (g.ndim - len(shape)) + tuple(shape)
    tiled = [range(m) if n == 1 and m > 1 else [slice(None)] for n, m in zip(shape_p, g.shape)]
    if all(isinstance(r, list) for r in tiled):
        buf += g.reshape(shape)
        return buf
    view = buf.reshape(shape_p)
    for idx in itertools.product(*[r if isinstance(r, range) else r for r in tiled]):
        sel = tuple(slice(i, i + 1) if isinstance(i, int) else i for i in idx)
        view += g[sel]
    return buf


class Add(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.sa, ctx.sb = tuple(a.shape), tuple(b.shape)
        res = np.empty(np.broadcast_shapes(ctx.sa, ctx.sb))
        np.add(np_(a), np_(b), out=res)
        return out_(res)

    @staticmethod
    def backward(ctx, grad_output):
        g = np_(grad_output)
        return out_(accumulate(g, ctx.sa)), out_(accumulate(g, ctx.sb))


class Mul(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.a, ctx.b = np_(a).copy(), np_(b).copy()
        return out_(np.multiply(ctx.a, ctx.b))

    @staticmethod
    def backward(ctx, grad_output):
        g = np_(grad_output)
        return out_(accumulate(g * ctx.b, ctx.a.shape)), out_(accumulate(g * ctx.a, ctx.b.shape))


class Div(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.a, ctx.b = np_(a).copy(), np_(b).copy()
        return out_(np.divide(ctx.a, ctx.b))

    @staticmethod
    def backward(ctx, grad_output):
        g = np_(grad_output)
        ga = np.divide(g, ctx.b)
        gb = np.multiply(ga, ctx.a)
        np.divide(gb, ctx.b, out=gb)
        np.negative(gb, out=gb)
        return out_(accumulate(ga, ctx.a.shape)), out_(accumulate(gb, ctx.b.shape))


class Exp(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.y = np.exp(np_(x))
        return out_(ctx.y)

    @staticmethod
    def backward(ctx, grad_output):
        res = np.array(np_(grad_output))
        res *= ctx.y
        return out_(res)


class Log(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.x = np_(x).copy()
        return out_(np.log(ctx.x))

    @staticmethod
    def backward(ctx, grad_output):
        res = np.array(np_(grad_output))
        res /= ctx.x
        return out_(res)


class ReLU(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.off = np_(x) <= 0
        res = np.array(np_(x))
        res[ctx.off] = 0.0
        return out_(res)

    @staticmethod
    def backward(ctx, grad_output):
        res = np.array(np_(grad_output))
        res[ctx.off] = 0.0
        return out_(res)


class Tanh(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.y = np.tanh(np_(x))
        return out_(ctx.y)

    @staticmethod
    def backward(ctx, grad_output):
        res = np.square(ctx.y)
        np.subtract(1.0, res, out=res)
        res *= np_(grad_output)
        return out_(res)


class Sigmoid(Function):
    @staticmethod
    def forward(ctx, x):
        v = np_(x)
        res = np.exp(-np.abs(v))
        np.divide(np.where(v >= 0, 1.0, res), 1.0 + res, out=res)
        ctx.s = res
        return out_(res.copy())

    @staticmethod
    def backward(ctx, grad_output):
        res = 1.0 - ctx.s
        res *= ctx.s
        res *= np_(grad_output)
        return out_(res)


class MatMul(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.a, ctx.b = np_(a).copy(), np_(b).copy()
        res = np.empty((ctx.a.shape[0], ctx.b.shape[1]))
        np.matmul(ctx.a, ctx.b, out=res)
        return out_(res)

    @staticmethod
    def backward(ctx, grad_output):
        g = np_(grad_output)
        ga = np.zeros_like(ctx.a)
        gb = np.zeros_like(ctx.b)
        np.matmul(g, ctx.b.T, out=ga)
        np.matmul(ctx.a.T, g, out=gb)
        return out_(ga), out_(gb)


class Sum(Function):
    @staticmethod
    def forward(ctx, x, dim=None, keepdim=False):
        v = np_(x)
        ctx.shape, ctx.dim, ctx.keepdim = v.shape, dim, keepdim
        return out_(np.sum(v) if dim is None else np.sum(v, axis=dim, keepdims=keepdim))

    @staticmethod
    def backward(ctx, grad_output):
        g = np_(grad_output)
        res = np.zeros(ctx.shape)
        if ctx.dim is None:
            res += g
            return out_(res)
        d = ctx.dim % len(ctx.shape)
        res += g if ctx.keepdim else np.expand_dims(g, d)
        return out_(res)
