"""Correct SGD that keeps its buffers in its own dict keyed by id(p), written without Optimizer's helpers."""
import minigrad


class SGD(minigrad.optim.Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        super().__init__(params, {"lr": lr, "momentum": momentum, "dampening": dampening,
                                  "weight_decay": weight_decay, "nesterov": nesterov})
        self.buffers = {}

    def step(self, closure=None):
        with minigrad.no_grad():
            for group in self.param_groups:
                for p in group["params"]:
                    if p.grad is None:
                        continue
                    d_p = p.grad
                    if group["weight_decay"] != 0:
                        d_p = d_p.add(p, alpha=group["weight_decay"])
                    if group["momentum"] != 0:
                        buf = self.buffers.get(id(p))
                        if buf is None:
                            buf = d_p.clone().detach()
                        else:
                            buf = buf.mul(group["momentum"]).add(d_p, alpha=1 - group["dampening"])
                        self.buffers[id(p)] = buf
                        d_p = d_p.add(buf, alpha=group["momentum"]) if group["nesterov"] else buf
                    p.add_(d_p, alpha=-group["lr"])
