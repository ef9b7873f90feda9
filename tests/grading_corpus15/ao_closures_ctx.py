"""autograd-ops whose forward leaves a vector-Jacobian closure on ctx; backward just calls it. Sum takes its
arguments as *args/**kwargs."""
import numpy as np

import minigrad
from minigrad.autograd import Function


def T(a):
    return minigrad.tensor(a, dtype=minigrad.float64)


def sum_to(g, shape):
    shape = tuple(shape)
    if g.shape == shape:
        return g
    g = g.reshape((-1,) + g.shape[g.ndim - len(shape):]).sum(axis=0) if g.ndim > len(shape) else g
    keep = tuple(i for i, n in enumerate(shape) if n == 1)
    return g.sum(axis=keep, keepdims=True) if keep else g


class _Closure(Function):
    @staticmethod
    def backward(ctx, grad_output):
        return ctx.vjp(grad_output.detach().numpy())


class Add(_Closure):
    @staticmethod
    def forward(ctx, a, b):
        sa, sb = a.shape, b.shape
        ctx.vjp = lambda g: (T(sum_to(g, sa)), T(sum_to(g, sb)))
        return T(a.detach().numpy() + b.detach().numpy())


class Mul(_Closure):
    @staticmethod
    def forward(ctx, a, b):
        x, y = a.detach().numpy().copy(), b.detach().numpy().copy()
        ctx.vjp = lambda g: (T(sum_to(g * y, x.shape)), T(sum_to(g * x, y.shape)))
        return T(x * y)


class Div(_Closure):
    @staticmethod
    def forward(ctx, a, b):
        x, y = a.detach().numpy().copy(), b.detach().numpy().copy()
        out = x / y

        def vjp(g):
            return T(sum_to(g / y, x.shape)), T(sum_to(-g * out / y, y.shape))
        ctx.vjp = vjp
        return T(out)


class Exp(_Closure):
    @staticmethod
    def forward(ctx, x):
        y = np.exp(x.detach().numpy())
        ctx.vjp = lambda g: T(g * y)
        return T(y)


class Log(_Closure):
    @staticmethod
    def forward(ctx, x):
        v = x.detach().numpy().copy()
        ctx.vjp = lambda g: T(g / v)
        return T(np.log(v))


class ReLU(_Closure):
    @staticmethod
    def forward(ctx, x):
        v = x.detach().numpy()
        pos = v > 0
        ctx.vjp = lambda g: T(np.where(pos, g, 0.0))
        return T(np.where(pos, v, 0.0))


class Tanh(_Closure):
    @staticmethod
    def forward(ctx, x):
        y = np.tanh(x.detach().numpy())
        ctx.vjp = lambda g: T(g * (1 - y) * (1 + y))
        return T(y)


class Sigmoid(_Closure):
    @staticmethod
    def forward(ctx, x):
        v = x.detach().numpy()
        s = np.exp(-np.logaddexp(0.0, -v))
        ctx.vjp = lambda g: T(g * s * (1 - s))
        return T(s)


class MatMul(_Closure):
    @staticmethod
    def forward(ctx, a, b):
        x, y = a.detach().numpy().copy(), b.detach().numpy().copy()
        ctx.vjp = lambda g: (T(g @ y.swapaxes(0, 1)), T(x.swapaxes(0, 1) @ g))
        return T(x @ y)


class Sum(_Closure):
    @staticmethod
    def forward(ctx, x, *args, **kwargs):
        dim = args[0] if len(args) > 0 else kwargs.get("dim")
        keepdim = args[1] if len(args) > 1 else kwargs.get("keepdim", False)
        v = x.detach().numpy()
        shape = v.shape

        def vjp(g):
            if dim is not None and not keepdim:
                g = np.expand_dims(g, dim)
            return T(g * np.ones(shape)), None, None
        ctx.vjp = vjp
        return T(v.sum(axis=dim, keepdims=bool(keepdim)) if dim is not None else np.array(v.sum()))
