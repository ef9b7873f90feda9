"""Input gradients of the commonest ops, computed on arrays, for the plain backward loop (engine.py).

The reference is each op's ``backward`` in ``minigrad/ops`` (``Mul.backward``: ``g * b``, summed back
to the input's shape, through tensor ops). When no graph is being recorded, the same numbers come from
one array operation: that is all these functions do. Each takes the gradient of the node's output as an
array and returns its inputs' gradients as arrays (a broadcast input's summed back as the reference's
``sum_to`` does). Each returns ``None`` when it does not apply (a saved tensor changed in place, which
the reference explains), and the op's own ``backward`` runs instead. ``tests/test_fast_engine.py``
compares them with the reference.

``bind`` (called by ``minigrad/ops/__init__.py``) files each function under its op's graph-node class.
"""
from __future__ import annotations

import math
import sys

import numpy as np

from ..autograd.function import SAVED_OUTPUT, SUBCLASS_HOOKS, SavedTensor
from ..backend import array_module
from ..tensor import Tensor
from .backward import LARGE, times_slope
from .reduce import sum_trailing_first
from .switch import SWITCH

_ndarray, _empty, _prod = np.ndarray, np.empty, math.prod
_getrefcount = sys.getrefcount
# CPython up to 3.13 counts every reference, the argument of getrefcount included; from 3.14 on some
# are borrowed and not counted (its docs warn), so the counts could not prove that an array has one owner
# (here, and in engine.py's _sole_owner).
COUNTS_ARE_EXACT = sys.implementation.name == "cpython" and sys.version_info < (3, 14)
_SMALL_FILL = 1 << 16   # elements: up to this size a broadcast gradient is written out (reduction)
TABLE = {}              # node class (MulBackward0) -> function(node, g) -> gradients or None


def _saved(node):
    """The values ``node`` saved, as arrays or numbers: a saved input's or output's array, a constant
    tensor's array, a number or None as it is. None if one of the saved tensors was changed in place
    since (the reference raises the error) or they were freed (the reference raises "backward through
    the graph a second time")."""
    saved = node._saved
    if saved.__class__ is not tuple:
        return None
    values = []
    for item in saved:
        cls = item.__class__
        if cls is SavedTensor:
            if item.version_counter[0] != item.version:
                return None
            item = item.data
        elif item is SAVED_OUTPUT:
            if node._out_vc[0] != node._out_version:
                return None
            item = node._out_data
        elif cls is Tensor:
            item = item._data
        values.append(item)
    return values


def _handed_over(g):
    """Whether ``g``, the gradient array the engine's loop passed to a function of this table, is referred
    to by nothing else (as engine.py's ``_sole_owner``): the loop's buffer, the function's argument, this
    one and ``getrefcount``'s own make 4. Such an array, its own memory and writeable, may be written over."""
    return (COUNTS_ARE_EXACT and g.__class__ is _ndarray and _getrefcount(g) == 4 and g.base is None
            and g.flags.writeable)


def _sum_to(g, shape):
    """ops/_helpers.py's ``sum_to`` on an array: a broadcast input's gradient summed back to its ``shape``,
    with the reductions the reference's Sum runs in normal mode (fast/reduce.py's, else NumPy's sum).
    None where the reference would have to explain (a gradient of fewer dims than the input)."""
    gshape = getattr(g, "shape", None)
    if gshape == shape:
        return g
    if gshape is None or len(gshape) < len(shape):
        return None
    lead = len(gshape) - len(shape)
    dims = tuple(range(lead)) + tuple(i + lead for i, s in enumerate(shape) if s == 1 and gshape[i + lead] != 1)
    if dims:
        summed = sum_trailing_first(g, dims, True)
        g = g.sum(axis=dims, keepdims=True) if summed is None else summed
    if lead:
        g = g.reshape(shape)
    return g if g.shape == shape else None


def add(node, g):
    need_a, need_b = node.needs_input_grad
    ga = _sum_to(g, node.shape_a) if need_a else None
    gb = _sum_to(g, node.shape_b) if need_b else None
    if (need_a and ga is None) or (need_b and gb is None):
        return None
    return ga, gb


def sub(node, g):
    need_a, need_b = node.needs_input_grad
    ga = _sum_to(g, node.shape_a) if need_a else None
    gb = _sum_to(-g, node.shape_b) if need_b else None
    if (need_a and ga is None) or (need_b and gb is None):
        return None
    return ga, gb


def mul(node, g):
    saved = node._saved
    if saved.__class__ is tuple and saved[0] is None and saved[1].__class__ is float:   # x * 0.5: only
        ga = g * saved[1]                                                   # a number saved, nothing to check
        return (ga, None) if ga.shape == node.shape_a else None
    saved = _saved(node)
    if saved is None:
        return None
    a, b = saved
    need_a, need_b = node.needs_input_grad
    ga = _sum_to(g * b, node.shape_a) if need_a else None      # (a broadcast input: summed back)
    gb = _sum_to(g * a, node.shape_b) if need_b else None
    if (need_a and ga is None) or (need_b and gb is None):
        return None
    return ga, gb


