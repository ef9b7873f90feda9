"""Adamax (Adam with an infinity norm) as torch's single-tensor update:
    g = grad (negated when maximize) + weight_decay·p
    m = β1·m + (1-β1)·g,     u = max(β2·u, |g| + eps),     p -= lr/(1-β1^t) · m/u
"""
from __future__ import annotations

from ..autograd.grad_mode import no_grad
from ..factories import zeros_like
from .optimizer import Optimizer, _check_common, _scalar


class Adamax(Optimizer):
    def __init__(self, params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, foreach=None, *,
                 maximize=False, differentiable=False, capturable=False):
        _check_common("Adamax", lr, eps=eps, betas=betas, weight_decay=weight_decay)
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, foreach=foreach,
                                      maximize=maximize, differentiable=differentiable, capturable=capturable))

    def _init_state(self, group, p):
        return {"exp_avg": zeros_like(p), "exp_inf": zeros_like(p)}

    @no_grad()
    def step(self, closure=None):
        loss = self._evaluate(closure)
        for group, p, g, state in self._updates():
            beta1, beta2 = group["betas"][:2]
            lr, eps = _scalar(group["lr"]), group["eps"]
            m, u = state["exp_avg"], state["exp_inf"]
            m.lerp_(g, 1 - beta1)
            u.mul_(beta2).maximum_(g.abs().add_(eps))
            p.addcdiv_(m, u, value=-lr / (1 - beta1 ** int(state["step"])))
        return loss
