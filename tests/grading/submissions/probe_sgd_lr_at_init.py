"""SGD that reads each group's hyper-parameters once, in __init__: a scheduler's later changes are ignored."""
import minigrad
from minigrad.optim import Optimizer


class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
                                      nesterov=nesterov))
        self.frozen = [dict(g) for g in self.param_groups]

    @minigrad.no_grad()
    def step(self, closure=None):
        for group in self.frozen:
            lr, m, d, wd, nesterov = (group[k] for k in ("lr", "momentum", "dampening", "weight_decay", "nesterov"))
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad + wd * p
                if m:
                    state = self.state[p]
                    state["buf"] = g.clone() if "buf" not in state else m * state["buf"] + (1 - d) * g
                    g = g + m * state["buf"] if nesterov else state["buf"]
                p -= lr * g
