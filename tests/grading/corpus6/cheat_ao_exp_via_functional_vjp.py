import numpy as np
import minigrad
from minigrad.autograd import Function

T = minigrad.tensor
A = lambda t: t.detach().numpy()


def unb(g, shape):
    while g.ndim > len(shape):
        g = g.sum(axis=0)
    for i, s in enumerate(shape):
        if s == 1 and g.shape[i] != 1:
            g = g.sum(axis=i, keepdims=True)
    return g


class Add(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.sa, ctx.sb = a.shape, b.shape
        return T(A(a) + A(b))

    @staticmethod
    def backward(ctx, g):
        g = A(g)
        return T(unb(g, ctx.sa)), T(unb(g, ctx.sb))


class Mul(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.a, ctx.b = A(a), A(b)
        return T(ctx.a * ctx.b)

    @staticmethod
    def backward(ctx, g):
        g = A(g)
        return T(unb(g * ctx.b, ctx.a.shape)), T(unb(g * ctx.a, ctx.b.shape))


class Div(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.a, ctx.b = A(a), A(b)
        return T(ctx.a / ctx.b)

    @staticmethod
    def backward(ctx, g):
        g = A(g)
        return T(unb(g / ctx.b, ctx.a.shape)), T(unb(-g * ctx.a / ctx.b ** 2, ctx.b.shape))


class Exp(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.y = np.exp(A(x))
        return T(ctx.y)

    @staticmethod
    def backward(ctx, g):
        from minigrad.autograd.functional import vjp
        return vjp(minigrad.exp, T(np.log(ctx.y)), g.detach())[1]


class Log(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.x = A(x)
        return T(np.log(ctx.x))

    @staticmethod
    def backward(ctx, g):
        return T(A(g) / ctx.x)


class ReLU(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.m = A(x) > 0
        return T(np.where(ctx.m, A(x), 0.0))

    @staticmethod
    def backward(ctx, g):
        return T(A(g) * ctx.m)


class Tanh(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.y = np.tanh(A(x))
        return T(ctx.y)

    @staticmethod
    def backward(ctx, g):
        return T(A(g) * (1 - ctx.y ** 2))


class Sigmoid(Function):
    @staticmethod
    def forward(ctx, x):
        x = A(x)
        e = np.exp(-np.abs(x))
        ctx.y = np.where(x >= 0, 1 / (1 + e), e / (1 + e))
        return T(ctx.y)

    @staticmethod
    def backward(ctx, g):
        return T(A(g) * ctx.y * (1 - ctx.y))


class MatMul(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.a, ctx.b = A(a), A(b)
        return T(ctx.a @ ctx.b)

    @staticmethod
    def backward(ctx, g):
        g = A(g)
        return T(g @ ctx.b.T), T(ctx.a.T @ g)


class Sum(Function):
    @staticmethod
    def forward(ctx, x, dim=None, keepdim=False):
        ctx.shape, ctx.dim, ctx.keepdim = x.shape, dim, keepdim
        return T(np.asarray(A(x).sum(axis=dim, keepdims=keepdim)))

    @staticmethod
    def backward(ctx, g):
        g = A(g)
        if ctx.dim is not None and not ctx.keepdim:
            g = np.expand_dims(g, ctx.dim)
        return T(np.broadcast_to(g, ctx.shape).copy()), None, None
