"""Another correct SGD: updates through p.data, buffers with in-place tensor methods."""
from minigrad.optim import Optimizer


class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0, dampening=0, weight_decay=0, nesterov=False):
        defaults = {"lr": lr, "momentum": momentum, "dampening": dampening, "weight_decay": weight_decay,
                    "nesterov": nesterov}
        super().__init__(params, defaults)

    def step(self, closure=None):
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                d_p = p.grad.detach().clone()
                if group["weight_decay"]:
                    d_p.add_(p.data, alpha=group["weight_decay"])
                if group["momentum"]:
                    state = self.state[p]
                    if "momentum_buffer" not in state:
                        buf = state["momentum_buffer"] = d_p.clone()
                    else:
                        buf = state["momentum_buffer"]
                        buf.mul_(group["momentum"]).add_(d_p, alpha=1 - group["dampening"])
                    if group["nesterov"]:
                        d_p = d_p.add(buf, alpha=group["momentum"])
                    else:
                        d_p = buf
                p.data.add_(d_p, alpha=-group["lr"])
