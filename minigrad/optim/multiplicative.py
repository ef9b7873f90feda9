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

import weakref

import numpy as np

from .. import fast
from ..autograd.engine import grad as _autograd_grad
from ..autograd.grad_mode import no_grad
from ..factories import ones_like
from ..ops.compare import isinf, isnan
from ..ops.shape import stack
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

    Poison is refused with a ValueError that names the tensor: NaN, inf or negative entries in the
    target, the weight or a parameter, non-finite or negative ``l1``/``l2``, a prediction with NaN,
    inf or negative entries, and gradient parts that come out negative (a model whose Jacobian is not
    non-negative, e.g. ``10 - W @ H``). Target, weight and parameters are checked again only when their
    version counter says they changed in place; the prediction and the update every step.
    """

    def __init__(self, params, beta=2.0, gamma=None, l1=0.0, l2=0.0):
        super().__init__(params, dict(beta=beta, gamma=gamma, l1=l1, l2=l2))

    def add_param_group(self, param_group: dict):
        super().add_param_group(param_group)
        _check_group(self.param_groups[-1])

    def __getstate__(self):
        return {k: v for k, v in self.__dict__.items() if k != "_checked_data"}

    def step(self, closure=None):
        if closure is None:
            raise ValueError("MultiplicativeUpdate.step needs a closure that returns (prediction, target) or "
                             "(prediction, target, weight), e.g. step(lambda: (W @ H, X))")
        first = None
        params = [p for group in self.param_groups for p in group["params"]]
        for group in self.param_groups:
            _check_group(group)                                  # a few floats: cheap, and groups are mutable
        for i, p in enumerate(params):                       # a full check costs a pass (and a GPU sync): only
            if self.state[p].get("checked_version") != p._version:   # for a parameter changed outside step()
                _check_param(p, i)
                self.state[p]["checked_version"] = p._version
        index = 0
        for group in self.param_groups:
            beta = float(group["beta"])
            gamma = group["gamma"] if group["gamma"] is not None else mm_exponent(beta)
            for p in group["params"]:
                with fast.multiplicative.deferring(params, beta):   # W @ H: computed only when read (fast layer)
                    out = self._evaluate(closure)
                if first is None:
                    first = out
                pred, target, weight = _unpack(out)
                state = self.state[p]
                if not _already_checked(self, target, weight, beta):  # by identity and version counter
                    _check_data(target, weight, beta)
                    _remember_checked(self, target, weight, beta)
                if not pred.requires_grad:
                    raise ValueError("MultiplicativeUpdate: the prediction does not require grad, so it cannot "
                                     f"depend on parameter {index}; compute it from the parameters inside the "
                                     "closure (not under no_grad)")
                if not (fast.multiplicative.product_is_finite(pred, params) or _ok(pred)):   # every step
                    _explain_bad_prediction(pred, params, target, weight, beta)
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
                    new = p * ratio
                    ok = fast.multiplicative.update_is_ok(p, g_pos, g_neg, new)
                    if not (ok if ok is not None else _update_ok(p, g_pos, g_neg, new)):       # before p changes: an error leaves p as it was
                        _explain_bad_update(p, index, g_pos, g_neg, new, target, weight, beta)
                    p.copy_(new)
                    p.grad = (g_pos - g_neg).to(p.dtype)
                state["checked_version"] = p._version        # checked just now, so finite and non-negative
                index += 1
        return first


def gradient_parts(pred, target, param, beta, weight=None, index=0):
    """(∇⁺, ∇⁻) of the β-divergence D(target | pred) with respect to ``param``: the two terms of
    ∂D/∂pred, Ŷ^(β-1) and X ⊙ Ŷ^(β-2), each back-propagated through the model."""
    parts = fast.multiplicative.gradient_parts(pred, target, param, beta, weight)   # W @ H, β = 2: W (H Hᵀ), X Hᵀ
    if parts is not None:
        return parts
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
    key = (target._version, None if weight is None else weight._version, beta)
    seen = opt.__dict__.setdefault("_checked_data", [])
    seen.append((weakref.ref(target), None if weight is None else weakref.ref(weight), key))
    del seen[:-4]


def _check_group(group):
    """beta, gamma, l1 and l2 of one param group: finite numbers in range."""
    for name in ("beta", "l1", "l2"):
        value = group[name]
        if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)):
            raise TypeError(f"MultiplicativeUpdate: {name} must be a number, got {type(value).__name__}")
        if not np.isfinite(value):
            raise ValueError(f"MultiplicativeUpdate: {name} must be a finite number, got {value}; "
                             + ("use e.g. beta=2 (squared error), 1 (KL) or 0 (Itakura-Saito)" if name == "beta"
                                else f"use {name}=0 for no regularisation or a positive finite weight"))
    if group["l1"] < 0 or group["l2"] < 0:
        raise ValueError(f"MultiplicativeUpdate: l1 and l2 must be >= 0, got l1={group['l1']}, l2={group['l2']}; "
                         "a negative penalty would reward large factors")
    gamma = group["gamma"]
    if gamma is not None and (isinstance(gamma, bool) or not isinstance(gamma, (int, float, np.floating))
                              or not 0 < gamma <= 1):
        raise ValueError(f"MultiplicativeUpdate: gamma must be in (0, 1] (got {gamma}); leave it None to use "
                         "Févotte & Idier's exponent for beta")


def _bounds(t):
    """(min, max) of a tensor's entries as Python floats, in one transfer; NaN if any entry is NaN."""
    t = t.detach()
    if t.numel() == 0:
        return 0.0, 0.0
    lo, hi = stack([t.amin(), t.amax()]).tolist()
    return lo, hi