def neg(node, g):
    return (-g,)


def piecewise_saved(node, g):
    """relu (and ops saved like it: (x or out, slope)): g · slope."""
    saved = _saved(node)
    if saved is None:
        return None
    n = node._arity or len(node._edges)
    handed_over = g.size > LARGE and _handed_over(g)     # (a statement of its own: g waiting on the stack
                                                        # as another call's argument would count)
    gx = times_slope(g, saved[1], handed_over)
    return (gx,) if n == 1 else (gx,) + (None,) * (n - 1)


def mm(node, g):
    saved = _saved(node)
    if saved is None:
        return None
    a, b = saved
    need_a, need_b = node.needs_input_grad
    return (g @ b.T if need_a else None), (_transposed_product(a, g) if need_b else None)


def addmm(node, g):
    saved = _saved(node)
    if saved is None:
        return None
    a, b = saved
    need_bias, need_a, need_b = node.needs_input_grad
    gbias = None
    if need_bias:
        shape = node.bias_shape
        if shape == g.shape:
            gbias = g
        elif len(shape) == 1 and shape[0] == g.shape[1]:
            gbias = g.sum(axis=0)
        else:
            return None
    return gbias, (g @ b.T if need_a else None), (_transposed_product(a, g) if need_b else None)


def _transposed_product(a, g):
    """aᵀ g, as the transpose of gᵀ a: for b = Wᵀ (a linear layer) the gradient then reaches W as a
    C-contiguous array of its own, which the backward loop can make W.grad without a copy."""
    return (g.T @ a).T


def transpose(node, g):
    return (g.T,)


def view(node, g):
    return g.reshape(node.in_shape), None


def reduction(node, g):
    """Sum and Mean: g (divided by the count, for Mean) broadcast back to the input's shape (a view).
    A single number (the sum or mean of everything: a loss) spread over a small input is written out
    instead: a new contiguous array costs less than NumPy's broadcast_to, the products downstream run
    faster on it, and a leaf can take it as its .grad without a copy."""
    n = getattr(node, "n", None)
    if n is not None:
        g = g / n
    shape = node.in_shape
    if (g.__class__ is _ndarray or isinstance(g, np.generic)) and g.size == 1 and _SMALL_FILL >= _prod(shape):
        out = _empty(shape, g.dtype)
        out.fill(g.reshape(()))
        return out, None, None
    if not node.keepdim:
        dims = node.dims
        g = g.reshape(tuple([1 if i in dims else s for i, s in enumerate(shape)]))
    return array_module(g).broadcast_to(g, shape), None, None


def _standardized(x, dims, eps):
    """(x̂, 1/σ) over ``dims`` as the reference's ``standardize`` computes them with tensor ops (centred in
    two steps, ops/nn_nodes.py), on arrays."""
    d = x - x.mean(axis=dims, keepdims=True, dtype=x.dtype)
    xc = d - d.mean(axis=dims, keepdims=True, dtype=x.dtype)
    invstd = 1 / np.sqrt((xc * xc).mean(axis=dims, keepdims=True, dtype=x.dtype) + eps)
    return xc * invstd, invstd


def _through_standardize(gxhat, xhat, invstd, dims):
    """dL/dx from dL/dx̂ for x̂ = (x - μ)/σ: (1/σ)·(dL/dx̂ - mean(dL/dx̂) - x̂·mean(dL/dx̂·x̂))."""
    mean = lambda a: a.mean(axis=dims, keepdims=True, dtype=a.dtype)     # noqa: E731
    return (gxhat - mean(gxhat) - xhat * mean(gxhat * xhat)) * invstd


def _norm_inputs(node, g):
    """The saved (x, weight) of a layer or batch norm as arrays, and which of (x, weight, bias) need a
    gradient, when its backward can run here: float32 or float64 NumPy arrays of one dtype (float16 runs in
    float32 and converts back: the reference does it). None otherwise."""
    saved = _saved(node)
    if saved is None:
        return None
    x, w = saved
    if x.__class__ is not _ndarray or x.dtype.kind != "f" or x.dtype.itemsize < 4 or g.dtype != x.dtype or \
            (w is not None and w.dtype != x.dtype):
        return None
    return (x, w) + tuple(node.needs_input_grad)


