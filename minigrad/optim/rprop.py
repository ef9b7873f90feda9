"""Rprop (resilient backpropagation) as torch's single-tensor update: only the sign of the gradient is
used, with a step size per element that grows (×eta₊) while the gradient keeps its sign and shrinks
(×eta₋) when it flips, clamped to ``step_sizes``; after a flip the element does not move that step and
its gradient counts as 0 next time.
"""
from __future__ import annotations

from ..autograd.grad_mode import no_grad
from ..factories import full_like, zeros_like
from .optimizer import Optimizer, _check_common, _scalar


class Rprop(Optimizer):
    def __init__(self, params, lr=1e-2, etas=(0.5, 1.2), step_sizes=(1e-6, 50), *, capturable=False, foreach=None,
                 maximize=False, differentiable=False):
        _check_common("Rprop", lr)
        if not 0.0 < etas[0] < 1.0 < etas[1]:
            raise ValueError(f"Invalid eta values: {etas[0]}, {etas[1]} (Rprop: etas must satisfy "
                             "0 < etaminus < 1 < etaplus)")
        super().__init__(params, dict(lr=lr, etas=etas, step_sizes=step_sizes, foreach=foreach, maximize=maximize,
                                      differentiable=differentiable, capturable=capturable))

    def _init_state(self, group, p):
        return {"prev": zeros_like(p), "step_size": full_like(p, _scalar(group["lr"]))}

    @no_grad()
    def step(self, closure=None):
        loss = self._evaluate(closure)
        for group, p, g, state in self._updates():
            (eta_minus, eta_plus), (lo, hi) = group["etas"], group["step_sizes"]
            agree = (g * state["prev"]).sign()
            factor = agree.masked_fill(agree > 0, eta_plus).masked_fill(agree < 0, eta_minus)
            factor = factor.masked_fill(agree == 0, 1)
            state["step_size"].mul_(factor).clamp_(lo, hi)
            g = g.masked_fill(factor == eta_minus, 0)          # a flip: no move, and no memory of it
            p.addcmul_(g.sign(), state["step_size"], value=-1)
            state["prev"].copy_(g)
        return loss
