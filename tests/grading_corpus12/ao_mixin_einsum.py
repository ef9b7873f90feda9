"""Autograd ops built from two mixins: an elementwise base class (subclasses give the function and its
derivative as staticmethods) and a broadcasting mixin; MatMul and Sum with np.einsum / np.expand_dims."""
from __future__ import annotations

import numpy as np

import minigrad
from minigrad.autograd import Function


class NumpyMixin:
    @staticmethod
    def arr(t) -> np.ndarray:
        return t.detach().numpy()

    @staticmethod
    def wrap(a) -> minigrad.Tensor:
        return minigrad.tensor(np.asarray(a, dtype=np.float64))


class BroadcastMixin:
    @staticmethod
    def unbroadcast(g: np.ndarray, shape) -> np.ndarray:
        extra = g.ndim - len(shape)
        axes = tuple(range(extra)) + tuple(extra + i for i, n in enumerate(shape) if n == 1 and g.shape[extra + i] != 1)
        return g.sum(axis=axes).reshape(shape) if axes else g


class Elementwise(NumpyMixin, Function):
    """Subclasses define f(x) and df(x, y) as staticmethods; forward and backward are shared."""

    @classmethod
    def forward(cls, ctx, x):
        xv = cls.arr(x)
        y = cls.f(xv)
        ctx.x, ctx.y = xv, y
        return cls.wrap(y)

    @classmethod
    def backward(cls, ctx, grad_output):
        return cls.wrap(cls.arr(grad_output) * cls.df(ctx.x, ctx.y))


class Exp(Elementwise):
    f = staticmethod(np.exp)

    @staticmethod
    def df(x, y):
        return y


class Log(Elementwise):
    f = staticmethod(np.log)

    @staticmethod
    def df(x, y):
        return np.reciprocal(x)


class ReLU(Elementwise):
    @staticmethod
    def f(x):
        return np.maximum(x, 0.0)

    @staticmethod
    def df(x, y):
        return np.greater(x, 0).astype(x.dtype)


class Tanh(Elementwise):
    @staticmethod
    def f(x):
        # 1 - 2 / (exp(2x) + 1): exp overflows to inf for large x, and 2 / inf = 0, so this is still right
        with np.errstate(over="ignore"):
            return 1.0 - 2.0 / (np.exp(2.0 * x) + 1.0)

    @staticmethod
    def df(x, y):
        return 1.0 - np.square(y)


class Sigmoid(Elementwise):
    @staticmethod
    def f(x):
        return 0.5 * (1.0 + np.tanh(0.5 * x))       # the same function, never overflows

    @staticmethod
    def df(x, y):
        return y - y * y


class Binary(NumpyMixin, BroadcastMixin, Function):
    @classmethod
    def forward(cls, ctx, a, b):
        av, bv = cls.arr(a), cls.arr(b)
        ctx.ab = (av, bv)
        return cls.wrap(cls.f(av, bv))

    @classmethod
    def backward(cls, ctx, grad_output):
        av, bv = ctx.ab
        g = cls.arr(grad_output)
        da, db = cls.partials(av, bv)
        return cls.wrap(cls.unbroadcast(g * da, av.shape)), cls.wrap(cls.unbroadcast(g * db, bv.shape))


class Add(Binary):
    f = staticmethod(np.add)

    @staticmethod
    def partials(a, b):
        return np.ones_like(a), np.ones_like(b)


class Mul(Binary):
    f = staticmethod(np.multiply)

    @staticmethod
    def partials(a, b):
        return b, a


class Div(Binary):
    f = staticmethod(np.true_divide)

    @staticmethod
    def partials(a, b):
        return 1.0 / b, -a / (b * b)


class MatMul(NumpyMixin, Function):
    @classmethod
    def forward(cls, ctx, a, b):
        ctx.a, ctx.b = cls.arr(a), cls.arr(b)
        return cls.wrap(np.einsum("ik,kj->ij", ctx.a, ctx.b))

    @classmethod
    def backward(cls, ctx, grad_output):
        g = cls.arr(grad_output)
        return cls.wrap(np.einsum("ij,kj->ik", g, ctx.b)), cls.wrap(np.einsum("ik,ij->kj", ctx.a, g))


class Sum(NumpyMixin, Function):
    @classmethod
    def forward(cls, ctx, x, dim=None, keepdim=False):
        xv = cls.arr(x)
        ctx.meta = (xv.shape, dim, keepdim)
        return cls.wrap(xv.sum(axis=dim, keepdims=keepdim))

    @classmethod
    def backward(cls, ctx, grad_output):
        shape, dim, keepdim = ctx.meta
        g = cls.arr(grad_output)
        if dim is not None and not keepdim:
            g = np.expand_dims(g, dim if dim >= 0 else dim + len(shape))
        return cls.wrap(np.broadcast_to(g, shape))
