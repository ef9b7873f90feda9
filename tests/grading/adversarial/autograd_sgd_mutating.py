"""An SGD that adds weight decay into p.grad in place (its only bug) for the adversarial files to import (never
graded itself): honestly it scores 90, losing "p.grad unchanged"."""
import minigrad
from minigrad.optim import Optimizer


class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
                                      nesterov=nesterov))

    @minigrad.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            mu = group["momentum"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad
                if group["weight_decay"] != 0:
                    g.add_(p, alpha=group["weight_decay"])
                if mu != 0:
                    state = self.state[p]
                    state["buf"] = g.clone() if "buf" not in state else \
                        mu * state["buf"] + (1 - group["dampening"]) * g
                    g = g + mu * state["buf"] if group["nesterov"] else state["buf"]
                p -= group["lr"] * g
