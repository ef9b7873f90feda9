"""SGD: one update rule per kind of group, chosen from a dict of functions; the rules are closures over the
group's hyper-parameters, built at every step (so a changed lr takes effect)."""
import minigrad
from minigrad.optim import Optimizer


def _plain(group, state):
    def update(p, g):
        p.sub_(group["lr"] * g)
    return update


def _heavy_ball(group, state):
    mu, damp = group["momentum"], group["dampening"]

    def update(p, g):
        s = state[p]
        s["buf"] = g.clone() if "buf" not in s else mu * s["buf"] + (1 - damp) * g
        p.sub_(group["lr"] * s["buf"])
    return update


def _nesterov(group, state):
    mu, damp = group["momentum"], group["dampening"]

    def update(p, g):
        s = state[p]
        s["buf"] = g.clone() if "buf" not in s else mu * s["buf"] + (1 - damp) * g
        p.sub_(group["lr"] * (g + mu * s["buf"]))
    return update


RULES = {"plain": _plain, "momentum": _heavy_ball, "nesterov": _nesterov}


def kind(group):
    if group["momentum"] == 0:
        return "plain"
    return "nesterov" if group["nesterov"] else "momentum"


class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0, dampening=0, weight_decay=0, nesterov=False):
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
                                      nesterov=nesterov))

    @minigrad.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            update = RULES[kind(group)](group, self.state)
            for p in filter(lambda q: q.grad is not None, group["params"]):
                g = p.grad + group["weight_decay"] * p if group["weight_decay"] else p.grad
                update(p, g)
