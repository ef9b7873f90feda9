import minigrad
from minigrad.optim import Optimizer


class SGD(Optimizer):
    """Bug: dampening applied on the first step too (buf = (1 - dampening) * g)."""
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening,
                                      weight_decay=weight_decay, nesterov=nesterov))

    @minigrad.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad + group["weight_decay"] * p
                if group["momentum"]:
                    st = self.state[p]
                    if "buf" not in st:
                        st["buf"] = (1 - group["dampening"]) * g
                    else:
                        st["buf"] = group["momentum"] * st["buf"] + (1 - group["dampening"]) * g
                    g = g + group["momentum"] * st["buf"] if group["nesterov"] else st["buf"]
                p -= group["lr"] * g
