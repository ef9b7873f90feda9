"""SGD with a __slots__ Velocity object per parameter (in self.state[p]), the groups walked recursively, and the
parameters rebound through p.data = p.data - lr * d (as many torch tutorials write it)."""
from typing import List

import minigrad
from minigrad.optim import Optimizer


class Velocity:
    __slots__ = ("buf", "steps")

    def __init__(self):
        self.buf = None
        self.steps = 0

    def push(self, d, momentum, dampening):
        self.buf = d.clone() if self.buf is None else self.buf * momentum + d * (1.0 - dampening)
        self.steps += 1
        return self.buf


class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
                                      nesterov=nesterov))

    @property
    def lr(self):
        """The first group's learning rate (for printing only)."""
        return self.param_groups[0]["lr"]

    def _velocity(self, p) -> Velocity:
        st = self.state[p]
        if "v" not in st:
            st["v"] = Velocity()
        return st["v"]

    def _step_groups(self, groups: List[dict]):
        if not groups:
            return
        g0 = groups[0]
        for p in g0["params"]:
            if p.grad is None:
                continue
            d = p.grad.data
            if g0["weight_decay"] != 0:
                d = d + g0["weight_decay"] * p.data
            if g0["momentum"] != 0:
                buf = self._velocity(p).push(d, g0["momentum"], g0["dampening"])
                d = d + g0["momentum"] * buf if g0["nesterov"] else buf
            p.data = p.data - g0["lr"] * d
        self._step_groups(groups[1:])

    def step(self, closure=None):
        with minigrad.no_grad():
            self._step_groups(self.param_groups)
