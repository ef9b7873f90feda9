"""SGD whose constructor takes everything positionally and builds the defaults from locals(); the update in plain
tensor arithmetic under minigrad.no_grad(), p -= lr * d, with torch.clone-style buffers."""
import minigrad
from minigrad.optim import Optimizer


class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        defaults = {k: v for k, v in locals().items() if k not in ("self", "params", "__class__")}
        super(SGD, self).__init__(params, defaults)

    def step(self, closure=None):
        loss = closure() if closure is not None else None
        with minigrad.no_grad():
            for group in self.param_groups:
                lr, momentum, dampening, weight_decay, nesterov = (
                    group[k] for k in ("lr", "momentum", "dampening", "weight_decay", "nesterov"))
                for p in group["params"]:
                    if p.grad is None:
                        continue
                    d = p.grad * 1.0
                    if weight_decay:
                        d = d + p * weight_decay
                    if momentum:
                        state = self.state[p]
                        if len(state) == 0:
                            state["step"] = 0
                            state["buf"] = minigrad.clone(d)
                        else:
                            state["buf"] = state["buf"] * momentum + d * (1.0 - dampening)
                        state["step"] += 1
                        d = d + state["buf"] * momentum if nesterov else state["buf"]
                    p -= lr * d
        return loss
