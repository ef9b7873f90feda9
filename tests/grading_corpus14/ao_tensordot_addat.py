"""Index-based un-broadcasting: each gradient entry is scattered with np.add.at to the input entry it came from (an
index grid made by np.broadcast_to over np.arange); MatMul and Sum are np.tensordot contractions."""
import numpy as np

import minigrad
from minigrad.autograd import Function


def npy(t):
    return t.detach().numpy().astype(np.float64, copy=False)


def tens(a):
    return minigrad.tensor(np.array(a, dtype=np.float64))


def scatter_back(g, shape):
    """sum g into an array of `shape`: every broadcast copy adds to the entry it copies."""
    size = int(np.prod(shape, dtype=np.int64))
    source = np.broadcast_to(np.arange(size).reshape(shape), g.shape)
    out = np.zeros(size)
    np.add.at(out, source.ravel(), g.ravel())
    return out.reshape(shape)


class Add(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.sa, ctx.sb = tuple(a.shape), tuple(b.shape)
        return tens(npy(a) + npy(b))

    @staticmethod
    def backward(ctx, grad_output):
        g = npy(grad_output)
        return tens(scatter_back(g, ctx.sa)), tens(scatter_back(g, ctx.sb))


class Mul(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return tens(npy(a) * npy(b))

    @staticmethod
    def backward(ctx, grad_output):
        a, b = map(npy, ctx.saved_tensors)
        g = npy(grad_output)
        return tens(scatter_back(g * b, a.shape)), tens(scatter_back(g * a, b.shape))


class Div(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return tens(npy(a) / npy(b))

    @staticmethod
    def backward(ctx, grad_output):
        a, b = map(npy, ctx.saved_tensors)
        g = npy(grad_output)
        return tens(scatter_back(g / b, a.shape)), tens(scatter_back(-g * a / (b * b), b.shape))


class Exp(Function):
    @staticmethod
    def forward(ctx, x):
        y = tens(np.exp(npy(x)))
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad_output):
        (y,) = ctx.saved_tensors
        return tens(npy(grad_output) * npy(y))


class Log(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return tens(np.log(npy(x)))

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return tens(npy(grad_output) * np.reciprocal(npy(x)))


class ReLU(Function):
    @staticmethod
    def forward(ctx, x):
        v = npy(x)
        ctx.idx = np.flatnonzero(v > 0)
        ctx.shape = v.shape
        out = np.zeros(v.size)
        out[ctx.idx] = v.ravel()[ctx.idx]
        return tens(out.reshape(v.shape))

    @staticmethod
    def backward(ctx, grad_output):
        out = np.zeros(int(np.prod(ctx.shape, dtype=np.int64)))
        out[ctx.idx] = npy(grad_output).ravel()[ctx.idx]
        return tens(out.reshape(ctx.shape))


class Tanh(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.y = np.tanh(npy(x))
        return tens(ctx.y)

    @staticmethod
    def backward(ctx, grad_output):
        return tens(npy(grad_output) * (1 - ctx.y ** 2))


class Sigmoid(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.y = 0.5 * (1.0 + np.tanh(0.5 * npy(x)))
        return tens(ctx.y)

    @staticmethod
    def backward(ctx, grad_output):
        return tens(npy(grad_output) * ctx.y * (1 - ctx.y))


class MatMul(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return tens(np.tensordot(npy(a), npy(b), axes=([1], [0])))

    @staticmethod
    def backward(ctx, grad_output):
        a, b = map(npy, ctx.saved_tensors)
        g = npy(grad_output)
        return tens(np.tensordot(g, b, axes=([1], [1]))), tens(np.tensordot(a, g, axes=([0], [0])))


class Sum(Function):
    @staticmethod
    def forward(ctx, x, dim=None, keepdim=False):
        v = npy(x)
        ctx.shape, ctx.dim, ctx.keepdim = v.shape, dim, keepdim
        if dim is None:
            return tens(np.tensordot(v, np.ones(v.shape), axes=v.ndim))
        d = dim % v.ndim
        out = np.tensordot(np.moveaxis(v, d, -1), np.ones(v.shape[d]), axes=1)
        return tens(np.expand_dims(out, d) if keepdim else out)

    @staticmethod
    def backward(ctx, grad_output):
        g = npy(grad_output)
        if ctx.dim is None:
            return tens(g * np.ones(ctx.shape))
        d = ctx.dim % len(ctx.shape)
        if ctx.keepdim:
            g = np.squeeze(g, axis=d)
        # outer product with ones along the summed axis, then move that axis back into place
        return tens(np.moveaxis(np.multiply.outer(g, np.ones(ctx.shape[d])), -1, d))
