"""The new parameter value is computed out of place and copied in with p.copy_(...); the buffer lives in
self.state[p] and is also updated with copy_ after the first step (it is allocated once)."""
import minigrad
from minigrad.optim import Optimizer


class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
                                      nesterov=nesterov))

    def step(self, closure=None):
        with minigrad.no_grad():
            for group in self.param_groups:
                for p in group["params"]:
                    grad = p.grad
                    if grad is None:
                        continue
                    if group["weight_decay"] != 0:
                        grad = grad + p * group["weight_decay"]
                    if group["momentum"] != 0:
                        state = self.state[p]
                        if "momentum_buffer" not in state:
                            state["momentum_buffer"] = grad.clone().detach()
                        else:
                            buf = state["momentum_buffer"]
                            buf.copy_(buf * group["momentum"] + grad * (1 - group["dampening"]))
                        buf = state["momentum_buffer"]
                        grad = grad + buf * group["momentum"] if group["nesterov"] else buf
                    p.copy_(p - grad * group["lr"])
