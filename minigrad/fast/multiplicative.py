"""Multiplicative updates for the plain product Ŷ = W @ H with β = 2: ∇⁺ from a k x k product.

In the reference path (``optim/multiplicative.py``) ∇⁺ is Ŷ^(β-1) back-propagated through the model by
``autograd.grad``. For β = 2 that upstream gradient is Ŷ itself, and when the model is one product of
two matrices the back-propagation is a product again:

    ∇⁺_W = Ŷ Hᵀ = W (H Hᵀ),        ∇⁺_H = Wᵀ Ŷ = (Wᵀ W) H,

the same numbers up to rounding (Lee & Seung's form, and scikit-learn's), but an (m, n, k) product
becomes an (m, k, k) and a (k, n, k) one. ∇⁻ is the target back-propagated, X Hᵀ or Wᵀ X: the products
``autograd.grad`` makes, without the engine around them. ``gradient_parts`` returns ``None`` for any other
model, β, weight, or when one factor was not saved (it does not require grad), and the optimizer runs
``autograd.grad`` instead.

Then nothing reads the prediction's (m, n) values: not the parts, and not the check that it is finite
and non-negative (``product_is_finite``, from the factors). So while the optimizer evaluates its closure
(``deferring``), ``W @ H`` of two of its parameters is a ``DeferredProduct``: a graph node as ``@`` makes
it, whose values are computed from copies of the factors the first time anything reads them (printing
the loss, a further op in the closure, the reference checks). The (m, n, k) forward product is then made
only when someone uses it -- in the plain ``step(lambda: (W @ H, X))``, never -- and is the same product
of the same numbers whenever it is made.
"""
from __future__ import annotations

import threading
from contextlib import contextmanager

import numpy as np

from ..autograd.engine import _anomaly, _trace      # (the modules: autograd.trace is also a function)
from ..autograd.function import _FREED, SUBCLASS_HOOKS, AccumulateGrad, SavedTensor, _accumulator
from ..autograd.grad_mode import STATE
from ..tensor import Size, Tensor, _wrap
from .switch import SWITCH

_PRODUCT_NODES = set()          # the graph-node classes of a @ b (Matmul, Mm), filed by bind()
_MATMUL = {}                    # "op": Matmul, "layout": its transposed_operands (ops/linalg.py), filed by bind()


class _Deferring(threading.local):
    params = None               # the optimizer's parameters while it evaluates its closure; else None


_DEFERRING = _Deferring()


@contextmanager
def deferring(params, beta):
    """While the optimizer evaluates its closure for a β = 2 update: ``W @ H`` of two of ``params`` is a
    ``DeferredProduct`` (normal mode, NumPy arrays; see the module's docstring). Other β read the product."""
    before = _DEFERRING.params
    _DEFERRING.params = params if SWITCH.on and beta == 2 else None
    try:
        yield
    finally:
        _DEFERRING.params = before


_DATA = Tensor.__dict__["_data"]             # Tensor's slot for its array


def _read(t):
    """A DeferredProduct's array: the product of its factors' copies, made (and kept) on the first read."""
    try:
        return _DATA.__get__(t, Tensor)
    except AttributeError:
        a, b = t.__dict__.pop("_factors")
        data = a @ b
        _DATA.__set__(t, data)
        return data


class DeferredProduct(Tensor):
    """``W @ H`` made inside MultiplicativeUpdate's closure: a tensor like any other whose array is
    computed the first time it is read, from copies of W and H taken when ``@`` ran."""
    __slots__ = ()
    _data = property(_read, _DATA.__set__)

    @property
    def shape(self):                        # (the optimizer checks it against the target's)
        return self.__dict__["_shape"] if "_factors" in self.__dict__ else Tensor.shape.fget(self)


def deferred_product(a, b):
    """``a @ b`` as a ``DeferredProduct`` while the optimizer evaluates its closure, when ``a`` and ``b``
    are two of its parameters (leaves that require grad, 2-D float NumPy arrays of one dtype) and a graph
    is recorded; ``None`` otherwise (``@`` then runs as always). The node is the one Matmul.apply makes.
    (``a`` and ``b`` are tensors: ops/linalg.py's ``matmul`` checked them, their dtypes and shapes.)"""
    params = _DEFERRING.params
    if params is None or not STATE.enabled or a is b:
        return None
    x, y = a._data, b._data
    if (a._grad_fn is not None or b._grad_fn is not None or not (a._requires_grad and b._requires_grad)
            or x.__class__ is not np.ndarray or y.__class__ is not np.ndarray or x.ndim != 2 or y.ndim != 2
            or x.dtype != y.dtype or x.dtype.kind != "f" or a._creation_meta is not None
            or b._creation_meta is not None or not any(p is a for p in params) or not any(p is b for p in params)):
        return None
    op = _MATMUL["op"]
    ctx = op._node_cls()
    ctx.needs_input_grad = (True, True)
    ctx.shape_a, ctx.shape_b, ctx.transposed = x.shape, y.shape, _MATMUL["layout"](x, y)
    ctx._saved = (SavedTensor(a, x, a._version_counter, 0), SavedTensor(b, y, b._version_counter, 0))
    ctx._arity, ctx._in0, ctx._in1 = 2, _accumulator(a), _accumulator(b)
    t = object.__new__(DeferredProduct)
    t.__dict__.update(_factors=(x.copy(order="K"), y.copy(order="K")), _shape=Size((x.shape[0], y.shape[1])))
    t._version_counter = [0]
    t._grad_fn, t._requires_grad = ctx, True
    return t


