"""Adagrad as torch's single-tensor update (lr decay, weight decay, initial accumulator, maximize):
    g = grad (negated when maximize) + weight_decay·p
    clr = lr / (1 + (t-1)·lr_decay)
    s = s + g²,     p -= clr · g / (√s + eps)
The accumulator ``sum`` starts at ``initial_accumulator_value`` and is created in the constructor, as torch's.
"""
from __future__ import annotations

from ..autograd.grad_mode import no_grad
from ..factories import full_like
from .optimizer import Optimizer, _check_common, _check_hyper, _scalar


class Adagrad(Optimizer):
    sparse_refusal = None       # (takes an nn.Embedding(sparse=True) gradient, as torch's)

    def __init__(self, params, lr=1e-2, lr_decay=0, weight_decay=0, initial_accumulator_value=0, eps=1e-10,
                 foreach=None, *, maximize=False, differentiable=False, fused=None):
        _check_common("Adagrad", lr)
        _check_hyper("Adagrad", "lr_decay value", lr_decay, 0.0 <= lr_decay, "lr_decay must be >= 0")
        _check_hyper("Adagrad", "weight_decay value", weight_decay, 0.0 <= weight_decay,
                     "weight_decay must be >= 0")
        _check_hyper("Adagrad", "initial_accumulator_value value", initial_accumulator_value,
                     0.0 <= initial_accumulator_value, "initial_accumulator_value must be >= 0")
        _check_hyper("Adagrad", "epsilon value", eps, 0.0 <= eps, "eps must be >= 0")
        super().__init__(params, dict(lr=lr, lr_decay=lr_decay, eps=eps, weight_decay=weight_decay,
                                      initial_accumulator_value=initial_accumulator_value, foreach=foreach,
                                      maximize=maximize, differentiable=differentiable, fused=fused))
        for group in self.param_groups:         # as torch's: the state exists before the first step
            for p in group["params"]:
                self._state_of(group, p)

    def _init_state(self, group, p):
        return {"sum": full_like(p, group["initial_accumulator_value"])}

    @no_grad()
    def step(self, closure=None):
        loss = self._evaluate(closure)
        for group, p, g, state in self._updates():
            lr, lr_decay, eps = _scalar(group["lr"]), group["lr_decay"], group["eps"]
            clr = lr / (1 + (int(state["step"]) - 1) * lr_decay)
            s = state["sum"]
            s.addcmul_(g, g, value=1)
            p.addcdiv_(g, s.sqrt().add_(eps), value=-clr)
        return loss
