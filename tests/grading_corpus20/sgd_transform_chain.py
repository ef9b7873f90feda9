"""SGD as a chain of gradient transforms, each a pair of functions (init state, update) as in functional optimizer
libraries: add the weight decay, keep the momentum trace (with dampening and Nesterov), scale by -lr. The chain is
rebuilt from the group's current hyper-parameters at every step; its states live in self.state[p]."""
import minigrad
from minigrad.optim import Optimizer


def add_decay(wd):
    return lambda st, g, p: g + wd * p if wd else g


def trace(mu, damp, nesterov):
    def update(st, g, p):
        if not mu:
            return g
        st["trace"] = g.clone() if "trace" not in st else mu * st["trace"] + (1 - damp) * g
        return g + mu * st["trace"] if nesterov else st["trace"]
    return update


def scale(factor):
    return lambda st, g, p: factor * g


def chain(*fns):
    def run(st, g, p):
        for fn in fns:
            g = fn(st, g, p)
        return g
    return run


class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
                                      nesterov=nesterov))

    @minigrad.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            tx = chain(add_decay(group["weight_decay"]),
                       trace(group["momentum"], group["dampening"], group["nesterov"]),
                       scale(-group["lr"]))
            for p in (q for q in group["params"] if q.grad is not None):
                p.add_(tx(self.state[p], p.grad, p))
