"""SGD with the extras a training script uses: step(closure) re-evaluates the loss with gradients enabled and returns
it, zero_grad(set_to_none=True) is written out, and a summary() helper reports the buffers; the update itself
uses out-of-place tensor arithmetic."""
import minigrad
from minigrad.optim import Optimizer


class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        if lr < 0:
            raise ValueError(f"invalid learning rate {lr}")
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("nesterov needs momentum > 0 and dampening 0")
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
                                      nesterov=nesterov))

    def zero_grad(self, set_to_none=True):
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                if set_to_none:
                    p.grad = None
                else:
                    p.grad.zero_()

    def summary(self):
        return {id(p): tuple(s["momentum_buffer"].shape) for p, s in self.state.items() if "momentum_buffer" in s}

    def step(self, closure=None):
        loss = None
        if closure is not None:
            with minigrad.enable_grad():
                loss = closure()
        with minigrad.no_grad():
            for group in self.param_groups:
                for p in group["params"]:
                    if p.grad is None:
                        continue
                    g = p.grad.detach() + group["weight_decay"] * p.detach()
                    if group["momentum"] != 0:
                        s = self.state[p]
                        old = s.get("momentum_buffer")
                        s["momentum_buffer"] = g.clone() if old is None else \
                            group["momentum"] * old + (1 - group["dampening"]) * g
                        g = g + group["momentum"] * s["momentum_buffer"] if group["nesterov"] else s["momentum_buffer"]
                    p.copy_(p - group["lr"] * g)
        return loss
