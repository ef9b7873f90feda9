"""Input gradients of the commonest ops, computed on arrays, for the plain backward loop (engine.py).

The reference is each op's ``backward`` in ``minigrad/ops`` (``Mul.backward``: ``g * b``, summed back
to the input's shape, through tensor ops). When no graph is being recorded, the same numbers come from
one array operation and one new tensor: that is all these functions do. Each returns ``None`` when it
does not apply (a broadcast input, a saved tensor changed in place, which the reference explains), and
the op's own ``backward`` runs instead. ``tests/test_fast_engine.py`` compares them with the reference.

``bind`` (called by ``minigrad/ops/__init__.py``) files each function under its op's graph-node class.
"""
from __future__ import annotations

from ..autograd.function import SavedTensor
from ..backend import array_module
from ..tensor import Tensor, _wrap
from .backward import times_slope

TABLE = {}              # node class (MulBackward) -> function(node, g) -> gradients or None
_STALE = object()       # a saved tensor was changed in place: let the reference raise its error


def _value(item):
    """What an op saved, as an array or a number: a saved input/output's array (_STALE if it changed
    in place since), a constant tensor's array, or the number or None itself."""
    cls = item.__class__
    if cls is SavedTensor:
        return item.data if item.version_counter[0] == item.version else _STALE
    if cls is Tensor:
        return item._data
    return item


def _saved(node):
    """The values ``node`` saved (see ``_value``), or None if one is stale or they were freed."""
    saved = node._saved
    if saved.__class__ is not tuple:
        return None                         # freed: the reference raises "backward through the graph a second time"
    values = [_value(item) for item in saved]
    for v in values:
        if v is _STALE:
            return None
    return values


def add(node, g):
    shape = g._data.shape
    need_a, need_b = node.needs_input_grad
    if (need_a and node.shape_a != shape) or (need_b and node.shape_b != shape):
        return None
    return (g if need_a else None), (g if need_b else None)


def sub(node, g):
    shape = g._data.shape
    need_a, need_b = node.needs_input_grad
    if (need_a and node.shape_a != shape) or (need_b and node.shape_b != shape):
        return None
    return (g if need_a else None), (_wrap(-g._data) if need_b else None)


def mul(node, g):
    saved = _saved(node)
    if saved is None:
        return None
    a, b = saved
    data = g._data
    need_a, need_b = node.needs_input_grad
    ga = data * b if need_a else None
    gb = data * a if need_b else None
    if (need_a and getattr(ga, "shape", None) != node.shape_a) or (
            need_b and getattr(gb, "shape", None) != node.shape_b):
        return None                         # broadcast (or 0-d) inputs: the reference sums back
    return (_wrap(ga) if need_a else None), (_wrap(gb) if need_b else None)


def neg(node, g):
    return (_wrap(-g._data),)


def piecewise_saved(node, g):
    """relu (and ops saved like it: (x or out, slope)): g · slope."""
    saved = _saved(node)
    if saved is None:
        return None
    grad = _wrap(times_slope(g._data, saved[1]))
    return (grad,) + (None,) * (len(node.next_functions) - 1)


def mm(node, g):
    saved = _saved(node)
    if saved is None:
        return None
    a, b = saved
    need_a, need_b = node.needs_input_grad
    data = g._data
    return (_wrap(data @ b.T) if need_a else None), (_wrap(_transposed_product(a, data)) if need_b else None)


def addmm(node, g):
    saved = _saved(node)
    if saved is None:
        return None
    a, b = saved
    need_bias, need_a, need_b = node.needs_input_grad
    data = g._data
    gbias = None
    if need_bias:
        shape = node.bias_shape
        if shape == data.shape:
            gbias = g
        elif len(shape) == 1 and shape[0] == data.shape[1]:
            gbias = _wrap(data.sum(axis=0))
        else:
            return None
    return gbias, (_wrap(data @ b.T) if need_a else None), (_wrap(_transposed_product(a, data)) if need_b else None)


def _transposed_product(a, g):
    """aᵀ g, as the transpose of gᵀ a: for b = Wᵀ (a linear layer) the gradient then reaches W as a
    C-contiguous array of its own, which the backward loop can make W.grad without a copy."""
    return (g.T @ a).T


def transpose(node, g):
    return (_wrap(g._data.T),)


def view(node, g):
    return _wrap(g._data.reshape(node.in_shape)), None


def reduction(node, g):
    """Sum and Mean: g (divided by the count, for Mean) broadcast back to the input's shape (a view)."""
    data = g._data
    n = node.__dict__.get("n")
    if n is not None:
        data = data / n
    shape = node.in_shape
    if not node.keepdim:
        dims = node.dims
        data = data.reshape(tuple([1 if i in dims else s for i, s in enumerate(shape)]))
    return _wrap(array_module(data).broadcast_to(data, shape)), None, None


_FUNCTIONS = {"Add": add, "Sub": sub, "Mul": mul, "Neg": neg, "Relu": piecewise_saved,
              "LeakyRelu": piecewise_saved, "Hardtanh": piecewise_saved, "Mm": mm,
              "Addmm": addmm, "T": transpose, "View": view, "Sum": reduction,
              "Mean": reduction}


def bind(*op_classes):
    """File the functions above under the graph-node classes of the given op classes (by name)."""
    for cls in op_classes:
        TABLE[cls._node_cls] = _FUNCTIONS[cls.__name__]
