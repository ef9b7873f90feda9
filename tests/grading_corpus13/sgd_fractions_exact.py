"""SGD in exact rational arithmetic: every float64 entry becomes a fractions.Fraction (exactly), the update is done
without rounding, and only the new parameter and buffer are rounded back to float64."""
from fractions import Fraction

import numpy as np

import minigrad
from minigrad.optim import Optimizer


def to_fracs(t):
    return [Fraction(float(v)) for v in t.detach().numpy().ravel()]


class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        super().__init__(params, {"lr": lr, "momentum": momentum, "dampening": dampening,
                                  "weight_decay": weight_decay, "nesterov": nesterov})

    @minigrad.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            lr, mu, damp, wd = (Fraction(group[k]) for k in ("lr", "momentum", "dampening", "weight_decay"))
            for p in group["params"]:
                if p.grad is None:
                    continue
                w, g = to_fracs(p), to_fracs(p.grad)
                d = [gi + wd * wi for gi, wi in zip(g, w)]
                if mu != 0:
                    st = self.state[p]
                    if "buf" not in st:
                        buf = list(d)
                    else:
                        buf = [mu * b + (1 - damp) * di for b, di in zip(st["buf"], d)]
                    st["buf"] = [Fraction(float(b)) for b in buf]        # torch keeps a float64 buffer
                    buf = st["buf"]
                    d = [di + mu * b for di, b in zip(d, buf)] if group["nesterov"] else buf
                new = np.array([float(wi - lr * di) for wi, di in zip(w, d)]).reshape(tuple(p.shape))
                p.copy_(minigrad.tensor(new, dtype=minigrad.float64))
