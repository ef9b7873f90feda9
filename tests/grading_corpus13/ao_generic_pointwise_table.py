"""One generic Function per arity, configured by class attributes that name NumPy ufuncs: pointwise ops carry a
'derivative' method that may use the input or the output; binary ops list their partial derivatives. The gradients
go through np.sum over a computed axis tuple, and the output dtype follows the inputs (float64)."""
import numpy as np

import minigrad
from minigrad.autograd import Function


def axes_to_sum(gshape, shape):
    lead = len(gshape) - len(shape)
    return tuple(range(lead)) + tuple(lead + i for i, n in enumerate(shape) if n == 1 and gshape[lead + i] != 1)


class Pointwise(Function):
    ufunc = None

    @classmethod
    def derivative(cls, x, y):
        raise NotImplementedError

    @classmethod
    def forward(cls, ctx, x):
        xv = x.detach().numpy()
        y = cls.ufunc(xv)
        ctx.keep = (xv.copy(), y)
        return minigrad.tensor(y.astype(xv.dtype))

    @classmethod
    def backward(cls, ctx, grad_output):
        x, y = ctx.keep
        return minigrad.tensor(grad_output.detach().numpy() * cls.derivative(x, y))


class Pairwise(Function):
    ufunc = None

    @classmethod
    def forward(cls, ctx, a, b):
        av, bv = a.detach().numpy().copy(), b.detach().numpy().copy()
        ctx.keep = (av, bv)
        return minigrad.tensor(cls.ufunc(av, bv))

    @classmethod
    def backward(cls, ctx, grad_output):
        av, bv = ctx.keep
        g = grad_output.detach().numpy()
        out = []
        for part, v in zip(cls.partials(av, bv), (av, bv)):
            gp = g * part
            out.append(minigrad.tensor(np.sum(gp, axis=axes_to_sum(gp.shape, v.shape)).reshape(v.shape)))
        return tuple(out)


class Add(Pairwise):
    ufunc = np.add

    @staticmethod
    def partials(a, b):
        return 1.0, 1.0


class Mul(Pairwise):
    ufunc = np.multiply

    @staticmethod
    def partials(a, b):
        return b, a


class Div(Pairwise):
    ufunc = np.true_divide

    @staticmethod
    def partials(a, b):
        return 1.0 / b, -a / b / b


class Exp(Pointwise):
    ufunc = np.exp

    @classmethod
    def derivative(cls, x, y):
        return y


class Log(Pointwise):
    ufunc = np.log

    @classmethod
    def derivative(cls, x, y):
        return 1.0 / x


class ReLU(Pointwise):
    ufunc = staticmethod(lambda x: np.fmax(x, 0.0))

    @classmethod
    def derivative(cls, x, y):
        return np.greater(x, 0.0) + 0.0


class Tanh(Pointwise):
    ufunc = np.tanh

    @classmethod
    def derivative(cls, x, y):
        return (1.0 - y) * (1.0 + y)


class Sigmoid(Pointwise):
    @staticmethod
    def ufunc(x):
        z = np.exp(-np.abs(x))
        return np.where(x >= 0, 1.0, z) / (1.0 + z)

    @classmethod
    def derivative(cls, x, y):
        return y * (1.0 - y)


class MatMul(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.keep = a.detach().numpy().copy(), b.detach().numpy().copy()
        return minigrad.tensor(ctx.keep[0] @ ctx.keep[1])

    @staticmethod
    def backward(ctx, grad_output):
        a, b = ctx.keep
        g = grad_output.detach().numpy()
        return minigrad.tensor(g @ b.swapaxes(0, 1)), minigrad.tensor(a.swapaxes(0, 1) @ g)


class Sum(Function):
    @staticmethod
    def forward(ctx, x, dim=None, keepdim=False):
        xv = x.detach().numpy()
        ctx.keep = (xv.shape, dim, keepdim)
        return minigrad.tensor(np.asarray(xv.sum(axis=dim, keepdims=keepdim)))

    @staticmethod
    def backward(ctx, grad_output):
        shape, dim, keepdim = ctx.keep
        g = grad_output.detach().numpy()
        if dim is not None and not keepdim:
            g = g.reshape(shape[:dim % len(shape)] + (1,) + shape[dim % len(shape) + 1:])
        return minigrad.tensor(np.broadcast_to(g, shape).copy())
