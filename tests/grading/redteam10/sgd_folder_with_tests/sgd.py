"""Correct (a folder of modules, as Gradescope unpacks it): the SGD in sgd.py, with a helper module."""
from momentum import update_buffer
from minigrad.optim import Optimizer
import minigrad


class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
                                      nesterov=nesterov))

    @minigrad.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is not None:
                    p -= group["lr"] * update_buffer(self.state[p], p, p.grad, group)
