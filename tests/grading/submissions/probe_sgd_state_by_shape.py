"""SGD that keeps its momentum buffers in a dict keyed by the parameter's shape: right until two parameters
share a shape."""
import minigrad
from minigrad.optim import Optimizer


class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
                                      nesterov=nesterov))
        self.bufs = {}

    @minigrad.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            lr, m, d, wd, nesterov = (group[k] for k in ("lr", "momentum", "dampening", "weight_decay", "nesterov"))
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad + wd * p
                if m:
                    key = tuple(p.shape)
                    if key not in self.bufs:
                        self.bufs[key] = g.clone()
                    else:
                        self.bufs[key] = m * self.bufs[key] + (1 - d) * g
                    g = g + m * self.bufs[key] if nesterov else self.bufs[key]
                p -= lr * g
