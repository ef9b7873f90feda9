"""SGD as a pure update function (tensor in, tensors out) and a thin optimizer that applies it with p.copy_."""
import minigrad
from minigrad.optim import Optimizer


def sgd_update(p, g, buf, *, lr, momentum, dampening, weight_decay, nesterov):
    """(new parameter, new buffer or None)."""
    d = g + weight_decay * p if weight_decay else g
    if momentum:
        buf = d.clone() if buf is None else momentum * buf + (1 - dampening) * d
        d = d + momentum * buf if nesterov else buf
    return p - lr * d, buf


class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
                                      nesterov=nesterov))

    def step(self, closure=None):
        with minigrad.no_grad():
            for group in self.param_groups:
                hyper = {k: v for k, v in group.items() if k != "params"}
                for p in group["params"]:
                    if p.grad is not None:
                        new_p, buf = sgd_update(p, p.grad, self.state[p].get("buf"), **hyper)
                        if buf is not None:
                            self.state[p]["buf"] = buf
                        p.copy_(new_p)
