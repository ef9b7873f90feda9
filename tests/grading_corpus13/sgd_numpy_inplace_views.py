"""SGD that writes the parameters through their NumPy views (p.detach().numpy() shares p's memory) with in-place
ufuncs; the buffers are NumPy arrays in self.state[p]; the gradient is read into a fresh array first."""
import numpy as np

import minigrad
from minigrad.optim import Optimizer


class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
                                      nesterov=nesterov))

    def step(self, closure=None):
        for group in self.param_groups:
            lr, mu, damp, wd = group["lr"], group["momentum"], group["dampening"], group["weight_decay"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                w = p.detach().numpy()                        # a view: writing w writes p
                d = np.add(p.grad.detach().numpy(), wd * w)   # a new array
                if mu != 0:
                    st = self.state[p]
                    if "buf" in st:
                        np.multiply(st["buf"], mu, out=st["buf"])
                        st["buf"] += (1.0 - damp) * d
                    else:
                        st["buf"] = d.copy()
                    if group["nesterov"]:
                        d += mu * st["buf"]
                    else:
                        d = st["buf"]
                np.subtract(w, lr * d, out=w)
