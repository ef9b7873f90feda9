"""SGD whose state counts steps: the momentum buffer is allocated as zeros when the state is created, and the
step counter decides whether this is the first step (copy the gradient) or a later one (dampened update)."""
import minigrad
from minigrad.optim import Optimizer


class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
                                      nesterov=nesterov))

    def _state(self, p):
        st = self.state[p]
        if "step" not in st:
            st["step"] = 0
            st["momentum_buffer"] = minigrad.zeros_like(p)
        return st

    @minigrad.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                d = p.grad + group["weight_decay"] * p
                if group["momentum"]:
                    st = self._state(p)
                    buf = st["momentum_buffer"]
                    if st["step"] == 0:
                        buf.copy_(d)
                    else:
                        buf.mul_(group["momentum"]).add_((1.0 - group["dampening"]) * d)
                    st["step"] += 1
                    d = d + group["momentum"] * buf if group["nesterov"] else buf
                p.sub_(group["lr"] * d)
