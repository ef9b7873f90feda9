"""SGD that applies weight decay (and momentum) to parameters whose .grad is None, as if the gradient were 0."""
import minigrad
from minigrad.optim import Optimizer


class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
                                      nesterov=nesterov))

    @minigrad.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            lr, m, d, wd, nesterov = (group[k] for k in ("lr", "momentum", "dampening", "weight_decay", "nesterov"))
            for p in group["params"]:
                g = (p.grad if p.grad is not None else minigrad.zeros_like(p)) + wd * p
                if m:
                    state = self.state[p]
                    state["buf"] = g.clone() if "buf" not in state else m * state["buf"] + (1 - d) * g
                    g = g + m * state["buf"] if nesterov else state["buf"]
                p -= lr * g
