"""Correct (a folder of modules, as Gradescope unpacks it): the SGD in sgd.py, with a helper module."""
from momentum import update_buffer
from minigrad.optim import Optimizer
import minigrad


class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        hyper = dict(locals())
        for name in ("self", "params", "__class__"):
            hyper.pop(name, None)
        super().__init__(params, hyper)

    def step(self):
        with minigrad.no_grad():
            for p, group in ((p, g) for g in self.param_groups for p in g["params"] if p.grad is not None):
                p.sub_(group["lr"] * update_buffer(self.state[p], p, p.grad, group))
