"""Bug: the momentum buffer starts at zero, so the first step is damped (right only when dampening == 0)."""
import minigrad
from minigrad.optim import Optimizer


class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
                                      nesterov=nesterov))

    @minigrad.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad + group["weight_decay"] * p
                if group["momentum"] != 0:
                    buf = self.state[p].get("buf", minigrad.zeros_like(p))
                    buf = group["momentum"] * buf + (1 - group["dampening"]) * g
                    self.state[p]["buf"] = buf
                    g = g + group["momentum"] * buf if group["nesterov"] else buf
                p -= group["lr"] * g
