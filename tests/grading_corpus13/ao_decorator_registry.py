"""Each op is one decorated backward rule: @op(forward) turns a function of (saved, g) into a Function subclass.
Backward rules are generators (one gradient per input, yielded in order); the class collects them into a tuple."""
import numpy as np

import minigrad
from minigrad.autograd import Function

OPS = {}


def _np(t):
    return t.detach().numpy()


def _reduce(g, shape):
    lead = g.ndim - len(shape)
    axes = tuple(range(lead)) + tuple(lead + i for i, n in enumerate(shape) if n == 1)
    return np.add.reduce(g, axis=axes, keepdims=True).reshape(shape) if axes else g


def op(fwd, broadcast=False):
    def register(rule):
        def forward(ctx, *inputs, **options):
            arrays = [_np(t) for t in inputs]
            out = fwd(*arrays, **options)
            ctx.saved = (arrays, out, options)
            return minigrad.tensor(np.asarray(out, dtype=np.float64))

        def backward(ctx, grad_output):
            arrays, out, options = ctx.saved
            grads = tuple(rule(arrays, out, _np(grad_output), **options))
            if broadcast:
                grads = tuple(_reduce(gr, a.shape) for gr, a in zip(grads, arrays))
            return tuple(minigrad.tensor(np.asarray(gr, dtype=np.float64)) for gr in grads)

        cls = type(rule.__name__, (Function,), {"forward": staticmethod(forward), "backward": staticmethod(backward)})
        OPS[rule.__name__] = cls
        return cls
    return register


@op(np.add, broadcast=True)
def Add(xs, out, g):
    yield g
    yield g


@op(np.multiply, broadcast=True)
def Mul(xs, out, g):
    a, b = xs
    yield g * b
    yield g * a


@op(np.divide, broadcast=True)
def Div(xs, out, g):
    a, b = xs
    yield g / b
    yield -g * a / np.square(b)


@op(np.exp)
def Exp(xs, out, g):
    yield g * out


@op(np.log)
def Log(xs, out, g):
    yield g / xs[0]


@op(lambda x: np.maximum(x, 0))
def ReLU(xs, out, g):
    yield g * (xs[0] > 0)


@op(np.tanh)
def Tanh(xs, out, g):
    yield g * (1 - out ** 2)


def _sigmoid(x):
    out = np.empty_like(x)
    pos = x >= 0
    out[pos] = 1 / (1 + np.exp(-x[pos]))
    ex = np.exp(x[~pos])
    out[~pos] = ex / (1 + ex)
    return out


@op(_sigmoid)
def Sigmoid(xs, out, g):
    yield g * out * (1 - out)


@op(np.matmul)
def MatMul(xs, out, g):
    a, b = xs
    yield g @ b.T
    yield a.T @ g


def _sum(x, dim=None, keepdim=False):
    return np.sum(x, axis=dim, keepdims=keepdim)


@op(_sum)
def Sum(xs, out, g, dim=None, keepdim=False):
    x = xs[0]
    if dim is not None and not keepdim:
        g = np.expand_dims(g, dim)
    yield np.broadcast_to(g, x.shape)
