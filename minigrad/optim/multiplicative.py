"""Multiplicative updates (Lee & Seung; Févotte & Idier) for any non-negative model, from autograd.

The β-divergence D(X | Ŷ) between a non-negative target X and a model's prediction Ŷ has

    ∂D/∂Ŷ = Ŷ^(β-1) - X ⊙ Ŷ^(β-2),

a difference of two non-negative terms. When the model's Jacobian is non-negative too (W @ H,
W @ S @ H, convolutions of non-negative factors, masks...), back-propagating each term separately
gives the positive and negative parts of every parameter's gradient, ∇⁺ and ∇⁻ (here with two
``autograd.grad`` calls that use the terms as upstream gradients). The update

    θ ← θ ⊙ (∇⁻ / ∇⁺)^γ,   γ = 1/(2-β) for β < 1,  1 for 1 ≤ β ≤ 2,  1/(β-1) for β > 2

keeps θ non-negative and does not increase D (a majorisation-minimisation step). For W @ H and
β = 2 it is exactly Lee & Seung's W ← W ⊙ (X Hᵀ) / (W H Hᵀ).

Splitting the *total* gradient by its sign (max(±g, 0)) is not the same thing, and blows up.
"""
from __future__ import annotations

import numpy as np

from ..autograd.engine import grad as _autograd_grad
from ..autograd.grad_mode import no_grad
from ..tensor import Tensor
from .optimizer import Optimizer

EPS32 = float(np.finfo(np.float32).eps)     # scikit-learn's clipping constant, used for comparability


def mm_exponent(beta: float) -> float:
    """γ of Févotte & Idier (2011): the exponent that makes the update a majorisation-minimisation step."""
    if beta < 1:
        return 1.0 / (2.0 - beta)
    if beta > 2:
        return 1.0 / (beta - 1.0)
    return 1.0


class MultiplicativeUpdate(Optimizer):
    """θ ← θ ⊙ (∇⁻/∇⁺)^γ for every parameter, one at a time, with ∇± taken from autograd.

    ``step(closure)``: the closure returns ``(prediction, target)`` or ``(prediction, target, weight)``
    and is evaluated again before each parameter's update (so ``[W, H]`` alternates as Lee & Seung).
    ``weight`` (e.g. 0 where data is missing) multiplies both parts. ``l1`` adds to ∇⁺ and ``l2·θ``
    too (per param group). After the step, ``p.grad`` holds ∇⁺ - ∇⁻ (the β-divergence's gradient,
    regularisation included). Returns what the first closure call returned.
    """

    def __init__(self, params, beta=2.0, gamma=None, l1=0.0, l2=0.0):
        beta = float(beta)
        if not np.isfinite(beta):
            raise ValueError(f"MultiplicativeUpdate: beta must be a finite number, got {beta}")
        if gamma is not None and not 0 < gamma <= 1:
            raise ValueError(f"MultiplicativeUpdate: gamma must be in (0, 1] (got {gamma}); leave it None to use "
                             "Févotte & Idier's exponent for beta")
        if l1 < 0 or l2 < 0:
            raise ValueError(f"MultiplicativeUpdate: l1 and l2 must be >= 0, got l1={l1}, l2={l2}")
        super().__init__(params, dict(beta=beta, gamma=gamma, l1=l1, l2=l2))

    def __getstate__(self):
        return {k: v for k, v in self.__dict__.items() if k != "_checked_data"}

    def step(self, closure=None):
        if closure is None:
            raise ValueError("MultiplicativeUpdate.step needs a closure that returns (prediction, target) or "
                             "(prediction, target, weight), e.g. step(lambda: (W @ H, X))")
        first = None
        index = 0
        for group in self.param_groups:
            beta = group["beta"]
            gamma = group["gamma"] if group["gamma"] is not None else mm_exponent(beta)
            for p in group["params"]:
                out = self._evaluate(closure)
                if first is None:
                    first = out
                pred, target, weight = _unpack(out)
                state = self.state[p]
                if state.get("checked_version") != p._version:       # checks cost a pass and a GPU sync:
                    _check_param(p, index, pred)                      # skip them while nothing but this
                if not _already_checked(self, target, weight, beta):  # optimizer changed the tensors
                    _check_data(target, weight, beta)
                    _remember_checked(self, target, weight, beta)
                if not pred.requires_grad:
                    _check_param(p, index, pred)
                g_pos, g_neg = gradient_parts(pred, target, p, beta, weight, index)
                with no_grad():
                    if group["l1"]:
                        g_pos = g_pos + group["l1"]
                    if group["l2"]:
                        g_pos = g_pos + p * group["l2"]
                    g_pos = g_pos.masked_fill(g_pos == 0, EPS32)   # a zero ∇⁺ becomes eps (scikit-learn)
                    ratio = g_neg / g_pos
                    if gamma != 1:
                        ratio = ratio ** gamma
                    p.mul_(ratio)
                    p.grad = (g_pos - g_neg).to(p.dtype)
                state["checked_version"] = p._version        # non-negative by construction after an update
                index += 1
        return first


