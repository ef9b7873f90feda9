"""Hyper-parameters as a frozen dataclass read from the group at every step (so schedulers' changes apply);
the update is a method of the dataclass; state holds the buffer under the key torch uses."""
from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, Dict, Optional

import minigrad
from minigrad.optim import Optimizer


@dataclass(frozen=True)
class Hyper:
    lr: float
    momentum: float = 0.0
    dampening: float = 0.0
    weight_decay: float = 0.0
    nesterov: bool = False

    @classmethod
    def of(cls, group: Dict[str, Any]) -> "Hyper":
        return cls(**{f.name: group[f.name] for f in fields(cls)})

    def direction(self, p: minigrad.Tensor, state: Dict[str, Any]) -> minigrad.Tensor:
        d = p.grad + self.weight_decay * p if self.weight_decay != 0 else p.grad.clone()
        if self.momentum == 0:
            return d
        buf: Optional[minigrad.Tensor] = state.get("momentum_buffer")
        buf = d.clone() if buf is None else self.momentum * buf + (1 - self.dampening) * d
        state["momentum_buffer"] = buf
        return d + self.momentum * buf if self.nesterov else buf


class SGD(Optimizer):
    def __init__(self, params, lr: float, momentum: float = 0.0, dampening: float = 0.0, weight_decay: float = 0.0,
                 nesterov: bool = False) -> None:
        defaults = Hyper(lr, momentum, dampening, weight_decay, nesterov).__dict__.copy()
        super().__init__(params, defaults)

    def step(self, closure=None):
        with minigrad.no_grad():
            for group in self.param_groups:
                hp = Hyper.of(group)
                for p in group["params"]:
                    if p.grad is None:
                        continue
                    p -= hp.lr * hp.direction(p, self.state[p])
