"""In-place NumPy on buffers each op allocates itself (np.empty + out=, then *=, /=, -= on them): inputs and
grad_output are never written. Sigmoid from scipy.special.expit, un-broadcast by a while loop and keepdims sums."""
import numpy as np
from scipy.special import expit

import minigrad
from minigrad.autograd import Function


def np_of(t):
    return t.detach().numpy()


def tensor_of(a):
    return minigrad.from_numpy(np.asarray(a, dtype=np.float64))


def shrink(g, shape):
    while g.ndim > len(shape):
        g = g.sum(axis=0)
    for i, n in enumerate(shape):
        if n == 1:
            g = g.sum(axis=i, keepdims=True)
    return g


class Add(Function):
    @staticmethod
    def forward(ctx, a, b):
        av, bv = np_of(a), np_of(b)
        ctx.shapes = av.shape, bv.shape
        out = np.empty(np.broadcast_shapes(av.shape, bv.shape))
        np.add(av, bv, out=out)
        return tensor_of(out)

    @staticmethod
    def backward(ctx, grad_output):
        g = np_of(grad_output)
        return tensor_of(shrink(g, ctx.shapes[0]).copy()), tensor_of(shrink(g, ctx.shapes[1]).copy())


class Mul(Function):
    @staticmethod
    def forward(ctx, a, b):
        av, bv = np_of(a).copy(), np_of(b).copy()
        ctx.ab = av, bv
        out = np.empty(np.broadcast_shapes(av.shape, bv.shape))
        np.multiply(av, bv, out=out)
        return tensor_of(out)

    @staticmethod
    def backward(ctx, grad_output):
        av, bv = ctx.ab
        ga = np_of(grad_output) * 1.0          # a fresh array
        gb = ga.copy()
        ga *= bv
        gb *= av
        return tensor_of(shrink(ga, av.shape)), tensor_of(shrink(gb, bv.shape))


class Div(Function):
    @staticmethod
    def forward(ctx, a, b):
        av, bv = np_of(a).copy(), np_of(b).copy()
        ctx.ab = av, bv
        out = np.empty(np.broadcast_shapes(av.shape, bv.shape))
        np.divide(av, bv, out=out)
        return tensor_of(out)

    @staticmethod
    def backward(ctx, grad_output):
        av, bv = ctx.ab
        ga = np_of(grad_output) / bv
        gb = ga * av
        gb /= bv
        np.negative(gb, out=gb)
        return tensor_of(shrink(ga, av.shape)), tensor_of(shrink(gb, bv.shape))


class Exp(Function):
    @staticmethod
    def forward(ctx, x):
        y = np.empty_like(np_of(x))
        np.exp(np_of(x), out=y)
        ctx.y = y
        return tensor_of(y.copy())

    @staticmethod
    def backward(ctx, grad_output):
        g = np.array(np_of(grad_output))
        g *= ctx.y
        return tensor_of(g)


class Log(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.x = np_of(x).copy()
        y = np.empty_like(ctx.x)
        np.log(ctx.x, out=y)
        return tensor_of(y)

    @staticmethod
    def backward(ctx, grad_output):
        g = np.array(np_of(grad_output))
        g /= ctx.x
        return tensor_of(g)


class ReLU(Function):
    @staticmethod
    def forward(ctx, x):
        y = np.array(np_of(x))
        ctx.off = y <= 0
        y[ctx.off] = 0.0
        return tensor_of(y)

    @staticmethod
    def backward(ctx, grad_output):
        g = np.array(np_of(grad_output))
        g[ctx.off] = 0.0
        return tensor_of(g)


class Tanh(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.y = np.tanh(np_of(x))
        return tensor_of(ctx.y.copy())

    @staticmethod
    def backward(ctx, grad_output):
        d = np.square(ctx.y)
        np.subtract(1.0, d, out=d)
        d *= np_of(grad_output)
        return tensor_of(d)


class Sigmoid(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.y = expit(np_of(x))
        return tensor_of(ctx.y.copy())

    @staticmethod
    def backward(ctx, grad_output):
        d = 1.0 - ctx.y
        d *= ctx.y
        d *= np_of(grad_output)
        return tensor_of(d)


class MatMul(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.ab = np_of(a).copy(), np_of(b).copy()
        out = np.empty((ctx.ab[0].shape[0], ctx.ab[1].shape[1]))
        np.matmul(*ctx.ab, out=out)
        return tensor_of(out)

    @staticmethod
    def backward(ctx, grad_output):
        av, bv = ctx.ab
        g = np_of(grad_output)
        return tensor_of(np.matmul(g, bv.T)), tensor_of(np.matmul(av.T, g))


class Sum(Function):
    @staticmethod
    def forward(ctx, x, dim=None, keepdim=False):
        xv = np_of(x)
        ctx.meta = xv.shape, dim, keepdim
        return tensor_of(np.sum(xv, axis=dim, keepdims=keepdim))

    @staticmethod
    def backward(ctx, grad_output):
        shape, dim, keepdim = ctx.meta
        g = np_of(grad_output)
        if dim is not None and not keepdim:
            g = np.expand_dims(g, dim)
        out = np.zeros(shape)
        out += g
        return tensor_of(out)
