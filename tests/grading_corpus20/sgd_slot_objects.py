"""SGD with its state in small slot objects (one per parameter, made on its first step and kept in self.state[p]), the
hyper-parameters read from the group through a helper every step, and every update written as tensor arithmetic."""
import minigrad
from minigrad.optim import Optimizer


class _Slot:
    __slots__ = ("buf",)

    def __init__(self):
        self.buf = None


def _hyper(group):
    return (group["lr"], group["momentum"], group["dampening"], group["weight_decay"], group["nesterov"])


class SGD(Optimizer):
    def __init__(self, params, lr=0.01, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        defaults = {"lr": lr, "momentum": momentum, "dampening": dampening, "weight_decay": weight_decay,
                    "nesterov": nesterov}
        super().__init__(params, defaults)

    def _slot(self, p):
        return self.state[p].setdefault("slot", _Slot())

    def step(self, closure=None):
        loss = closure() if closure is not None else None
        with minigrad.no_grad():
            for group in self.param_groups:
                lr, mu, damp, wd, nesterov = _hyper(group)
                for p in group["params"]:
                    if p.grad is None:
                        continue
                    d = p.grad if wd == 0 else p.grad + wd * p
                    if mu:
                        slot = self._slot(p)
                        slot.buf = d.clone() if slot.buf is None else slot.buf * mu + d * (1.0 - damp)
                        d = d + mu * slot.buf if nesterov else slot.buf
                    p.sub_(lr * d)
        return loss
