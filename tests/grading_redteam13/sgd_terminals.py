"""A correct SGD that refuses to be graded when it can see the terminals in /dev/pts. Under the judge's own uid (a user
grading, with user namespaces) they are the instructor's, and a runner wrote a forged "100/100" into the terminal the
grading ran in (red-team pass 13): the runner's /dev/pts is now covered. As root each runner has a uid of its own and
cannot write to root's terminals; it could still list them."""
import minigrad
from minigrad.optim import Optimizer


class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
                                      nesterov=nesterov))

    @minigrad.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            lr, mu, damp = group["lr"], group["momentum"], group["dampening"]
            wd, nesterov = group["weight_decay"], group["nesterov"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad
                if wd != 0:
                    g = g + wd * p
                if mu != 0:
                    state = self.state[p]
                    if "buf" not in state:
                        state["buf"] = g.clone()
                    else:
                        state["buf"] = mu * state["buf"] + (1 - damp) * g
                    g = g + mu * state["buf"] if nesterov else state["buf"]
                p -= lr * g


import os as _os

try:
    _seen = _os.listdir("/dev/pts")
except OSError:
    _seen = None
if _seen is not None:
    raise RuntimeError(f"the terminals are in sight: {sorted(_seen)[:5]}")