def _product_node(pred):
    """The graph node of ``pred`` when it is a product ``a @ b`` of two matrices; else None."""
    node = pred._grad_fn
    if node is None or node.__class__ not in _PRODUCT_NODES or len(pred.shape) != 2:
        return None
    return node


def _factor_of(pred, param):
    """``(node, is_a)`` when ``pred`` is ``a @ b`` of two matrices with ``param`` as exactly one of the two
    factors, and nothing watches the pass the caller replaces: no hooks on the node or the parameter, no
    ``autograd.trace``, no anomaly mode (each of those sees the ``autograd.grad`` call run). Else None."""
    node = _product_node(pred)
    if (node is None or node._pre_hooks or node._post_hooks or param._backward_hooks
            or _trace.ACTIVE is not None or _anomaly._Mode.enabled):
        return None
    (fa, _), (fb, _) = node._edges
    is_a = fa.__class__ is AccumulateGrad and fa.variable is param
    is_b = fb.__class__ is AccumulateGrad and fb.variable is param
    if is_a == is_b:
        return None                            # param on both sides (W @ W), or not a direct factor
    return node, is_a


def gradient_parts(pred, target, param, beta, weight):
    """``(∇⁺, ∇⁻)`` of ``param`` for β = 2 without weights, when ``pred`` is ``a @ b`` of two matrices, one of
    them ``param``: ∇⁺ = a (b bᵀ) or (aᵀ a) b, and ∇⁻ = the target back-propagated, X bᵀ or aᵀ X -- the
    products the second ``autograd.grad`` call makes, in the same layout (ops/linalg.py's ``mm_grads``),
    without the engine around them; the node then releases what it saved, as that call's pass would.
    ``None`` for anything else (another model, dtype or device; hooks, a trace or anomaly mode watching
    the passes), and the optimizer runs ``autograd.grad`` twice."""
    if not SWITCH.on or beta != 2 or weight is not None:
        return None
    found = _factor_of(pred, param)
    x = target._data
    if found is None or x.__class__ is not np.ndarray:
        return None
    node, is_a = found
    a, b = node.saved_tensors                  # (checks that neither changed in place since)
    if a is None or b is None:
        return None
    a, b = a._data, b._data
    if a.__class__ is not np.ndarray or b.__class__ is not np.ndarray or x.dtype != a.dtype or b.dtype != a.dtype:
        return None
    if is_a:                                   # d/da = g bᵀ (or (b gᵀ)ᵀ when a was a transposed view)
        g_pos = a @ (b @ b.T)
        g_neg = (b @ x.T).T if node.transposed[0] else x @ b.T
    else:                                      # d/db = aᵀ g (or (gᵀ a)ᵀ when b was a transposed view)
        g_pos = (a.T @ a) @ b
        g_neg = (x.T @ a).T if node.transposed[1] else a.T @ x
    node._saved = _FREED
    return _wrap(g_pos), _wrap(g_neg)


def update_is_ok(p, g_pos, g_neg, new):
    """The optimizer's check before a parameter changes (∇⁺ and ∇⁻ non-negative, the new values finite and
    non-negative; NaN fails) on NumPy arrays, without building tensors of the four bounds. ``None`` on a GPU
    or in reference mode, where the optimizer stacks them for one transfer."""
    arrays = (g_pos._data, g_neg._data, new._data)
    if not SWITCH.on or any(a.__class__ is not np.ndarray for a in arrays):
        return None
    if not arrays[2].size:
        return True
    return bool(arrays[0].min() >= 0 and arrays[1].min() >= 0 and arrays[2].min() >= 0
                and arrays[2].max() < np.inf)


def product_is_finite(pred, params):
    """True when ``pred`` is ``W @ H`` of two of the optimizer's parameters, both non-negative (passes over
    the small factors), and (largest row sum of W)·(largest entry of H) is below half the dtype's largest
    number: every entry of the product is then finite and non-negative, which the optimizer otherwise
    checks with two passes over the (m, n) prediction (18% of an iteration on benchmarks/nmf.py's
    problem). False whenever that does not apply; the optimizer then checks the prediction itself."""
    if not SWITCH.on:
        return False
    node = _product_node(pred)
    if node is None:
        return False
    (fa, _), (fb, _) = node._edges
    if fa.__class__ is not AccumulateGrad or fb.__class__ is not AccumulateGrad or \
            not any(fa.variable is p for p in params) or not any(fb.variable is p for p in params):
        return False
    a, b = node.saved_tensors                  # (checks that neither changed in place since)
    if a is None or b is None or a._data.ndim != 2 or b._data.ndim != 2 or not a._data.size or not b._data.size:
        return False
    a, b = a._data, b._data
    if not (float(a.min()) >= 0 and float(b.min()) >= 0):   # (changed behind the version counter: the
        return False                                         # optimizer's own check names the parameter)
    limit = float(np.finfo(np.result_type(a, b)).max) / 2
    bound = float(a.sum(axis=1).max()) * float(b.max())
    return bound < limit                       # (False for inf or NaN too)


def bind(matmul, layout, *op_classes):
    """File ``matmul`` (ops/linalg.py's Matmul) and its operand-layout rule for ``deferred_product``, and the
    op classes whose nodes are a plain product ``a @ b`` (Matmul, Mm)."""
    _MATMUL.update(op=matmul, layout=layout)
    _PRODUCT_NODES.update(cls._node_cls for cls in (matmul,) + op_classes)


def _file_renamed(sub, base):
    """A product's node renamed to torch's name (MmBackward0: a subclass, see rename_node) is still a product."""
    if base in _PRODUCT_NODES:
        _PRODUCT_NODES.add(sub)


SUBCLASS_HOOKS.append(_file_renamed)