def _ok(t):
    lo, hi = _bounds(t)
    return lo >= 0 and hi < float("inf")            # False for NaN too


def _problems(t):
    """What is wrong with a tensor that should be finite and non-negative, in words."""
    t = t.detach()
    parts = []
    n_nan = int(isnan(t).sum().item())
    n_inf = int(isinf(t).sum().item())
    n_neg = int((t < 0).sum().item())
    if n_nan:
        parts.append(f"{n_nan} NaN {'entry' if n_nan == 1 else 'entries'}")
    if n_inf:
        parts.append(f"{n_inf} infinite {'entry' if n_inf == 1 else 'entries'}")
    if n_neg:
        parts.append(f"{n_neg} negative {'entry' if n_neg == 1 else 'entries'} (min {t.amin().item():.4g})")
    return ", ".join(parts) or "no bad entries"


def _check_param(p, index):
    if not _ok(p):
        what = _problems(p)
        if "negative" in what and "NaN" not in what and "infinite" not in what:
            what = "has negative entries"
        else:
            what = f"has {what}"
        raise ValueError(f"MultiplicativeUpdate: parameter {index} (shape {tuple(p.shape)}) {what}; "
                         "multiplicative updates need finite, non-negative parameters (a factor can only be "
                         "scaled, never repaired): initialise them with finite non-negative values, e.g. "
                         "minigrad.rand(...) or x.abs()")


def _check_data(target, weight, beta):
    t = target.detach()
    if not _ok(t):
        what = _problems(t)
        if "NaN" in what or "infinite" in what:
            raise ValueError(f"MultiplicativeUpdate: the target (the closure's second result, shape "
                             f"{tuple(t.shape)}) has {what}; the beta-divergence needs finite non-negative "
                             "data. For missing entries, fill them with any finite value and pass a weight of 0 "
                             "there as the closure's third result: step(lambda: (W @ H, X_filled, mask))")
        raise ValueError(f"MultiplicativeUpdate: the target has negative entries (min {t.amin().item():.4g}); "
                         "the beta-divergence is defined for non-negative data: shift or clip the data, or use "
                         "an additive optimizer (SGD, Adam) for signed data")
    if beta <= 0 and bool((t == 0).any()):
        raise ValueError(f"MultiplicativeUpdate: beta={beta} <= 0 and the target contains zeros, where the "
                         "divergence is infinite and the updates may diverge; add a small value to the target or "
                         "use beta > 0")
    if weight is not None and not _ok(weight):
        raise ValueError(f"MultiplicativeUpdate: the weight (the closure's third result, shape "
                         f"{tuple(weight.shape)}) has {_problems(weight)}; a weight must be finite and "
                         "non-negative: use 1 for an entry that counts and 0 to ignore one")


def _explain_bad_prediction(pred, params, target, weight, beta):
    """The prediction has NaN, inf or negative entries: blame a parameter or the data if one of them was
    changed behind the version counter (e.g. through .numpy()), else the model."""
    for i, q in enumerate(params):
        _check_param(q, i)
    _check_data(target, weight, beta)
    raise ValueError(f"MultiplicativeUpdate: the prediction (the closure's first result, shape "
                     f"{tuple(pred.shape)}) has {_problems(pred)}; multiplicative updates need a model "
                     "whose output stays finite and non-negative for non-negative parameters, built from "
                     "sums and products of the parameters with non-negative constants (W @ H, W @ S @ H, "
                     "conv2d of non-negative factors). Remove subtractions and negative constants from the "
                     "model, or use an additive optimizer such as Adam")


def _update_ok(p, g_pos, g_neg, new):
    """∇⁺ and ∇⁻ non-negative (NaN fails) and the updated parameter finite and non-negative: one transfer."""
    if p.numel() == 0:
        return True
    lo_p, lo_n, lo_new, hi_new = stack([g_pos.amin(), g_neg.amin(), new.amin(), new.amax()]).tolist()
    return lo_p >= 0 and lo_n >= 0 and lo_new >= 0 and hi_new < float("inf")


def _explain_bad_update(p, index, g_pos, g_neg, new, target, weight, beta):
    _check_data(target, weight, beta)                     # data changed behind the version counter?
    if not _ok(p):
        raise ValueError(f"MultiplicativeUpdate: parameter {index} (shape {tuple(p.shape)}) has "
                         f"{_problems(p)}, set without a version change (e.g. through .data or numpy()); "
                         "multiplicative updates need finite non-negative parameters")
    for part in (g_pos, g_neg):
        if not _ok(part):
            raise ValueError(f"MultiplicativeUpdate: the positive and negative parts of parameter {index}'s "
                             f"gradient (shape {tuple(p.shape)}) have {_problems(part)}: the model's Jacobian "
                             "has negative entries (it subtracts the parameter, multiplies it by a negative "
                             "constant, or applies a decreasing function), so the update is not a "
                             "multiplicative update. Build the prediction from sums and products of the "
                             "parameters with non-negative constants, or use an additive optimizer such as Adam")
    raise ValueError(f"MultiplicativeUpdate: the update of parameter {index} (shape {tuple(p.shape)}) "
                     f"overflowed to {_problems(new)}; the data are too large for {p.dtype}: scale the "
                     "target down (e.g. divide by its mean) or use float64")
