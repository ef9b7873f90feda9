"""SGD written as torch code (import minigrad as torch): torch.optim.Optimizer, torch.no_grad, state via setdefault,
the update with torch.add and a multiplier for dampening."""
import minigrad as torch


class SGD(torch.optim.Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        super().__init__(params, {"lr": lr, "momentum": momentum, "dampening": dampening,
                                  "weight_decay": weight_decay, "nesterov": nesterov})

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            for p in filter(lambda q: q.grad is not None, group["params"]):
                g = torch.add(p.grad, p, alpha=group["weight_decay"])
                mu = group["momentum"]
                if mu:
                    state = self.state[p]
                    buf = state.setdefault("momentum_buffer", None)
                    buf = g.detach().clone() if buf is None else torch.add(mu * buf, g, alpha=1 - group["dampening"])
                    state["momentum_buffer"] = buf
                    g = torch.add(g, buf, alpha=mu) if group["nesterov"] else buf
                p.add_(g, alpha=-group["lr"])
