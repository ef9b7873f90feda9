"""NAdam (Adam with Nesterov momentum and momentum decay) as torch's single-tensor update:
    g = grad (negated when maximize);  g += weight_decay·p   (or p *= 1 - lr·weight_decay when decoupled)
    μ_t = β1·(1 - ½·0.96^(t·ψ)),   Π_t = Π_{t-1}·μ_t       (ψ = momentum_decay; Π kept in the default
                                                          dtype, as torch's ``mu_product`` tensor)
    m = β1·m + (1-β1)·g,   v = β2·v + (1-β2)·g²,   d = √(v/(1-β2^t)) + eps
    p -= lr·(1-μ_t)/(1-Π_t) · g/d  +  lr·μ_{t+1}/(1-Π_t·μ_{t+1}) · m/d
"""
from __future__ import annotations

from ..autograd.grad_mode import no_grad
from ..dtypes import get_default_dtype
from ..factories import tensor, zeros_like
from .adam import adam_moments
from .optimizer import Optimizer, _check_common, _check_hyper, _scalar


class NAdam(Optimizer):
    def __init__(self, params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, momentum_decay=4e-3,
                 decoupled_weight_decay=False, *, foreach=None, maximize=False, capturable=False,
                 differentiable=False):
        _check_common("NAdam", lr, eps=eps, betas=betas, weight_decay=weight_decay)
        _check_hyper("NAdam", "momentum_decay value", momentum_decay, 0.0 <= momentum_decay,
                     "momentum_decay must be >= 0")
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                                      momentum_decay=momentum_decay, decoupled_weight_decay=decoupled_weight_decay,
                                      maximize=maximize, foreach=foreach, capturable=capturable, differentiable=differentiable))

    def _init_state(self, group, p):
        return {"mu_product": tensor(1.0, dtype=get_default_dtype()), "exp_avg": zeros_like(p),
                "exp_avg_sq": zeros_like(p)}

    @no_grad()
    def step(self, closure=None):
        loss = self._evaluate(closure)
        for group, p, g, state in self._updates():
            beta1, beta2 = group["betas"][:2]
            lr, eps, t = _scalar(group["lr"]), group["eps"], int(state["step"])
            psi = group["momentum_decay"]
            mu = beta1 * (1.0 - 0.5 * 0.96 ** (t * psi))
            mu_next = beta1 * (1.0 - 0.5 * 0.96 ** ((t + 1) * psi))
            prod = state["mu_product"].mul_(mu).item()
            m, v = adam_moments(state, g, beta1, beta2)
            denom = v.div(1 - beta2 ** t).sqrt().add_(eps)
            p.addcdiv_(g, denom, value=-lr * (1.0 - mu) / (1.0 - prod))
            p.addcdiv_(m, denom, value=-lr * mu_next / (1.0 - prod * mu_next))
        return loss