def gradient_parts(pred, target, param, beta, weight=None, index=0):
    """(∇⁺, ∇⁻) of the β-divergence D(target | pred) with respect to ``param``: the two terms of
    ∂D/∂pred, Ŷ^(β-1) and X ⊙ Ŷ^(β-2), each back-propagated through the model."""
    y = pred.detach()
    # scikit-learn's conventions: Ŷ is clipped at float32 eps before a negative power
    y_for_neg = y.clamp(min=EPS32) if beta < 2 else y
    y_for_pos = y.clamp(min=EPS32) if beta < 1 else y
    up_pos = _power(y_for_pos, beta - 1)
    if beta == 2:
        up_neg = target
    elif beta == 1:
        up_neg = target / y_for_neg
    else:
        up_neg = target * _power(y_for_neg, beta - 2)
    if weight is not None:
        up_pos, up_neg = up_pos * weight, up_neg * weight
    try:
        g_pos, = _autograd_grad(pred, param, up_pos, retain_graph=True)
        g_neg, = _autograd_grad(pred, param, up_neg)
    except RuntimeError as exc:
        if "not used" in str(exc) or "does not require grad" in str(exc):
            raise ValueError(f"MultiplicativeUpdate: the prediction returned by the closure does not depend on "
                             f"parameter {index} (shape {tuple(param.shape)}); the closure must compute the "
                             "prediction from the parameters being optimised") from None
        raise
    return g_pos, g_neg


def _power(y, e):
    if e == 0:
        from ..factories import ones_like
        return ones_like(y)
    if e == 1:
        return y
    return y ** e


def _unpack(out):
    if not isinstance(out, (tuple, list)) or len(out) not in (2, 3):
        raise TypeError("MultiplicativeUpdate: the closure must return (prediction, target) or "
                        f"(prediction, target, weight); it returned {type(out).__name__}")
    pred, target = out[0], out[1]
    weight = out[2] if len(out) == 3 else None
    for name, t in (("prediction", pred), ("target", target), ("weight", weight)):
        if t is not None and not isinstance(t, Tensor):
            raise TypeError(f"MultiplicativeUpdate: the closure's {name} must be a Tensor, got {type(t).__name__}")
    if tuple(pred.shape) != tuple(target.shape):
        raise ValueError(f"MultiplicativeUpdate: prediction {tuple(pred.shape)} and target {tuple(target.shape)} "
                         "must have the same shape")
    return pred, target, weight


def _already_checked(opt, target, weight, beta):
    """Whether this target/weight was checked before, unchanged since (remembered by identity and version)."""
    key = (target._version, None if weight is None else weight._version, beta)
    for ref_t, ref_w, k in opt.__dict__.get("_checked_data", ()):
        if ref_t() is target and (ref_w() if ref_w is not None else None) is weight and k == key:
            return True
    return False


def _remember_checked(opt, target, weight, beta):
    import weakref
    key = (target._version, None if weight is None else weight._version, beta)
    seen = opt.__dict__.setdefault("_checked_data", [])
    seen.append((weakref.ref(target), None if weight is None else weakref.ref(weight), key))
    del seen[:-4]


def _check_param(p, index, pred):
    if not pred.requires_grad:
        raise ValueError(f"MultiplicativeUpdate: the prediction does not require grad, so it cannot depend on "
                         f"parameter {index}; compute it from the parameters inside the closure (not under no_grad)")
    if bool((p.detach() < 0).any()):
        raise ValueError(f"MultiplicativeUpdate: parameter {index} (shape {tuple(p.shape)}) has negative entries; "
                         "multiplicative updates need non-negative parameters: initialise them with non-negative "
                         "values, e.g. minigrad.rand(...) or x.abs()")


def _check_data(target, weight, beta):
    t = target.detach()
    if bool((t < 0).any()):
        raise ValueError(f"MultiplicativeUpdate: the target has negative entries (min {t.min().item():.4g}); the "
                         "beta-divergence is defined for non-negative data")
    if beta <= 0 and bool((t == 0).any()):
        raise ValueError(f"MultiplicativeUpdate: beta={beta} <= 0 and the target contains zeros, where the "
                         "divergence is infinite and the updates may diverge; add a small value to the target or "
                         "use beta > 0")
    if weight is not None and bool((weight.detach() < 0).any()):
        raise ValueError("MultiplicativeUpdate: the weight has negative entries; use 0 to ignore an entry")
