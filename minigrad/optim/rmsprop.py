"""RMSprop as torch's single-tensor update (momentum, centered, weight decay, maximize):
    g = grad (negated when maximize) + weight_decay·p
    v = α·v + (1-α)·g²                   centered: ḡ = α·ḡ + (1-α)·g,  avg = √(v - ḡ²) + eps
    avg = √v + eps                       otherwise
    buf = momentum·buf + g/avg,  p -= lr·buf      (momentum > 0)    or    p -= lr·g/avg
"""
from __future__ import annotations

from ..autograd.grad_mode import no_grad
from ..factories import zeros_like
from .optimizer import Optimizer, _check_common, _check_hyper, _scalar


class RMSprop(Optimizer):
    def __init__(self, params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0, centered=False,
                 capturable=False, foreach=None, maximize=False, differentiable=False):
        _check_common("RMSprop", lr, eps=eps)
        _check_hyper("RMSprop", "momentum value", momentum, 0.0 <= momentum, "momentum must be >= 0")
        _check_hyper("RMSprop", "weight_decay value", weight_decay, 0.0 <= weight_decay, "weight_decay must be >= 0")
        _check_hyper("RMSprop", "alpha value", alpha, 0.0 <= alpha, "alpha must be >= 0")
        super().__init__(params, dict(lr=lr, momentum=momentum, alpha=alpha, eps=eps, centered=centered,
                                      weight_decay=weight_decay, capturable=capturable, foreach=foreach,
                                      maximize=maximize, differentiable=differentiable))

    def _init_state(self, group, p):
        state = {"square_avg": zeros_like(p)}
        if group["momentum"] > 0:
            state["momentum_buffer"] = zeros_like(p)
        if group["centered"]:
            state["grad_avg"] = zeros_like(p)
        return state

    @no_grad()
    def step(self, closure=None):
        loss = self._evaluate(closure)
        for group, p, g, state in self._updates():
            lr, alpha, eps, momentum = _scalar(group["lr"]), group["alpha"], group["eps"], group["momentum"]
            v = state["square_avg"]
            v.mul_(alpha).addcmul_(g, g, value=1 - alpha)
            if group["centered"]:
                gbar = state["grad_avg"]
                gbar.lerp_(g, 1 - alpha)
                avg = v.addcmul(gbar, gbar, value=-1).sqrt_()
            else:
                avg = v.sqrt()
            avg = avg.add_(eps)
            if momentum > 0:
                buf = state["momentum_buffer"]
                buf.mul_(momentum).addcdiv_(g, avg)
                p.add_(buf, alpha=-lr)
            else:
                p.addcdiv_(g, avg, value=-lr)
        return loss
