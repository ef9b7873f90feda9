"""SGD on NumPy views of the parameters, momentum buffers in a dict of my own keyed by id(p) (one per optimizer
instance), updated with ufuncs writing in place (out=...)."""
import numpy as np

from minigrad.optim import Optimizer


class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
                                      nesterov=nesterov))
        self._buffers = {}
        self._keep = []           # keep the parameters alive so their id()s stay unique

    def step(self, closure=None):
        loss = closure() if closure is not None else None
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                w = p.detach().numpy()
                d = np.array(p.grad.detach().numpy())          # a copy: p.grad stays as it is
                if group["weight_decay"]:
                    d += group["weight_decay"] * w
                mu = group["momentum"]
                if mu:
                    buf = self._buffers.get(id(p))
                    if buf is None:
                        self._buffers[id(p)] = buf = d.copy()
                        self._keep.append(p)
                    else:
                        np.multiply(buf, mu, out=buf)
                        buf += (1.0 - group["dampening"]) * d
                    if group["nesterov"]:
                        d += mu * buf
                    else:
                        d = buf
                np.subtract(w, group["lr"] * d, out=w)
        return loss
