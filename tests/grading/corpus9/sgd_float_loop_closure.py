"""SGD whose per-parameter update is a closure made once per parameter and kept in self.state[p]; entries
updated with explicit Python loops over the flattened parameter (np.nditer)."""
import numpy as np

import minigrad
from minigrad.optim import Optimizer


def make_updater():
    buf = None

    def update(p: np.ndarray, g: np.ndarray, group) -> None:
        nonlocal buf
        lr, mu, damp, wd, nest = (group[k] for k in ("lr", "momentum", "dampening", "weight_decay", "nesterov"))
        flat_p = p.reshape(-1)
        flat_g = g.reshape(-1)
        first = buf is None
        if mu and first:
            buf = np.empty_like(flat_p)
        for i in range(flat_p.size):
            d = flat_g[i] + wd * flat_p[i]
            if mu:
                buf[i] = d if first else mu * buf[i] + (1 - damp) * d
                d = d + mu * buf[i] if nest else buf[i]
            flat_p[i] -= lr * d

    return update


class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        super().__init__(params, {"lr": lr, "momentum": momentum, "dampening": dampening,
                                  "weight_decay": weight_decay, "nesterov": nesterov})

    def step(self, closure=None):
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is not None:
                    upd = self.state[p].setdefault("update", make_updater())
                    arr = p.detach().numpy()
                    upd(arr, p.grad.detach().numpy(), group)
