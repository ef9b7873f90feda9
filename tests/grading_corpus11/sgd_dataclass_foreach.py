"""SGD with its hyper-parameters in a dataclass (asdict for the defaults), a foreach-style update over lists of
each group's parameters, torch's validation errors, torch's state name momentum_buffer, and a no_grad decorator."""
from dataclasses import dataclass, asdict
from typing import List, Optional

import minigrad
from minigrad.optim import Optimizer


@dataclass(frozen=True)
class Hyper:
    lr: float
    momentum: float = 0.0
    dampening: float = 0.0
    weight_decay: float = 0.0
    nesterov: bool = False

    def __post_init__(self):
        if self.lr < 0.0:
            raise ValueError(f"Invalid learning rate: {self.lr}")
        if self.momentum < 0.0:
            raise ValueError(f"Invalid momentum value: {self.momentum}")
        if self.nesterov and (self.momentum <= 0 or self.dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")


class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        super().__init__(params, asdict(Hyper(lr, momentum, dampening, weight_decay, nesterov)))

    @minigrad.no_grad()
    def step(self, closure=None):
        loss = None
        if closure is not None:
            with minigrad.enable_grad():
                loss = closure()
        for group in self.param_groups:
            params: List = [p for p in group["params"] if p.grad is not None]
            grads = [p.grad for p in params]
            bufs: List[Optional[minigrad.Tensor]] = [self.state[p].get("momentum_buffer") for p in params]
            self._sgd(params, grads, bufs, **{k: group[k] for k in ("lr", "momentum", "dampening",
                                                                    "weight_decay", "nesterov")})
            for p, b in zip(params, bufs):
                if b is not None:
                    self.state[p]["momentum_buffer"] = b
        return loss

    @staticmethod
    def _sgd(params, grads, bufs, *, lr, momentum, dampening, weight_decay, nesterov):
        if weight_decay != 0:
            grads = [g.add(p, alpha=weight_decay) for g, p in zip(grads, params)]
        if momentum != 0:
            for i, g in enumerate(grads):
                if bufs[i] is None:
                    bufs[i] = g.clone().detach()
                else:
                    bufs[i].mul_(momentum).add_(g, alpha=1 - dampening)
            if nesterov:
                grads = [g.add(b, alpha=momentum) for g, b in zip(grads, bufs)]
            else:
                grads = bufs
        for p, g in zip(params, grads):
            p.add_(g, alpha=-lr)
