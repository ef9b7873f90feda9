"""autograd ops: saved values in collections.namedtuple records, arithmetic carried out in np.longdouble
(extended precision) and rounded to float64 at the end; backward returns a generator turned into a tuple."""
from collections import namedtuple, OrderedDict

import numpy as np

import minigrad
from minigrad.autograd import Function

Pair = namedtuple("Pair", "a b")
Unary = namedtuple("Unary", "x y")
SumMeta = namedtuple("SumMeta", "shape dim keepdim")

LD = np.longdouble


def ld(t):
    return t.detach().numpy().astype(LD)


def f64(a):
    return minigrad.tensor(np.asarray(a, dtype=np.float64))


def unbroadcast(g, shape):
    g = g.sum(axis=tuple(range(g.ndim - len(shape))))
    return g.sum(axis=tuple(i for i, s in enumerate(shape) if s == 1), keepdims=True)


class Add(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.p = Pair(ld(a), ld(b))
        return f64(ctx.p.a + ctx.p.b)

    @staticmethod
    def backward(ctx, grad_output):
        g = ld(grad_output)
        return tuple(f64(unbroadcast(g, v.shape)) for v in ctx.p)


class Mul(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.p = Pair(ld(a), ld(b))
        return f64(ctx.p.a * ctx.p.b)

    @staticmethod
    def backward(ctx, grad_output):
        g, (a, b) = ld(grad_output), ctx.p
        return tuple(f64(unbroadcast(gi, v.shape)) for gi, v in ((g * b, a), (g * a, b)))


class Div(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.p = Pair(ld(a), ld(b))
        return f64(ctx.p.a / ctx.p.b)

    @staticmethod
    def backward(ctx, grad_output):
        g, (a, b) = ld(grad_output), ctx.p
        return tuple(f64(unbroadcast(gi, v.shape)) for gi, v in ((g / b, a), (-g * a / (b * b), b)))


def _unary(fn, dfn):
    class Op(Function):
        @staticmethod
        def forward(ctx, x):
            xv = ld(x)
            with np.errstate(over="ignore"):
                ctx.u = Unary(xv, fn(xv))
            return f64(ctx.u.y)

        @staticmethod
        def backward(ctx, grad_output):
            return f64(ld(grad_output) * dfn(*ctx.u))
    return Op


OPS = OrderedDict([
    ("Exp", (np.exp, lambda x, y: y)),
    ("Log", (np.log, lambda x, y: 1 / x)),
    ("ReLU", (lambda x: np.maximum(x, 0), lambda x, y: (x > 0).astype(LD))),
    ("Tanh", (np.tanh, lambda x, y: 1 - y ** 2)),
    ("Sigmoid", (lambda x: 1 / (1 + np.exp(-x)), lambda x, y: y * (1 - y))),   # exp(1000) is finite in long double?
])
Exp, Log, ReLU, Tanh, Sigmoid = (_unary(*v) for v in OPS.values())


class MatMul(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.p = Pair(a.detach().numpy(), b.detach().numpy())
        return f64(ctx.p.a @ ctx.p.b)

    @staticmethod
    def backward(ctx, grad_output):
        g, (a, b) = grad_output.detach().numpy(), ctx.p
        return f64(g @ b.T), f64(a.T @ g)


class Sum(Function):
    @staticmethod
    def forward(ctx, x, dim=None, keepdim=False):
        xv = ld(x)
        ctx.m = SumMeta(xv.shape, dim, keepdim)
        return f64(xv.sum(axis=dim, keepdims=keepdim))

    @staticmethod
    def backward(ctx, grad_output):
        shape, dim, keepdim = ctx.m
        g = ld(grad_output)
        if dim is not None and not keepdim:
            g = np.expand_dims(g, dim)
        return f64(np.broadcast_to(g, shape)), None, None
