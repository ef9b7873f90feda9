"""Momentum buffers in a dict of the instance keyed by id(p) (tensors compare elementwise, so they are not used as
keys themselves), and a functional core, sgd_update(p, d, buf, ...), that returns the new direction and
buffer."""
import minigrad
from minigrad.optim import Optimizer


def sgd_update(d, buf, momentum, dampening, nesterov):
    """(direction, new buffer) for one parameter; buf is None on the first step."""
    if momentum == 0:
        return d, None
    buf = d.clone() if buf is None else buf * momentum + d * (1 - dampening)
    return (d + buf * momentum if nesterov else buf), buf


class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
                                      nesterov=nesterov))
        self.buffers = {}

    @minigrad.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                d = p.grad if group["weight_decay"] == 0 else p.grad + group["weight_decay"] * p
                d, buf = sgd_update(d, self.buffers.get(id(p)), group["momentum"], group["dampening"], group["nesterov"])
                if buf is not None:
                    self.buffers[id(p)] = buf
                p.add_(d, alpha=-group["lr"])
