"""SGD in torch's "foreach" shape: each group's parameters, gradients and buffers gathered into lists first, then
updated list by list."""
import minigrad
from minigrad.optim import Optimizer


class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
                                      nesterov=nesterov))

    @minigrad.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            params = [p for p in group["params"] if p.grad is not None]
            grads = [p.grad for p in params]
            bufs = [self.state[p].get("momentum_buffer") for p in params]
            self._group_step(params, grads, bufs, group)
            if group["momentum"] != 0:
                for p, b in zip(params, bufs):
                    self.state[p]["momentum_buffer"] = b

    @staticmethod
    def _group_step(params, grads, bufs, group):
        lr, mu, damp, wd = group["lr"], group["momentum"], group["dampening"], group["weight_decay"]
        if wd != 0:
            grads = [g + wd * p for g, p in zip(grads, params)]
        if mu != 0:
            for i, g in enumerate(grads):
                bufs[i] = g.clone() if bufs[i] is None else bufs[i] * mu + g * (1 - damp)
            if group["nesterov"]:
                grads = [g + mu * b for g, b in zip(grads, bufs)]
            else:
                grads = list(bufs)
        for p, g in zip(params, grads):
            p.sub_(lr * g)
