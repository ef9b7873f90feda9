"""SGD on NumPy arrays: each step reads every parameter and gradient as arrays, updates a dict of momentum buffers
keyed by the parameter's position in its group and the group's index (fixed for an optimizer's life), and writes the
new values back with copy_. Nesterov and dampening as torch; parameters without a gradient are skipped."""
import numpy as np

import minigrad
from minigrad.optim import Optimizer


class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0, dampening=0, weight_decay=0, nesterov=False):
        super().__init__(params, {"lr": lr, "momentum": momentum, "dampening": dampening,
                                  "weight_decay": weight_decay, "nesterov": nesterov})
        self.buffers = {}

    def step(self, closure=None):
        for gi, group in enumerate(self.param_groups):
            for pi, p in enumerate(group["params"]):
                if p.grad is None:
                    continue
                x = p.detach().numpy().copy()
                d = p.grad.detach().numpy() + group["weight_decay"] * x
                if group["momentum"] != 0:
                    key = (gi, pi)
                    if key in self.buffers:
                        self.buffers[key] = group["momentum"] * self.buffers[key] + (1 - group["dampening"]) * d
                    else:
                        self.buffers[key] = d.copy()
                    d = d + group["momentum"] * self.buffers[key] if group["nesterov"] else self.buffers[key]
                with minigrad.no_grad():
                    p.copy_(minigrad.tensor(x - group["lr"] * d, dtype=p.dtype))