def keep_standardized(x, xhat, invstd, out):
    """What a layer or batch norm's forward keeps for the backward below, in normal mode: its (x̂, 1/σ), the
    same numbers the backward would compute again from x (three reductions and five passes saved), at the
    cost of holding x̂ until the backward. x̂ is copied where it is also the output (no weight, no bias: the
    output may be changed in place). None in reference mode and for arrays the backward below declines."""
    if not SWITCH.on or x.__class__ is not _ndarray or x.dtype.kind != "f" or x.dtype.itemsize < 4:
        return None
    return (xhat.copy() if xhat is out else xhat), invstd


def _kept(node, x):
    """The (x̂, 1/σ) the forward kept (see keep_standardized), or computed again from ``x``."""
    kept = getattr(node, "kept", None)
    return kept if kept is not None else _standardized(x, node.dims, node.eps)


def layer_norm(node, g):
    """NativeLayerNorm.backward on arrays, x̂ computed once, in the forward (the reference computes it again,
    for d/dx and for d/dw)."""
    inputs = _norm_inputs(node, g)
    if inputs is None:
        return None
    x, w, need_x, need_w, need_b = inputs
    xhat, invstd = _kept(node, x)
    gx = _through_standardize(g * w if w is not None else g, xhat, invstd, node.dims) if need_x else None
    lead = node.lead
    gw = ((g * xhat).sum(axis=lead) if lead else g * xhat) if need_w else None
    gb = (g.sum(axis=lead) if lead else g) if need_b else None
    return gx, gw, gb


def batch_norm(node, g):
    """NativeBatchNorm.backward on arrays (training: through the batch statistics; eval: the running ones)."""
    inputs = _norm_inputs(node, g)
    if inputs is None:
        return None
    x, w, need_x, need_w, need_b = inputs
    dims, shape = node.dims, node.shape
    if node.training:
        xhat, invstd = _kept(node, x)
    else:
        invstd = node.invstd
        xhat = (x - node.mean.reshape(shape).astype(x.dtype, copy=False)) * invstd
    gx = None
    if need_x:
        gxhat = g * w.reshape(shape) if w is not None else g
        gx = _through_standardize(gxhat, xhat, invstd, dims) if node.training else gxhat * invstd
    gw = (g * xhat).sum(axis=dims) if need_w else None
    gb = g.sum(axis=dims) if need_b else None
    return gx, gw, gb


def _softmax_inputs(node, g):
    """A softmax's or log_softmax's saved output as an array, when its backward can run here (float32 or
    float64, the gradient of the same dtype); None otherwise (float16 runs in float32: the reference)."""
    saved = _saved(node)
    if saved is None:
        return None
    out, = saved
    if out.__class__ is not _ndarray or out.dtype.kind != "f" or out.dtype.itemsize < 4 or g.dtype != out.dtype:
        return None
    return out


def softmax(node, g):
    """Softmax.backward on arrays: out·(g - Σ g·out)."""
    out = _softmax_inputs(node, g)
    if out is None:
        return None
    return out * (g - (g * out).sum(axis=node.dim, keepdims=True)), None


def log_softmax(node, g):
    """LogSoftmax.backward on arrays: g - e^out·Σ g."""
    out = _softmax_inputs(node, g)
    if out is None:
        return None
    return g - np.exp(out) * g.sum(axis=node.dim, keepdims=True), None


def norm(node, g):
    """Norm.backward on arrays for p = 2: g·x / out (1 where out = 0), with out and g broadcast back to x's
    shape by the division and the product (the reference expands them first: its where runs on x's size)."""
    saved = _saved(node)
    if saved is None or node.p != 2:
        return None
    x, out = saved
    if x.__class__ is not _ndarray or x.dtype.kind != "f" or x.dtype.itemsize < 4 or g.dtype != x.dtype:
        return None
    if not node.keepdim:
        kept = tuple(1 if i in node.dims else s for i, s in enumerate(node.in_shape))
        g, out = g.reshape(kept), out.reshape(kept)
    return g * (x / np.where(out == 0, 1.0, out)), None, None, None


_FUNCTIONS = {"Add": add, "Sub": sub, "Mul": mul, "Neg": neg, "Relu": piecewise_saved,
              "LeakyRelu": piecewise_saved, "Hardtanh": piecewise_saved, "Mm": mm,
              "Addmm": addmm, "T": transpose, "View": view, "Sum": reduction,
              "Mean": reduction, "NativeLayerNorm": layer_norm, "NativeBatchNorm": batch_norm,
              "Softmax": softmax, "LogSoftmax": log_softmax, "Norm": norm}


def bind(*op_classes):
    """File the functions above under the graph-node classes of the given op classes (by name)."""
    for cls in op_classes:
        TABLE[cls._node_cls] = _FUNCTIONS[cls.__name__]


def _file_renamed(sub, base):
    """A node class renamed to torch's name (autograd/function.py's rename_node) keeps its base's function."""
    if base in TABLE:
        TABLE[sub] = TABLE[base]


SUBCLASS_HOOKS.append(_file_renamed)
