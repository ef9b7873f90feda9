"""SGD that rebinds p.data each step (p.data = p.data - lr * d) and unpacks each group's hyper-parameters with
operator.itemgetter; the momentum buffers are tensors cloned with minigrad.clone."""
import operator

import minigrad
from minigrad.optim import Optimizer

HYPER = operator.itemgetter("lr", "momentum", "dampening", "weight_decay", "nesterov")


class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
                                      nesterov=nesterov))

    def step(self, closure=None):
        for group in self.param_groups:
            lr, mu, damp, wd, nesterov = HYPER(group)
            for p in group["params"]:
                if p.grad is None:
                    continue
                d = p.grad.data + wd * p.data
                if mu != 0:
                    state = self.state[p]
                    if "momentum_buffer" in state:
                        state["momentum_buffer"] = mu * state["momentum_buffer"] + (1 - damp) * d
                    else:
                        state["momentum_buffer"] = minigrad.clone(d)
                    d = d + mu * state["momentum_buffer"] if nesterov else state["momentum_buffer"]
                p.data = p.data - lr * d
