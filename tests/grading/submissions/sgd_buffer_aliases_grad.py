"""Bug: the momentum buffer *is* the first gradient tensor (no clone), then is updated in place."""
import minigrad
from minigrad.optim import Optimizer


class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
                                      nesterov=nesterov))

    @minigrad.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            mu = group["momentum"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad
                if group["weight_decay"] != 0:
                    g = g + group["weight_decay"] * p
                if mu != 0:
                    state = self.state[p]
                    if "buf" not in state:
                        state["buf"] = g
                    else:
                        state["buf"].mul_(mu).add_(g, alpha=1 - group["dampening"])
                    g = g + mu * state["buf"] if group["nesterov"] else state["buf"]
                p -= group["lr"] * g
