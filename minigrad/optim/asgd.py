"""ASGD (averaged SGD) as torch's single-tensor update:
    g = grad (negated when maximize) + weight_decay·p
    p = p·(1 - λ·η) - η·g                  ax = ax + μ·(p - ax)   (ax = p while μ = 1)
    η = lr / (1 + λ·lr·t)^α,   μ = 1 / max(1, t - t0)
η and μ are kept as 0-d tensors of the default dtype, as torch keeps them, so the iterates are equal.
"""
from __future__ import annotations

from ..autograd.grad_mode import no_grad
from ..dtypes import get_default_dtype
from ..factories import tensor, zeros_like
from .optimizer import Optimizer, _check_common, _check_hyper, _scalar


class ASGD(Optimizer):
    def __init__(self, params, lr=1e-2, lambd=1e-4, alpha=0.75, t0=1e6, weight_decay=0, foreach=None,
                 maximize=False, differentiable=False, capturable=False):
        _check_common("ASGD", lr)
        _check_hyper("ASGD", "lambd value", lambd, 0.0 <= lambd, "the decay term lambd must be >= 0")
        _check_hyper("ASGD", "alpha value", alpha, 0.0 <= alpha, "the eta power alpha must be >= 0")
        _check_hyper("ASGD", "weight_decay value", weight_decay, 0.0 <= weight_decay, "weight_decay must be >= 0")
        super().__init__(params, dict(lr=lr, lambd=lambd, alpha=alpha, t0=t0, weight_decay=weight_decay,
                                      foreach=foreach, maximize=maximize, differentiable=differentiable,
                                      capturable=capturable))

    def _init_state(self, group, p):
        return {"eta": tensor(_scalar(group["lr"]), dtype=get_default_dtype()),
                "mu": tensor(1.0, dtype=get_default_dtype()), "ax": zeros_like(p)}

    @no_grad()
    def step(self, closure=None):
        loss = self._evaluate(closure)
        for group, p, g, state in self._updates():
            lr, lambd, alpha, t0, t = _scalar(group["lr"]), group["lambd"], group["alpha"], group["t0"], int(state["step"])
            eta, mu = state["eta"].item(), state["mu"].item()
            p.mul_(1 - lambd * eta)
            p.add_(g, alpha=-eta)
            if mu != 1:
                state["ax"].add_((p - state["ax"]).mul_(mu))
            else:
                state["ax"].copy_(p)
            # new values go through the default dtype first (torch.as_tensor), even into float64 state
            state["eta"].fill_(tensor(lr / ((1 + lambd * lr * t) ** alpha)).item())
            state["mu"].fill_(tensor(1 / max(1, t - t0)).item())
        return loss
