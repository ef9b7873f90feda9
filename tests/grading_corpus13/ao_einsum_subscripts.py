"""Every reduction is an np.einsum whose subscripts are generated: un-broadcasting keeps the input's letters (a
size-1 axis of the input gets its own letter, summed out, then restored with a reshape); Sum drops one letter;
MatMul is 'ik,kj->ij' and its two adjoints."""
import string

import numpy as np

import minigrad
from minigrad.autograd import Function

LETTERS = string.ascii_lowercase


def _a(t):
    return t.detach().numpy()


def _t(a):
    return minigrad.tensor(np.array(a, dtype=np.float64))


def sum_to(g, shape):
    lead = g.ndim - len(shape)
    src = LETTERS[:g.ndim]
    dst = "".join(src[lead + i] for i, n in enumerate(shape) if n != 1 or g.shape[lead + i] == 1)
    return np.einsum(f"{src}->{dst}", g).reshape(shape)


class Add(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.shapes = a.shape, b.shape
        return _t(np.add(_a(a), _a(b)))

    @staticmethod
    def backward(ctx, grad_output):
        g = _a(grad_output)
        return tuple(_t(sum_to(g, s)) for s in ctx.shapes)


class Mul(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.ab = _a(a), _a(b)
        return _t(ctx.ab[0] * ctx.ab[1])

    @staticmethod
    def backward(ctx, grad_output):
        a, b = ctx.ab
        g = _a(grad_output)
        return _t(sum_to(g * b, a.shape)), _t(sum_to(g * a, b.shape))


class Div(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.ab = _a(a), _a(b)
        return _t(ctx.ab[0] / ctx.ab[1])

    @staticmethod
    def backward(ctx, grad_output):
        a, b = ctx.ab
        g = _a(grad_output)
        return _t(sum_to(g / b, a.shape)), _t(sum_to(-(g * a) / (b ** 2), b.shape))


class _Unary(Function):
    @classmethod
    def forward(cls, ctx, x):
        ctx.x = _a(x)
        ctx.y = cls.f(ctx.x)
        return _t(ctx.y)

    @classmethod
    def backward(cls, ctx, grad_output):
        return _t(np.einsum("...,...->...", _a(grad_output), cls.df(ctx.x, ctx.y)))


class Exp(_Unary):
    f = staticmethod(np.exp)
    df = staticmethod(lambda x, y: y)


class Log(_Unary):
    f = staticmethod(np.log)
    df = staticmethod(lambda x, y: 1 / x)


class ReLU(_Unary):
    f = staticmethod(lambda x: x * (x > 0))
    df = staticmethod(lambda x, y: (x > 0).astype(np.float64))


class Tanh(_Unary):
    f = staticmethod(np.tanh)
    df = staticmethod(lambda x, y: 1 - y * y)


class Sigmoid(_Unary):
    f = staticmethod(lambda x: np.exp(-np.logaddexp(0.0, -x)))       # 1 / (1 + e^-x) = e^(-log(1 + e^-x))
    df = staticmethod(lambda x, y: y * (1 - y))


class MatMul(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.ab = _a(a), _a(b)
        return _t(np.einsum("ik,kj->ij", *ctx.ab))

    @staticmethod
    def backward(ctx, grad_output):
        a, b = ctx.ab
        g = _a(grad_output)
        return _t(np.einsum("ij,kj->ik", g, b)), _t(np.einsum("ik,ij->kj", a, g))


class Sum(Function):
    @staticmethod
    def forward(ctx, x, dim=None, keepdim=False):
        xv = _a(x)
        src = LETTERS[:xv.ndim]
        if dim is None:
            ctx.info = (xv.shape, None, keepdim)
            return _t(np.einsum(f"{src}->", xv))
        d = dim % xv.ndim
        ctx.info = (xv.shape, d, keepdim)
        out = np.einsum(f"{src}->{src[:d] + src[d + 1:]}", xv)
        return _t(np.expand_dims(out, d) if keepdim else out)

    @staticmethod
    def backward(ctx, grad_output):
        shape, d, keepdim = ctx.info
        g = _a(grad_output)
        if d is not None and not keepdim:
            g = np.expand_dims(g, d)
        return _t(g * np.ones(shape))
