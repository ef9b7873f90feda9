"""SGD whose maths is one @staticmethod (a pure function of arrays, easy to unit-test) that returns the new
parameter and buffer; the class only moves values between tensors and the function.  Returns tuples."""
from typing import Optional, Tuple

import numpy as np

import minigrad
from minigrad.optim import Optimizer


class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        super(SGD, self).__init__(params, {"lr": lr, "momentum": momentum, "dampening": dampening,
                                           "weight_decay": weight_decay, "nesterov": nesterov})

    @staticmethod
    def update(w: np.ndarray, g: np.ndarray, buf: Optional[np.ndarray], *, lr, momentum, dampening, weight_decay,
               nesterov) -> Tuple[np.ndarray, Optional[np.ndarray]]:
        g = g + weight_decay * w
        if momentum != 0:
            buf = g.copy() if buf is None else momentum * buf + (1 - dampening) * g
            g = g + momentum * buf if nesterov else buf
        return w - lr * g, buf

    def step(self, closure=None):
        for group in self.param_groups:
            hyper = {k: v for k, v in group.items() if k != "params"}
            for p in group["params"]:
                if p.grad is None:
                    continue
                new_w, buf = self.update(p.detach().numpy(), p.grad.detach().numpy(), self.state[p].get("buf"),
                                         **hyper)
                if buf is not None:
                    self.state[p]["buf"] = buf
                with minigrad.no_grad():
                    p.copy_(minigrad.from_numpy(new_w))
