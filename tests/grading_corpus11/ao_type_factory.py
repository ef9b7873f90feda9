"""autograd-ops built by a table: each Function class is made with type() from a pair of small NumPy
functions (Python 3.8 style typing, no dataclasses); un-broadcasting by an explicit loop over axes."""
from typing import Callable, Dict, List, Tuple

import numpy as np
from scipy.special import expit

import minigrad
from minigrad.autograd import Function

Array = np.ndarray


def reduce_to(g: Array, shape: Tuple[int, ...]) -> Array:
    extra = g.ndim - len(shape)
    if extra:
        g = g.sum(axis=tuple(range(extra)))
    for axis, n in enumerate(shape):
        if n == 1 and g.shape[axis] != 1:
            g = g.sum(axis=axis, keepdims=True)
    return g


def make_unary(name: str, f: Callable[[Array], Array], df: Callable[[Array, Array], Array]):
    def forward(ctx, x):
        xv = x.detach().numpy()
        y = f(xv)
        ctx.saved = (xv, y)
        return minigrad.tensor(y)

    def backward(ctx, grad_output):
        xv, y = ctx.saved
        return minigrad.tensor(grad_output.detach().numpy() * df(xv, y))

    return type(name, (Function,), {"forward": staticmethod(forward), "backward": staticmethod(backward)})


def make_binary(name: str, f, da, db):
    def forward(ctx, a, b):
        av, bv = a.detach().numpy(), b.detach().numpy()
        ctx.saved = (av, bv)
        return minigrad.tensor(f(av, bv))

    def backward(ctx, grad_output):
        av, bv = ctx.saved
        g = grad_output.detach().numpy()
        return (minigrad.tensor(reduce_to(g * da(av, bv), av.shape)),
                minigrad.tensor(reduce_to(g * db(av, bv), bv.shape)))

    return type(name, (Function,), {"forward": staticmethod(forward), "backward": staticmethod(backward)})


UNARY: Dict[str, Tuple[Callable, Callable]] = {
    "Exp": (np.exp, lambda x, y: y),
    "Log": (np.log, lambda x, y: 1.0 / x),
    "ReLU": (lambda x: np.maximum(x, 0.0), lambda x, y: (x > 0).astype(x.dtype)),
    "Tanh": (np.tanh, lambda x, y: 1.0 - y * y),
    "Sigmoid": (expit, lambda x, y: y * (1.0 - y)),
}
BINARY = {
    "Add": (np.add, lambda a, b: np.ones_like(a + b), lambda a, b: np.ones_like(a + b)),
    "Mul": (np.multiply, lambda a, b: b + 0 * a, lambda a, b: a + 0 * b),
    "Div": (np.divide, lambda a, b: 1.0 / b + 0 * a, lambda a, b: -a / b ** 2),
}
_made: List[str] = []
for _name, (_f, _df) in UNARY.items():
    globals()[_name] = make_unary(_name, _f, _df)
    _made.append(_name)
for _name, (_f, _da, _db) in BINARY.items():
    globals()[_name] = make_binary(_name, _f, _da, _db)
    _made.append(_name)


class MatMul(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.saved = (a.detach().numpy(), b.detach().numpy())
        return minigrad.tensor(np.matmul(*ctx.saved))

    @staticmethod
    def backward(ctx, grad_output):
        a, b = ctx.saved
        g = grad_output.detach().numpy()
        return minigrad.tensor(g @ b.swapaxes(0, 1)), minigrad.tensor(a.swapaxes(0, 1) @ g)


class Sum(Function):
    @staticmethod
    def forward(ctx, x, dim=None, keepdim=False):
        xv = x.detach().numpy()
        ctx.info = (xv.shape, dim, keepdim)
        return minigrad.tensor(np.sum(xv, axis=dim, keepdims=keepdim))

    @staticmethod
    def backward(ctx, grad_output):
        shape, dim, keepdim = ctx.info
        g = grad_output.detach().numpy()
        if dim is not None and not keepdim:
            g = np.expand_dims(g, dim % len(shape))
        return minigrad.tensor(np.zeros(shape) + g)
