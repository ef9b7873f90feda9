"""Immutable state: each parameter's state is a namedtuple (steps, buffer) replaced, never mutated; parameters are
updated through p.data with NumPy arrays (p.data = new array of the same dtype)."""
from collections import namedtuple

import numpy as np

import minigrad
from minigrad.optim import Optimizer

Momentum = namedtuple("Momentum", "steps buffer")


class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
                                      nesterov=nesterov))

    def step(self, closure=None):
        for group in self.param_groups:
            lr, mu, damp, wd, nest = (group[k] for k in ("lr", "momentum", "dampening", "weight_decay", "nesterov"))
            for p in group["params"]:
                if p.grad is None:
                    continue
                w = p.detach().numpy()
                d = p.grad.detach().numpy() + wd * w
                if mu != 0:
                    old = self.state[p].get("m")
                    if old is None:
                        new = Momentum(1, d.copy())
                    else:
                        new = Momentum(old.steps + 1, mu * old.buffer + (1.0 - damp) * d)
                    self.state[p]["m"] = new
                    d = d + mu * new.buffer if nest else new.buffer
                p.data = minigrad.tensor(w - lr * d, dtype=p.dtype)
