"""Reductions as products with vectors of ones: Sum along a dim is np.tensordot with ones (moveaxis first), its
backward an outer product with ones; un-broadcast is ones @ g.reshape(k, -1) over the leading dims, then keepdims sums.
Saved state through ctx.__dict__.update; small helper methods on a shared base."""
import numpy as np

import minigrad
from minigrad.autograd import Function


class Base(Function):
    @staticmethod
    def val(t):
        return np.asarray(t.detach().numpy(), dtype=np.float64)

    @staticmethod
    def make(a):
        return minigrad.tensor(np.asarray(a, dtype=np.float64))

    @staticmethod
    def to_shape(g, shape):
        lead = g.ndim - len(shape)
        if lead:
            rest = g.shape[lead:]
            g = (np.ones(int(np.prod(g.shape[:lead]))) @ g.reshape(-1, int(np.prod(rest)))).reshape(rest)
        for i, n in enumerate(shape):
            if n == 1 and g.shape[i] > 1:
                g = g.sum(axis=i, keepdims=True)
        return g

    def __repr__(self):
        return f"<{type(self).__name__} function>"


class Add(Base):
    @staticmethod
    def forward(ctx, a, b):
        ctx.__dict__.update(sa=tuple(a.shape), sb=tuple(b.shape))
        return Base.make(Base.val(a) + Base.val(b))

    @staticmethod
    def backward(ctx, grad_output):
        g = Base.val(grad_output)
        return Base.make(Base.to_shape(g, ctx.sa)), Base.make(Base.to_shape(g, ctx.sb))


class Mul(Base):
    @staticmethod
    def forward(ctx, a, b):
        ctx.__dict__.update(a=Base.val(a), b=Base.val(b))
        return Base.make(ctx.a * ctx.b)

    @staticmethod
    def backward(ctx, grad_output):
        g = Base.val(grad_output)
        return Base.make(Base.to_shape(g * ctx.b, ctx.a.shape)), Base.make(Base.to_shape(g * ctx.a, ctx.b.shape))


class Div(Base):
    @staticmethod
    def forward(ctx, a, b):
        ctx.__dict__.update(a=Base.val(a), b=Base.val(b))
        return Base.make(ctx.a / ctx.b)

    @staticmethod
    def backward(ctx, grad_output):
        g = Base.val(grad_output)
        r = 1.0 / ctx.b
        return Base.make(Base.to_shape(g * r, ctx.a.shape)), Base.make(Base.to_shape(-g * ctx.a * r ** 2, ctx.b.shape))


class Exp(Base):
    @staticmethod
    def forward(ctx, x):
        ctx.__dict__.update(y=np.exp(Base.val(x)))
        return Base.make(ctx.y)

    @staticmethod
    def backward(ctx, grad_output):
        return Base.make(Base.val(grad_output) * ctx.y)


class Log(Base):
    @staticmethod
    def forward(ctx, x):
        ctx.__dict__.update(x=Base.val(x))
        return Base.make(np.log(ctx.x))

    @staticmethod
    def backward(ctx, grad_output):
        return Base.make(Base.val(grad_output) * np.reciprocal(ctx.x))


class ReLU(Base):
    @staticmethod
    def forward(ctx, x):
        ctx.__dict__.update(x=Base.val(x))
        return Base.make(np.clip(ctx.x, 0.0, None))

    @staticmethod
    def backward(ctx, grad_output):
        return Base.make(Base.val(grad_output) * np.sign(np.clip(ctx.x, 0.0, None)))


class Tanh(Base):
    @staticmethod
    def forward(ctx, x):
        ctx.__dict__.update(y=np.tanh(Base.val(x)))
        return Base.make(ctx.y)

    @staticmethod
    def backward(ctx, grad_output):
        return Base.make(Base.val(grad_output) * (1.0 - ctx.y ** 2))


class Sigmoid(Base):
    @staticmethod
    def forward(ctx, x):
        xv = Base.val(x)
        # sigmoid(x) = (1 + tanh(x/2)) / 2
        ctx.__dict__.update(y=(1.0 + np.tanh(xv / 2.0)) / 2.0)
        return Base.make(ctx.y)

    @staticmethod
    def backward(ctx, grad_output):
        return Base.make(Base.val(grad_output) * ctx.y * (1.0 - ctx.y))


class MatMul(Base):
    @staticmethod
    def forward(ctx, a, b):
        ctx.__dict__.update(a=Base.val(a), b=Base.val(b))
        return Base.make(ctx.a.dot(ctx.b))

    @staticmethod
    def backward(ctx, grad_output):
        g = Base.val(grad_output)
        return Base.make(g.dot(ctx.b.T)), Base.make(ctx.a.T.dot(g))


class Sum(Base):
    @staticmethod
    def forward(ctx, x, dim=None, keepdim=False):
        xv = Base.val(x)
        ctx.__dict__.update(shape=xv.shape, dim=dim, keepdim=keepdim)
        if dim is None:
            return Base.make(np.ones(xv.size) @ xv.ravel())
        moved = np.moveaxis(xv, dim, -1)
        out = np.tensordot(moved, np.ones(xv.shape[dim]), axes=1)
        return Base.make(np.expand_dims(out, dim) if keepdim else out)

    @staticmethod
    def backward(ctx, grad_output):
        g = Base.val(grad_output)
        if ctx.dim is None:
            return Base.make(np.multiply.outer(g, np.ones(ctx.shape)))
        d = ctx.dim % len(ctx.shape)
        if ctx.keepdim:
            g = np.squeeze(g, axis=d)
        full = np.multiply.outer(g, np.ones(ctx.shape[d]))          # the summed axis last
        return Base.make(np.moveaxis(full, -1, d))
