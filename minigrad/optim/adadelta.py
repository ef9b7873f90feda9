"""Adadelta as torch's single-tensor update (weight decay, maximize):
    g = grad (negated when maximize) + weight_decay·p
    v = ρ·v + (1-ρ)·g²
    δ = √(u + eps) / √(v + eps) · g,     u = ρ·u + (1-ρ)·δ²,     p -= lr·δ
"""
from __future__ import annotations

from ..autograd.grad_mode import no_grad
from ..factories import zeros_like
from .optimizer import Optimizer, _check_common, _check_hyper, _scalar


class Adadelta(Optimizer):
    def __init__(self, params, lr=1.0, rho=0.9, eps=1e-6, weight_decay=0, foreach=None, *, capturable=False,
                 maximize=False, differentiable=False):
        _check_common("Adadelta", lr)
        _check_hyper("Adadelta", "rho value", rho, 0.0 <= rho <= 1.0, "rho must be in [0, 1]")
        _check_hyper("Adadelta", "epsilon value", eps, 0.0 <= eps, "eps must be >= 0")
        _check_hyper("Adadelta", "weight_decay value", weight_decay, 0.0 <= weight_decay,
                     "weight_decay must be >= 0")
        super().__init__(params, dict(lr=lr, rho=rho, eps=eps, weight_decay=weight_decay, maximize=maximize,
                                      capturable=capturable, foreach=foreach, differentiable=differentiable))

    def _init_state(self, group, p):
        return {"square_avg": zeros_like(p), "acc_delta": zeros_like(p)}

    @no_grad()
    def step(self, closure=None):
        loss = self._evaluate(closure)
        for group, p, g, state in self._updates():
            lr, rho, eps = _scalar(group["lr"]), group["rho"], group["eps"]
            v, u = state["square_avg"], state["acc_delta"]
            v.mul_(rho).addcmul_(g, g, value=1 - rho)
            std = v.add(eps).sqrt_()
            delta = u.add(eps).sqrt_().div_(std).mul_(g)
            u.mul_(rho).addcmul_(delta, delta, value=1 - rho)
            p.add_(delta, alpha=-lr)
        return loss
