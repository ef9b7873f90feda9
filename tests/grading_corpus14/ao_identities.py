"""Elementwise ops through identities: tanh(x) = 2 sigmoid(2x) - 1 with a sigmoid built from np.logaddexp,
log's derivative as exp(-log x), ReLU as (x + |x|) / 2 with a sign-based mask; Div as a * b**-1 with both
partials from the product rule. Un-broadcast through np.sum with `where=` never needed: plain axis sums."""
import numpy as np

import minigrad
from minigrad.autograd import Function


def A(t):
    return np.asarray(t.detach().numpy(), dtype=np.float64)


def T(a):
    return minigrad.tensor(np.asarray(a, dtype=np.float64), requires_grad=False)


def sigmoid(v):
    return np.exp(-np.logaddexp(0.0, -v))


def fold(g, shape):
    k = g.ndim - len(shape)
    g = np.sum(g, axis=tuple(range(k))) if k else g
    keep = tuple(i for i, n in enumerate(shape) if n == 1)
    return np.sum(g, axis=keep, keepdims=True) if keep else g


class Add(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.shapes = A(a).shape, A(b).shape
        return T(A(a) + A(b))

    @staticmethod
    def backward(ctx, grad_output):
        g = A(grad_output)
        return T(fold(g, ctx.shapes[0])), T(fold(g, ctx.shapes[1]))


class Mul(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return T(np.multiply(A(a), A(b)))

    @staticmethod
    def backward(ctx, grad_output):
        a, b = (A(t) for t in ctx.saved_tensors)
        g = A(grad_output)
        return T(fold(np.multiply(g, b), a.shape)), T(fold(np.multiply(g, a), b.shape))


class Div(Function):
    @staticmethod
    def forward(ctx, a, b):
        a, b = A(a), A(b)
        inv = np.power(b, -1.0)
        ctx.a, ctx.inv = a, inv
        return T(a * inv)

    @staticmethod
    def backward(ctx, grad_output):
        g = A(grad_output)
        # d(a * r)/da = r ; d(a * r)/db = a * dr/db = a * (-r**2)
        return T(fold(g * ctx.inv, ctx.a.shape)), T(fold(-g * ctx.a * ctx.inv * ctx.inv, ctx.inv.shape))


class Exp(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.y = np.exp(A(x))
        return T(ctx.y)

    @staticmethod
    def backward(ctx, grad_output):
        return T(A(grad_output) * ctx.y)


class Log(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.y = np.log(A(x))
        return T(ctx.y)

    @staticmethod
    def backward(ctx, grad_output):
        return T(A(grad_output) / np.exp(ctx.y))


class ReLU(Function):
    @staticmethod
    def forward(ctx, x):
        v = A(x)
        ctx.mask = np.sign(v) > 0
        return T((v + np.abs(v)) / 2)

    @staticmethod
    def backward(ctx, grad_output):
        return T(A(grad_output) * ctx.mask)


class Tanh(Function):
    @staticmethod
    def forward(ctx, x):
        y = 2.0 * sigmoid(2.0 * A(x)) - 1.0
        ctx.y = y
        return T(y)

    @staticmethod
    def backward(ctx, grad_output):
        return T(A(grad_output) * (1.0 - ctx.y) * (1.0 + ctx.y))


class Sigmoid(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.s = sigmoid(A(x))
        return T(ctx.s)

    @staticmethod
    def backward(ctx, grad_output):
        return T(A(grad_output) * ctx.s * (1.0 - ctx.s))


class MatMul(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.a, ctx.b = A(a), A(b)
        return T(np.einsum("ik,kj->ij", ctx.a, ctx.b))

    @staticmethod
    def backward(ctx, grad_output):
        g = A(grad_output)
        return T(np.einsum("ij,kj->ik", g, ctx.b)), T(np.einsum("ik,ij->kj", ctx.a, g))


class Sum(Function):
    @staticmethod
    def forward(ctx, x, dim=None, keepdim=False):
        v = A(x)
        ctx.meta = (v.shape, dim, keepdim)
        if dim is None:
            return T(np.add.reduce(v, axis=None))
        return T(np.add.reduce(v, axis=dim, keepdims=keepdim))

    @staticmethod
    def backward(ctx, grad_output):
        shape, dim, keepdim = ctx.meta
        g = A(grad_output)
        if dim is not None and not keepdim:
            axis = dim + len(shape) if dim < 0 else dim
            g = np.reshape(g, g.shape[:axis] + (1,) + g.shape[axis:])
        return T(np.zeros(shape) + g)
