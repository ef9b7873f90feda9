"""SGD on NumPy views of the parameters (p.detach().numpy() shares p's memory): updates written with -=, momentum
buffers as NumPy arrays in self.state[p]."""
import numpy as np

import minigrad
from minigrad.optim import Optimizer


class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        defaults = {"lr": lr, "momentum": momentum, "dampening": dampening, "weight_decay": weight_decay,
                    "nesterov": nesterov}
        super().__init__(params, defaults)

    def step(self, closure=None):
        for group in self.param_groups:
            lr, mu = group["lr"], group["momentum"]
            damp, wd, nest = group["dampening"], group["weight_decay"], group["nesterov"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                w = p.detach().numpy()
                d = p.grad.detach().numpy() + wd * w
                if mu:
                    st = self.state[p]
                    if "buf" not in st:
                        st["buf"] = np.array(d, copy=True)
                    else:
                        st["buf"] *= mu
                        st["buf"] += (1.0 - damp) * d
                    d = d + mu * st["buf"] if nest else st["buf"]
                w -= lr * d
