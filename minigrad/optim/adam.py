"""Adam and AdamW (with amsgrad, maximize and decoupled weight decay), following torch's single-tensor update:
    m = β1·m + (1-β1)·g          v = β2·v + (1-β2)·g²        (v_max = max(v_max, v) with amsgrad)
    p = p - lr/(1-β1^t) · m / (√v / √(1-β2^t) + eps)
Adam adds ``weight_decay·p`` to the gradient; AdamW (= Adam with ``decoupled_weight_decay=True``)
instead shrinks p by ``1 - lr·weight_decay`` before the update.
"""
from __future__ import annotations

import math

from ..autograd.grad_mode import no_grad
from ..factories import zeros_like
from ..tensor import Tensor
from .optimizer import Optimizer, _check_common, _scalar


def adam_moments(state, g, beta1, beta2):
    """Adam's running averages (also RAdam's and NAdam's), updated in place and returned:
    m = β1·m + (1-β1)·g,  v = β2·v + (1-β2)·g²."""
    m, v = state["exp_avg"], state["exp_avg_sq"]
    m.lerp_(g, 1 - beta1)
    v.mul_(beta2).addcmul_(g, g, value=1 - beta2)
    return m, v


class Adam(Optimizer):
    sparse_refusal = "Adam does not support sparse gradients, please consider SparseAdam instead"   # (AdamW too)

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, amsgrad=False, *,
                 foreach=None, maximize=False, capturable=False, differentiable=False, fused=None,
                 decoupled_weight_decay=False):
        name = type(self).__name__
        _check_common(name, lr, eps=eps, betas=betas, weight_decay=weight_decay)
        if fused and foreach:
            raise RuntimeError(f"`fused` and `foreach` cannot be `True` together. ({name}(): pass one of them, or "
                               "neither: minigrad runs one implementation either way)")
        if not (all(isinstance(b, float) for b in betas[:2]) or all(isinstance(b, Tensor) for b in betas[:2])):
            raise ValueError(f"betas must be either both floats or both Tensors ({name} got "
                             f"{tuple(type(b).__name__ for b in betas[:2])}; write e.g. betas=(0.9, 0.999))")
        super().__init__(params, dict(lr=lr, betas=tuple(_scalar(b) for b in betas), eps=eps,
                                      weight_decay=weight_decay, amsgrad=amsgrad, maximize=maximize,
                                      foreach=foreach, capturable=capturable, differentiable=differentiable,
                                      fused=fused, decoupled_weight_decay=decoupled_weight_decay))

    def _init_state(self, group, p):
        state = {"exp_avg": zeros_like(p), "exp_avg_sq": zeros_like(p)}
        if group["amsgrad"]:
            state["max_exp_avg_sq"] = zeros_like(p)
        return state

    @no_grad()
    def step(self, closure=None):
        loss = self._evaluate(closure)
        for group, p, g, state in self._updates():
            beta1, beta2 = group["betas"][:2]
            lr, eps, t = _scalar(group["lr"]), group["eps"], int(state["step"])
            m, v = adam_moments(state, g, beta1, beta2)
            bias1 = 1 - beta1 ** t
            bias2_sqrt = math.sqrt(1 - beta2 ** t)
            if group["amsgrad"]:
                vmax = state["max_exp_avg_sq"]
                vmax.maximum_(v)
                denom = (vmax.sqrt() / bias2_sqrt).add_(eps)
            else:
                denom = (v.sqrt() / bias2_sqrt).add_(eps)
            p.addcdiv_(m, denom, value=-lr / bias1)
        return loss


class AdamW(Adam):
    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2, amsgrad=False, *,
                 maximize=False, foreach=None, capturable=False, differentiable=False, fused=None):
        super().__init__(params, lr, betas, eps, weight_decay, amsgrad, maximize=maximize, foreach=foreach,
                         capturable=capturable, differentiable=differentiable, fused=fused,
                         decoupled_weight_decay=True)

    def load_state_dict(self, state_dict):
        super().load_state_dict(state_dict)
        for group in self.param_groups:          # as torch: an AdamW always decays decoupled
            group["decoupled_weight_decay"] = True
