"""Multiplicative updates for the plain product Ŷ = W @ H with β = 2: ∇⁺ from a k x k product.

In the reference path (``optim/multiplicative.py``) ∇⁺ is Ŷ^(β-1) back-propagated through the model by
``autograd.grad``. For β = 2 that upstream gradient is Ŷ itself, and when the model is one product of
two matrices the back-propagation is a product again:

    ∇⁺_W = Ŷ Hᵀ = W (H Hᵀ),        ∇⁺_H = Wᵀ Ŷ = (Wᵀ W) H,

the same numbers up to rounding (Lee & Seung's form, and scikit-learn's), but an (m, n, k) product
becomes an (m, k, k) and a (k, n, k) one. ``positive_part`` returns ``None`` for any other model,
β, weight, or when one factor was not saved (it does not require grad), and the optimizer runs
``autograd.grad`` instead.
"""
from __future__ import annotations

import numpy as np

from ..autograd.function import AccumulateGrad
from ..tensor import _wrap
from .switch import SWITCH

_PRODUCT_NODES = set()          # the graph-node classes of a @ b (Matmul, Mm), filed by bind()


def _product_node(pred):
    """The graph node of ``pred`` when it is a product ``a @ b`` of two matrices; else None."""
    node = pred._grad_fn
    if node is None or node.__class__ not in _PRODUCT_NODES or len(pred._data.shape) != 2:
        return None
    return node


def positive_part(pred, param, beta, weight):
    """∇⁺ of ``param`` when ``pred`` is ``a @ b`` of two matrices, one of them ``param``; else None."""
    if not SWITCH.on or beta != 2 or weight is not None:
        return None
    node = _product_node(pred)
    if node is None:
        return None
    (fa, _), (fb, _) = node._edges
    is_a = fa.__class__ is AccumulateGrad and fa.variable is param
    is_b = fb.__class__ is AccumulateGrad and fb.variable is param
    if is_a == is_b:
        return None                            # param on both sides (W @ W), or not a direct factor
    a, b = node.saved_tensors                  # (checks that neither changed in place since)
    if a is None or b is None or a._data.ndim != 2 or b._data.ndim != 2:
        return None
    a, b = a._data, b._data
    return _wrap(a @ (b @ b.T)) if is_a else _wrap((a.T @ a) @ b)


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
    limit = float(np.finfo(pred._data.dtype).max) / 2
    bound = float(a.sum(axis=1).max()) * float(b.max())
    return bound < limit                       # (False for inf or NaN too)


def bind(*op_classes):
    """File the op classes whose nodes are a plain product ``a @ b`` (Matmul, Mm)."""
    _PRODUCT_NODES.update(cls._node_cls for cls in op_classes)
