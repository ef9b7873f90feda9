"""SGD with Python floats: each parameter is walked entry by entry (its flat NumPy view), the momentum
buffer is a Python list in self.state[p].  Slow, but every formula is visible."""
import minigrad
from minigrad.optim import Optimizer


class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        super().__init__(params, {"lr": lr, "momentum": momentum, "dampening": dampening,
                                  "weight_decay": weight_decay, "nesterov": nesterov})

    def step(self, closure=None):
        for group in self.param_groups:
            lr, mu, damp, wd, nesterov = (group[k] for k in ("lr", "momentum", "dampening", "weight_decay", "nesterov"))
            for p in group["params"]:
                if p.grad is None:
                    continue
                w = p.detach().numpy().reshape(-1)          # a view: writing into it moves p
                g = p.grad.detach().numpy().reshape(-1).tolist()
                state = self.state[p]
                first = "buf" not in state
                if mu != 0 and first:
                    state["buf"] = [0.0] * len(g)
                for i in range(len(g)):
                    d = g[i] + wd * float(w[i])
                    if mu != 0:
                        b = d if first else mu * state["buf"][i] + (1 - damp) * d
                        state["buf"][i] = b
                        d = d + mu * b if nesterov else b
                    w[i] = float(w[i]) - lr * d
