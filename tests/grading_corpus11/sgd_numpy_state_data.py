"""SGD keeping NumPy arrays in self.state and writing p.data[...] in place; the hyper-parameters read with
dict unpacking per group; step(closure) supported."""
import numpy as np

from minigrad.optim import Optimizer


class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False, **extra):
        defaults = {"lr": lr, "momentum": momentum, "dampening": dampening, "weight_decay": weight_decay,
                    "nesterov": nesterov, **extra}
        super().__init__(params, defaults)

    def step(self, closure=None):
        loss = closure() if closure is not None else None
        for group in self.param_groups:
            lr, mu, damp, wd, nest = (group[k] for k in ("lr", "momentum", "dampening", "weight_decay", "nesterov"))
            for p in group["params"]:
                if p.grad is None:
                    continue
                w = p.data.numpy()
                d = np.array(p.grad.numpy(), dtype=np.float64, copy=True)
                if wd:
                    d += wd * w
                if mu:
                    st = self.state[p]
                    if "v" not in st:
                        st["v"] = d.copy()
                    else:
                        st["v"] *= mu
                        st["v"] += (1 - damp) * d
                    d = d + mu * st["v"] if nest else st["v"]
                w[...] = w - lr * d
        return loss
