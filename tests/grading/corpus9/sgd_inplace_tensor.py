"""SGD written with torch-style in-place tensor methods (add_ with alpha, mul_, clone().detach())."""
from dataclasses import dataclass, field
from typing import Dict

import minigrad
from minigrad.optim import Optimizer


@dataclass
class Hyper:
    lr: float
    momentum: float = 0.0
    dampening: float = 0.0
    weight_decay: float = 0.0
    nesterov: bool = False


class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
        super().__init__(params, vars(Hyper(lr, momentum, dampening, weight_decay, nesterov)))

    @minigrad.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            h = Hyper(**{k: v for k, v in group.items() if k in Hyper.__dataclass_fields__})
            for p in group["params"]:
                if p.grad is None:
                    continue
                d_p = p.grad
                if h.weight_decay != 0:
                    d_p = d_p.add(p, alpha=h.weight_decay)
                if h.momentum != 0:
                    state: Dict = self.state[p]
                    buf = state.get("momentum_buffer")
                    if buf is None:
                        buf = state["momentum_buffer"] = minigrad.clone(d_p).detach()
                    else:
                        buf.mul_(h.momentum).add_(d_p, alpha=1 - h.dampening)
                    d_p = d_p.add(buf, alpha=h.momentum) if h.nesterov else buf
                p.add_(d_p, alpha=-h.lr)
