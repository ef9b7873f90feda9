"""SGD with a functional update (as torch's _single_tensor_sgd), bound to each group by functools.partial,
NumPy in place on p.data."""
import functools

import numpy as np

import minigrad
from minigrad.optim import Optimizer


def sgd_update(param: np.ndarray, grad: np.ndarray, buf, *, lr, momentum, dampening, weight_decay, nesterov):
    """Returns the new momentum buffer (None without momentum). ``param`` is updated in place."""
    d = grad + weight_decay * param if weight_decay else grad.copy()
    if momentum:
        if buf is None:
            buf = d.copy()
        else:
            np.multiply(buf, momentum, out=buf)
            buf += (1.0 - dampening) * d
        d = d + momentum * buf if nesterov else buf
    param -= lr * d
    return buf


class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
                                      nesterov=nesterov))

    def step(self, closure=None):
        loss = None
        if closure is not None:
            with minigrad.enable_grad():
                loss = closure()
        for group in self.param_groups:
            update = functools.partial(sgd_update, **{k: group[k] for k in
                                                      ("lr", "momentum", "dampening", "weight_decay", "nesterov")})
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                state["buf"] = update(p.data.numpy(), p.grad.numpy(), state.get("buf"))
        return loss
