"""autograd-ops, honest: each forward computes with minigrad's own tensor ops while recording a graph (on
detached copies, indexing rows with x[i] and slices), and each backward is written by hand with NumPy. The
recorded graph is never used for the gradients: it is only how this student likes to compute forward."""
import numpy as np

import minigrad
from minigrad.autograd import Function


def _rows(t):
    with minigrad.enable_grad():
        c = t.detach().requires_grad_(True)
        return minigrad.stack([c[i] for i in range(c.shape[0])]) if c.dim() > 0 else c * 1.0


def _unbroadcast(g, shape):
    while g.ndim > len(shape):
        g = g.sum(axis=0)
    for i, n in enumerate(shape):
        if n == 1 and g.shape[i] != 1:
            g = g.sum(axis=i, keepdims=True)
    return g


class Add(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.shapes = a.shape, b.shape
        return (_rows(a) + _rows(b)).detach()

    @staticmethod
    def backward(ctx, g):
        g = g.numpy()
        return minigrad.tensor(_unbroadcast(g, ctx.shapes[0])), minigrad.tensor(_unbroadcast(g, ctx.shapes[1]))


class Mul(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.a, ctx.b = a.detach().numpy().copy(), b.detach().numpy().copy()
        return (_rows(a) * _rows(b)).detach()

    @staticmethod
    def backward(ctx, g):
        g = g.numpy()
        return (minigrad.tensor(_unbroadcast(g * ctx.b, ctx.a.shape)),
                minigrad.tensor(_unbroadcast(g * ctx.a, ctx.b.shape)))


class MatMul(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.a, ctx.b = a.detach().numpy().copy(), b.detach().numpy().copy()
        return (_rows(a) @ _rows(b)).detach()

    @staticmethod
    def backward(ctx, g):
        g = g.numpy()
        return minigrad.tensor(g @ ctx.b.T), minigrad.tensor(ctx.a.T @ g)


class ReLU(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.x = x.detach().numpy().copy()
        return minigrad.relu(_rows(x)).detach()

    @staticmethod
    def backward(ctx, g):
        return minigrad.tensor(g.numpy() * (ctx.x > 0))
