"""SGD whose momentum buffer lives inside a generator per parameter: each step sends (gradient, momentum, dampening,
nesterov) in and gets the direction back, so the buffer is the generator's local variable. The generator is made on
a parameter's first step with momentum and kept in self.state[p]; hyper-parameters are read from the group each step."""
import minigrad
from minigrad.optim import Optimizer


def momentum_direction():
    buf = None
    direction = None
    while True:
        g, mu, damp, nesterov = yield direction
        buf = g.clone() if buf is None else buf * mu + g * (1 - damp)
        direction = g + buf * mu if nesterov else buf


class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
                                      nesterov=nesterov))

    def _direction(self, p, g, group):
        if not group["momentum"]:
            return g
        state = self.state[p]
        if "co" not in state:
            state["co"] = momentum_direction()
            next(state["co"])
        return state["co"].send((g, group["momentum"], group["dampening"], group["nesterov"]))

    def step(self, closure=None):
        with minigrad.no_grad():
            for group in self.param_groups:
                for p in group["params"]:
                    if p.grad is None:
                        continue
                    g = p.grad + group["weight_decay"] * p if group["weight_decay"] else p.grad
                    p.add_(self._direction(p, g, group), alpha=-group["lr"])
