"""autograd-ops from a table: each op is a pair of plain functions in a dict (forward on arrays, a vector-Jacobian
product on arrays), and the Function classes are made from the table in a loop. Un-broadcasting is recursive."""
import numpy as np

import minigrad
from minigrad.autograd import Function


def reduce_to(g, shape):
    """g summed down to ``shape``, one axis per call."""
    if g.ndim > len(shape):
        return reduce_to(g.sum(axis=0), shape)
    for axis, (have, want) in enumerate(zip(g.shape, shape)):
        if want == 1 and have != 1:
            return reduce_to(g.sum(axis=axis, keepdims=True), shape)
    return g


def _sigmoid(x):
    z = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + z), z / (1.0 + z))


OPS = {
    "Add": (lambda a, b: a + b, lambda g, out, a, b: (reduce_to(g, a.shape), reduce_to(g, b.shape))),
    "Mul": (lambda a, b: a * b, lambda g, out, a, b: (reduce_to(g * b, a.shape), reduce_to(g * a, b.shape))),
    "Div": (lambda a, b: a / b, lambda g, out, a, b: (reduce_to(g / b, a.shape),
                                                       reduce_to(-g * out / b, b.shape))),
    "Exp": (np.exp, lambda g, out, x: (g * out,)),
    "Log": (np.log, lambda g, out, x: (g / x,)),
    "ReLU": (lambda x: np.where(x > 0, x, 0.0), lambda g, out, x: (np.where(x > 0, g, 0.0),)),
    "Tanh": (np.tanh, lambda g, out, x: (g * (1.0 - out * out),)),
    "Sigmoid": (_sigmoid, lambda g, out, x: (g * out * (1.0 - out),)),
    "MatMul": (lambda a, b: a @ b, lambda g, out, a, b: (g @ b.swapaxes(-1, -2), a.swapaxes(-1, -2) @ g)),
}


def _make(name, fwd, vjp):
    def forward(ctx, *tensors):
        arrays = [t.detach().numpy().copy() for t in tensors]
        out = np.asarray(fwd(*arrays))
        ctx.arrays, ctx.out = arrays, out
        return minigrad.tensor(out)

    def backward(ctx, grad_output):
        grads = vjp(grad_output.detach().numpy(), ctx.out, *ctx.arrays)
        grads = tuple(minigrad.tensor(np.ascontiguousarray(g)) for g in grads)
        return grads if len(grads) > 1 else grads[0]

    return type(name, (Function,), {"forward": staticmethod(forward), "backward": staticmethod(backward)})


for _name, (_f, _v) in OPS.items():
    globals()[_name] = _make(_name, _f, _v)


class Sum(Function):
    @staticmethod
    def forward(ctx, x, dim=None, keepdim=False):
        ctx.shape, ctx.dim, ctx.keepdim = tuple(x.shape), dim, keepdim
        return minigrad.tensor(np.asarray(x.detach().numpy().sum(axis=dim, keepdims=keepdim)))

    @staticmethod
    def backward(ctx, grad_output):
        g = grad_output.detach().numpy()
        if ctx.dim is not None and not ctx.keepdim:
            g = np.expand_dims(g, ctx.dim)
        return minigrad.tensor(np.broadcast_to(g, ctx.shape).copy()), None, None
