"""A correct SGD step with a zero_grad that breaks (it indexes p.grad as a list)."""
import minigrad
from minigrad.optim import Optimizer


class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
                                      nesterov=nesterov))

    def zero_grad(self, set_to_none=True):
        for group in self.param_groups:
            for p in group["params"]:
                p.grad[0] = 0.0
                p.grad = p.grad[1:]

    @minigrad.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                d = p.grad + group["weight_decay"] * p
                if group["momentum"]:
                    st = self.state[p]
                    if "buf" not in st:
                        st["buf"] = d.clone()
                    else:
                        st["buf"] = group["momentum"] * st["buf"] + (1 - group["dampening"]) * d
                    d = d + group["momentum"] * st["buf"] if group["nesterov"] else st["buf"]
                p -= group["lr"] * d
