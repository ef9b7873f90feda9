"""SGD that updates each group as one flat NumPy vector: the parameters with a gradient (and their buffers) are
concatenated, updated in a handful of vector operations, and split back; buffers stay per parameter in
self.state[p], so a parameter without a gradient keeps its own."""
import numpy as np

import minigrad
from minigrad.optim import Optimizer


class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
                                      nesterov=nesterov))

    @minigrad.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            live = [p for p in group["params"] if p.grad is not None]
            if not live:
                continue
            sizes = [p.numel() for p in live]
            w = np.concatenate([p.detach().numpy().ravel() for p in live])
            d = np.concatenate([p.grad.detach().numpy().ravel() for p in live]) + group["weight_decay"] * w
            mu = group["momentum"]
            if mu != 0:
                fresh = np.concatenate([np.full(n, "buf" not in self.state[p]) for p, n in zip(live, sizes)])
                old = np.concatenate([self.state[p].get("buf", np.zeros(n)) for p, n in zip(live, sizes)])
                buf = np.where(fresh, d, mu * old + (1 - group["dampening"]) * d)
                for p, piece in zip(live, np.split(buf, np.cumsum(sizes)[:-1])):
                    self.state[p]["buf"] = piece.copy()
                d = d + mu * buf if group["nesterov"] else buf
            w = w - group["lr"] * d
            for p, piece in zip(live, np.split(w, np.cumsum(sizes)[:-1])):
                p.copy_(minigrad.tensor(piece.reshape(tuple(p.shape)), dtype=minigrad.float64))
