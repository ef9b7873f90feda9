"""A generator walks (group, parameter, state) triples for the parameters that have a gradient; step() consumes
it. Tensor methods only (add, mul, clone, sub_)."""
import minigrad
from minigrad.optim import Optimizer


class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        super().__init__(params, {"lr": lr, "momentum": momentum, "dampening": dampening,
                                  "weight_decay": weight_decay, "nesterov": nesterov})

    def _live(self):
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is not None:
                    yield group, p, self.state[p]

    @minigrad.no_grad()
    def step(self, closure=None):
        loss = closure() if closure is not None else None
        for group, p, state in self._live():
            g = p.grad
            if group["weight_decay"]:
                g = g.add(p.mul(group["weight_decay"]))
            mu = group["momentum"]
            if mu:
                if "momentum_buffer" in state:
                    buf = state["momentum_buffer"].mul(mu).add(g.mul(1 - group["dampening"]))
                else:
                    buf = g.clone()
                state["momentum_buffer"] = buf
                g = g.add(buf.mul(mu)) if group["nesterov"] else buf
            p.sub_(g.mul(group["lr"]))
        return loss
