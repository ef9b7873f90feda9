"""SGD: itertools.chain over the groups' (group, param) pairs from a generator; the update written with
torch-style in-place tensor methods on a fresh copy of the gradient."""
import itertools

import minigrad
from minigrad.optim import Optimizer


class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening,
                                      weight_decay=weight_decay, nesterov=nesterov))

    def _with_grads(self):
        pairs = (((g, p) for p in g["params"]) for g in self.param_groups)
        return ((g, p) for g, p in itertools.chain.from_iterable(pairs) if p.grad is not None)

    @minigrad.no_grad()
    def step(self, closure=None):
        for group, p in self._with_grads():
            d = p.grad.clone()
            d.add_(p, alpha=group["weight_decay"])
            if group["momentum"] != 0:
                state = self.state[p]
                if len(state) == 0:
                    state["momentum_buffer"] = d.clone()
                else:
                    state["momentum_buffer"].mul_(group["momentum"]).add_(d, alpha=1.0 - group["dampening"])
                buf = state["momentum_buffer"]
                if group["nesterov"]:
                    d.add_(buf, alpha=group["momentum"])
                else:
                    d = buf
            p.sub_(d * group["lr"])
