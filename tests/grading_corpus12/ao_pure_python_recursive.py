"""Autograd ops with nested Python lists and recursion (no NumPy maths): I wanted to see every step."""
import math
import operator

import minigrad
from minigrad.autograd import Function


def to_list(t):
    return t.detach().numpy().tolist()


def to_tensor(data):
    return minigrad.tensor(data, dtype=minigrad.float64)


def shape_of(x):
    if isinstance(x, list):
        return (len(x),) + shape_of(x[0]) if x else (0,)
    return ()


def expand(x, shape):
    """x (nested lists) broadcast to ``shape`` (the full target shape)."""
    xs = shape_of(x)
    if len(xs) < len(shape):
        return [expand(x, shape[1:]) for _ in range(shape[0])]
    if not shape:
        return x
    if xs[0] == 1 and shape[0] != 1:
        return [expand(x[0], shape[1:]) for _ in range(shape[0])]
    return [expand(row, shape[1:]) for row in x]


def broadcast_shape(s1, s2):
    n = max(len(s1), len(s2))
    s1, s2 = (1,) * (n - len(s1)) + s1, (1,) * (n - len(s2)) + s2
    return tuple(a if b == 1 else b for a, b in zip(s1, s2))


def zipwith(f, a, b):
    if isinstance(a, list):
        return [zipwith(f, x, y) for x, y in zip(a, b)]
    return f(a, b)


def each(f, a):
    if isinstance(a, list):
        return [each(f, x) for x in a]
    return f(a)


def add_lists(a, b):
    return zipwith(operator.add, a, b)


def reduce_to(g, shape):
    """Sum nested-list gradient g down to ``shape`` (undo broadcasting)."""
    gs = shape_of(g)
    if len(gs) > len(shape):            # a leading dimension the input lacks
        total = g[0]
        for part in g[1:]:
            total = add_lists(total, part)
        return reduce_to(total, shape)
    if not shape:
        return g
    if shape[0] == 1 and gs[0] != 1:
        total = g[0]
        for part in g[1:]:
            total = add_lists(total, part)
        return [reduce_to(total, shape[1:])]
    return [reduce_to(row, shape[1:]) for row in g]


def binary_forward(ctx, a, b, f):
    ctx.save_for_backward(a, b)
    out_shape = broadcast_shape(tuple(a.shape), tuple(b.shape))
    return to_tensor(zipwith(f, expand(to_list(a), out_shape), expand(to_list(b), out_shape)))


class Add(Function):
    @staticmethod
    def forward(ctx, a, b):
        return binary_forward(ctx, a, b, operator.add)

    @staticmethod
    def backward(ctx, grad_output):
        a, b = ctx.saved_tensors
        g = to_list(grad_output)
        return to_tensor(reduce_to(g, tuple(a.shape))), to_tensor(reduce_to(g, tuple(b.shape)))


class Mul(Function):
    @staticmethod
    def forward(ctx, a, b):
        return binary_forward(ctx, a, b, operator.mul)

    @staticmethod
    def backward(ctx, grad_output):
        a, b = ctx.saved_tensors
        g = to_list(grad_output)
        shape = shape_of(g)
        al, bl = expand(to_list(a), shape), expand(to_list(b), shape)
        return (to_tensor(reduce_to(zipwith(operator.mul, g, bl), tuple(a.shape))),
                to_tensor(reduce_to(zipwith(operator.mul, g, al), tuple(b.shape))))


class Div(Function):
    @staticmethod
    def forward(ctx, a, b):
        return binary_forward(ctx, a, b, operator.truediv)

    @staticmethod
    def backward(ctx, grad_output):
        a, b = ctx.saved_tensors
        g = to_list(grad_output)
        shape = shape_of(g)
        al, bl = expand(to_list(a), shape), expand(to_list(b), shape)
        ga = zipwith(operator.truediv, g, bl)
        gb = zipwith(lambda gi, q: -gi * q, g, zipwith(lambda x, y: x / (y * y), al, bl))
        return to_tensor(reduce_to(ga, tuple(a.shape))), to_tensor(reduce_to(gb, tuple(b.shape)))


def unary(f, df_from_x_y):
    """Forward applies f entrywise; backward multiplies by df(x, y) (y = f(x))."""
    def forward(ctx, x):
        xl = to_list(x)
        yl = each(f, xl)
        ctx.xy = (xl, yl)
        return to_tensor(yl)

    def backward(ctx, grad_output):
        xl, yl = ctx.xy
        d = zipwith(df_from_x_y, xl, yl)
        return to_tensor(zipwith(operator.mul, to_list(grad_output), d))
    return staticmethod(forward), staticmethod(backward)


def _tanh_grad(x, y):
    return 1.0 - y * y


def _sigmoid(x):
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


class Exp(Function):
    forward, backward = unary(math.exp, lambda x, y: y)


class Log(Function):
    forward, backward = unary(math.log, lambda x, y: 1.0 / x)


class ReLU(Function):
    forward, backward = unary(lambda x: x if x > 0 else 0.0, lambda x, y: 1.0 if x > 0 else 0.0)


class Tanh(Function):
    forward, backward = unary(math.tanh, _tanh_grad)


class Sigmoid(Function):
    forward, backward = unary(_sigmoid, lambda x, y: y * (1.0 - y))


def transpose(m):
    return [list(col) for col in zip(*m)]


def matmul(a, b):
    bt = transpose(b)
    return [[sum(map(operator.mul, row, col)) for col in bt] for row in a]


class MatMul(Function):
    @staticmethod
    def forward(ctx, a, b):
        al, bl = to_list(a), to_list(b)
        ctx.ab = (al, bl)
        return to_tensor(matmul(al, bl))

    @staticmethod
    def backward(ctx, grad_output):
        al, bl = ctx.ab
        g = to_list(grad_output)
        return to_tensor(matmul(g, transpose(bl))), to_tensor(matmul(transpose(al), g))


def total(x):
    return sum(total(v) for v in x) if isinstance(x, list) else x


def sum_dim(x, dim):
    if dim == 0:
        acc = x[0]
        for part in x[1:]:
            acc = add_lists(acc, part)
        return acc
    return [sum_dim(row, dim - 1) for row in x]


def repeat_dim(g, dim, n):
    """Insert a dimension of size n at ``dim`` by copying g."""
    if dim == 0:
        return [g for _ in range(n)]
    return [repeat_dim(row, dim - 1, n) for row in g]


class Sum(Function):
    @staticmethod
    def forward(ctx, x, dim=None, keepdim=False):
        xl = to_list(x)
        ctx.shape = tuple(x.shape)
        if dim is None:
            ctx.dim = None
            return to_tensor(total(xl))
        dim = dim % len(ctx.shape)
        ctx.dim, ctx.keepdim = dim, keepdim
        out = sum_dim(xl, dim)
        if keepdim:
            out = repeat_dim(out, dim, 1)
        return to_tensor(out)

    @staticmethod
    def backward(ctx, grad_output):
        g = to_list(grad_output)
        if ctx.dim is None:
            zero = each(lambda v: 0.0, to_list(minigrad.zeros(ctx.shape))) if ctx.shape else 0.0
            return to_tensor(each(lambda v: g, zero)), None, None
        if ctx.keepdim:
            g = sum_dim(g, ctx.dim)          # drop the size-1 dimension again
        return to_tensor(repeat_dim(g, ctx.dim, ctx.shape[ctx.dim])), None, None
