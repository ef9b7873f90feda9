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

from ..autograd.function import AccumulateGrad
from ..tensor import _wrap
from .switch import SWITCH

_PRODUCT_NODES = set()          # the graph-node classes of a @ b (Matmul, Mm), filed by bind()


def positive_part(pred, param, beta, weight):
    """∇⁺ of ``param`` when ``pred`` is ``a @ b`` of two matrices, one of them ``param``; else None."""
    if not SWITCH.on or beta != 2 or weight is not None:
        return None
    node = pred._grad_fn
    if node is None or node.__class__ not in _PRODUCT_NODES or len(pred._data.shape) != 2:
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


def bind(*op_classes):
    """File the op classes whose nodes are a plain product ``a @ b`` (Matmul, Mm)."""
    _PRODUCT_NODES.update(cls._node_cls for cls in op_classes)
