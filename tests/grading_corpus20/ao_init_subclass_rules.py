"""autograd-ops from rules: each op class states its forward (``f``) and its partial derivatives (``df``: one per
input, each a function of the inputs, the output and grad_output) as plain class attributes; ``__init_subclass__``
turns them into forward/backward. Gradients are put back to each input's shape by aligning the shapes with leading
ones and summing where the input had size 1."""
import numpy as np

import minigrad
from minigrad.autograd import Function


def to_shape(g, shape):
    padded = (1,) * (g.ndim - len(shape)) + tuple(shape)
    axes = tuple(i for i, (want, have) in enumerate(zip(padded, g.shape)) if want == 1 and have != 1)
    return np.sum(g, axis=axes, keepdims=True).reshape(shape)


class Rule(Function):
    f = None
    df = ()

    def __init_subclass__(cls, **kw):
        super().__init_subclass__(**kw)
        f, df = cls.__dict__["f"], cls.__dict__["df"]

        def forward(ctx, *ts):
            xs = tuple(t.detach().numpy().astype(np.float64) for t in ts)
            ctx.xs, ctx.y = xs, np.asarray(f(*xs))
            return minigrad.tensor(ctx.y)

        def backward(ctx, grad_output):
            g = grad_output.detach().numpy()
            grads = tuple(minigrad.tensor(to_shape(d(g, ctx.y, *ctx.xs), x.shape)) for d, x in zip(df, ctx.xs))
            return grads if len(grads) > 1 else grads[0]

        cls.forward, cls.backward = staticmethod(forward), staticmethod(backward)


def _sig(x):
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0, e) / (1.0 + e)


class Add(Rule):
    f = np.add
    df = (lambda g, y, a, b: g, lambda g, y, a, b: g)


class Mul(Rule):
    f = np.multiply
    df = (lambda g, y, a, b: g * b, lambda g, y, a, b: g * a)


class Div(Rule):
    f = np.divide
    df = (lambda g, y, a, b: g / b, lambda g, y, a, b: -g * y / b)


class Exp(Rule):
    f = np.exp
    df = (lambda g, y, x: g * y,)


class Log(Rule):
    f = np.log
    df = (lambda g, y, x: g / x,)


class ReLU(Rule):
    f = staticmethod(lambda x: np.maximum(x, 0.0))
    df = (lambda g, y, x: np.where(x > 0, g, 0.0),)


class Tanh(Rule):
    f = np.tanh
    df = (lambda g, y, x: g * (1.0 - y ** 2),)


class Sigmoid(Rule):
    f = staticmethod(_sig)
    df = (lambda g, y, x: g * y * (1.0 - y),)


class MatMul(Rule):
    f = np.matmul
    df = (lambda g, y, a, b: g @ b.T, lambda g, y, a, b: a.T @ g)


class Sum(Function):
    @staticmethod
    def forward(ctx, x, dim=None, keepdim=False):
        ctx.meta = x.shape, dim, keepdim
        return minigrad.tensor(np.asarray(x.detach().numpy().sum(axis=dim, keepdims=keepdim)))

    @staticmethod
    def backward(ctx, grad_output):
        shape, dim, keepdim = ctx.meta
        g = grad_output.detach().numpy()
        if dim is not None and not keepdim:
            g = np.expand_dims(g, dim)
        return minigrad.tensor(g * np.ones(shape)), None, None
