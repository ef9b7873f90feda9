"""Bug: the hyper-parameters are kept on self, so parameter groups can't have their own lr/momentum,
and parameters without a gradient crash the step."""
import minigrad
from minigrad.optim import Optimizer


class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        super().__init__(params, dict(lr=lr))
        self.lr, self.mu, self.damp, self.wd, self.nesterov = lr, momentum, dampening, weight_decay, nesterov

    @minigrad.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            for p in group["params"]:
                g = p.grad + self.wd * p
                if self.mu != 0:
                    state = self.state[p]
                    state["buf"] = g.clone() if "buf" not in state else self.mu * state["buf"] + (1 - self.damp) * g
                    g = g + self.mu * state["buf"] if self.nesterov else state["buf"]
                p -= self.lr * g
