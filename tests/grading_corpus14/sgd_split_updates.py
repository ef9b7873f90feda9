"""The step applied in pieces: the gradient part, the weight-decay part and the momentum part are each subtracted
from p in place (p -= lr*g; p -= lr*wd*p_old; ...), which is the same update as p -= lr * direction to rounding.
The state is a per-parameter dict made by setdefault."""
import minigrad
from minigrad.optim import Optimizer


class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
                                      nesterov=nesterov))

    @minigrad.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            lr, mu = group["lr"], group["momentum"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                decay = group["weight_decay"] * p           # a new tensor: p's value before this step
                if mu == 0:
                    p -= lr * p.grad
                    p -= lr * decay
                    continue
                d = p.grad + decay
                st = self.state.setdefault(p, {})
                if "buf" in st:
                    st["buf"] = mu * st["buf"] + (1 - group["dampening"]) * d
                else:
                    st["buf"] = d.clone()
                if group["nesterov"]:
                    p -= lr * d
                    p -= lr * mu * st["buf"]
                else:
                    p -= lr * st["buf"]
