"""SGD walked recursively: step() recurses over the groups and, in each, over its parameters (head and tail); the
momentum buffers live in self.state[p] as NumPy arrays and the update is written on p's array in place."""
import numpy as np

import minigrad
from minigrad.optim import Optimizer


class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("nesterov momentum needs a momentum and zero dampening")
        super().__init__(params, {"lr": lr, "momentum": momentum, "dampening": dampening,
                                  "weight_decay": weight_decay, "nesterov": nesterov})

    def _param(self, p, h):
        if p.grad is None:
            return
        x = p.detach().numpy()
        d = p.grad.detach().numpy().copy()
        if h["weight_decay"]:
            d += h["weight_decay"] * x
        if h["momentum"]:
            state = self.state[p]
            if "buf" not in state:
                state["buf"] = d.copy()
            else:
                state["buf"] = h["momentum"] * state["buf"] + (1.0 - h["dampening"]) * d
            d = d + h["momentum"] * state["buf"] if h["nesterov"] else state["buf"]
        with minigrad.no_grad():
            p.copy_(minigrad.tensor(x - h["lr"] * d))

    def _walk(self, params, h):
        if params:
            self._param(params[0], h)
            self._walk(params[1:], h)

    def _groups(self, groups):
        if groups:
            self._walk(list(groups[0]["params"]), groups[0])
            self._groups(groups[1:])

    def step(self, closure=None):
        loss = None
        if closure is not None:
            with minigrad.enable_grad():
                loss = closure()
        self._groups(self.param_groups)
        return loss
