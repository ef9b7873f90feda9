"""RAdam (rectified Adam) as torch's single-tensor update:
    g = grad (negated when maximize);  g += weight_decay·p   (or p *= 1 - lr·weight_decay when decoupled)
    m = β1·m + (1-β1)·g,   v = β2·v + (1-β2)·g²,   m̂ = m/(1-β1^t)
    ρ∞ = 2/(1-β2) - 1,     ρ_t = ρ∞ - 2t·β2^t/(1-β2^t)
    ρ_t > 5:  p -= lr · m̂ · √(1-β2^t)/(√v + eps) · r_t,   r_t = √((ρ_t-4)(ρ_t-2)ρ∞ / ((ρ∞-4)(ρ∞-2)ρ_t))
    else:     p -= lr · m̂
"""
from __future__ import annotations

from ..autograd.grad_mode import no_grad
from ..factories import zeros_like
from .adam import adam_moments
from .optimizer import Optimizer, _check_common, _scalar


class RAdam(Optimizer):
    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, decoupled_weight_decay=False,
                 *, foreach=None, maximize=False, capturable=False,
                 differentiable=False):
        _check_common("RAdam", lr, eps=eps, betas=betas, weight_decay=weight_decay)
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, maximize=maximize,
                                      foreach=foreach, capturable=capturable,
                                      decoupled_weight_decay=decoupled_weight_decay, differentiable=differentiable))

    def _init_state(self, group, p):
        return {"exp_avg": zeros_like(p), "exp_avg_sq": zeros_like(p)}

    @no_grad()
    def step(self, closure=None):
        loss = self._evaluate(closure)
        for group, p, g, state in self._updates():
            beta1, beta2 = group["betas"][:2]
            lr, eps, t = _scalar(group["lr"]), group["eps"], int(state["step"])
            m, v = adam_moments(state, g, beta1, beta2)
            bc1, bc2 = 1 - beta1 ** t, 1 - beta2 ** t
            m_hat = m / bc1
            rho_inf = 2 / (1 - beta2) - 1
            rho_t = rho_inf - 2 * t * beta2 ** t / bc2
            if rho_t > 5.0:
                rect = ((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t)) ** 0.5
                adaptive = (bc2 ** 0.5) / v.sqrt().add_(eps)
                p.add_(m_hat * lr * adaptive * rect, alpha=-1.0)
            else:
                p.add_(m_hat * lr, alpha=-1.0)
        return loss
