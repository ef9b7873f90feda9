"""SGD with one small strategy object per update rule (plain, heavy-ball, nesterov), chosen for each group at every
step from its current hyper-parameters; each strategy's apply() returns the direction to step along."""
import minigrad
from minigrad.optim import Optimizer


class Plain:
    def direction(self, d, state, group):
        return d


class HeavyBall:
    def update(self, d, state, group):
        if "buf" in state:
            state["buf"] = group["momentum"] * state["buf"] + (1 - group["dampening"]) * d
        else:
            state["buf"] = d.clone()
        return state["buf"]

    def direction(self, d, state, group):
        return self.update(d, state, group)


class Nesterov(HeavyBall):
    def direction(self, d, state, group):
        return d + group["momentum"] * self.update(d, state, group)


def strategy(group):
    if group["momentum"] == 0:
        return Plain()
    return Nesterov() if group["nesterov"] else HeavyBall()


class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
                                      nesterov=nesterov))

    def step(self, closure=None):
        with minigrad.no_grad():
            for group in self.param_groups:
                rule = strategy(group)
                for p in group["params"]:
                    if p.grad is not None:
                        d = p.grad.add(p, alpha=group["weight_decay"]) if group["weight_decay"] else p.grad.clone()
                        p.add_(rule.direction(d, self.state[p], group), alpha=-group["lr"])
