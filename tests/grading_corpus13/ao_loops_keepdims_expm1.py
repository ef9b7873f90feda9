"""Plain loops where they are cheap: MatMul row by row with np.dot, un-broadcast axis by axis. Sum always reduces
with keepdims=True and reshapes to the requested shape afterwards; tanh through expm1 on |x| (never overflows),
exp and log through expm1 and log1p."""
import numpy as np

import minigrad
from minigrad.autograd import Function


def A(t):
    return np.array(t.detach().numpy(), dtype=np.float64)


def T(a):
    return minigrad.tensor(a, dtype=minigrad.float64)


def unbroadcast(g, shape):
    g = g.reshape((-1,) + g.shape[g.ndim - len(shape):]).sum(axis=0) if g.ndim > len(shape) else g
    for axis in range(len(shape)):
        if shape[axis] == 1 and g.shape[axis] != 1:
            g = g.sum(axis=axis, keepdims=True)
    return g


class Add(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.sa, ctx.sb = a.shape, b.shape
        return T(A(a) + A(b))

    @staticmethod
    def backward(ctx, grad_output):
        g = A(grad_output)
        return T(unbroadcast(g, ctx.sa)), T(unbroadcast(g, ctx.sb))


class Mul(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.a, ctx.b = A(a), A(b)
        return T(ctx.a * ctx.b)

    @staticmethod
    def backward(ctx, grad_output):
        g = A(grad_output)
        return T(unbroadcast(g * ctx.b, ctx.a.shape)), T(unbroadcast(g * ctx.a, ctx.b.shape))


class Div(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.a, ctx.b = A(a), A(b)
        return T(ctx.a / ctx.b)

    @staticmethod
    def backward(ctx, grad_output):
        g = A(grad_output)
        inv = 1.0 / ctx.b
        return T(unbroadcast(g * inv, ctx.a.shape)), T(unbroadcast(-g * ctx.a * inv * inv, ctx.b.shape))


class Exp(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.y = np.expm1(A(x)) + 1.0
        return T(ctx.y)

    @staticmethod
    def backward(ctx, grad_output):
        return T(A(grad_output) * ctx.y)


class Log(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.x = A(x)
        return T(np.log1p(ctx.x - 1.0))

    @staticmethod
    def backward(ctx, grad_output):
        return T(A(grad_output) / ctx.x)


class ReLU(Function):
    @staticmethod
    def forward(ctx, x):
        xv = A(x)
        ctx.d = np.zeros_like(xv)
        ctx.d[xv > 0] = 1.0
        return T(xv * ctx.d)

    @staticmethod
    def backward(ctx, grad_output):
        return T(A(grad_output) * ctx.d)


def _tanh(x):
    m = np.expm1(-2.0 * np.abs(x))          # in (-1, 0]
    return np.sign(x) * (-m / (2.0 + m))


class Tanh(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.y = _tanh(A(x))
        return T(ctx.y)

    @staticmethod
    def backward(ctx, grad_output):
        return T(A(grad_output) * (1.0 - ctx.y * ctx.y))


class Sigmoid(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.y = 0.5 + 0.5 * _tanh(0.5 * A(x))
        return T(ctx.y)

    @staticmethod
    def backward(ctx, grad_output):
        return T(A(grad_output) * ctx.y * (1.0 - ctx.y))


class MatMul(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.a, ctx.b = A(a), A(b)
        return T(np.stack([np.dot(row, ctx.b) for row in ctx.a]))

    @staticmethod
    def backward(ctx, grad_output):
        g = A(grad_output)
        ga = np.stack([np.dot(ctx.b, row) for row in g])             # row @ b.T
        gb = np.zeros_like(ctx.b)
        for i in range(ctx.a.shape[0]):
            gb += np.outer(ctx.a[i], g[i])
        return T(ga), T(gb)


class Sum(Function):
    @staticmethod
    def forward(ctx, x, dim=None, keepdim=False):
        xv = A(x)
        kept = xv.sum(axis=dim, keepdims=True)
        ctx.xshape, ctx.kept_shape = xv.shape, kept.shape
        if dim is None:
            return T(kept.reshape(()))
        return T(kept if keepdim else np.squeeze(kept, axis=dim))

    @staticmethod
    def backward(ctx, grad_output):
        g = A(grad_output).reshape(ctx.kept_shape)        # every case: back to the keepdims shape
        return T(np.broadcast_to(g, ctx.xshape).copy())
