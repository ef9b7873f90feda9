"""torch's argument checks (a negative lr, momentum or weight decay; nesterov without momentum or with dampening:
ValueError) and keyword-only extras with defaults (maximize=False, foreach=None, differentiable=False)."""
import minigrad
from minigrad.optim import Optimizer


class SGD(Optimizer):
    def __init__(self, params, lr=1e-3, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False, *,
                 maximize=False, foreach=None, differentiable=False):
        if lr < 0.0:
            raise ValueError(f"Invalid learning rate: {lr}")
        if momentum < 0.0:
            raise ValueError(f"Invalid momentum value: {momentum}")
        if weight_decay < 0.0:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
                                      nesterov=nesterov, maximize=maximize, foreach=foreach,
                                      differentiable=differentiable))

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
                    d_p = p.grad if not group.get("maximize") else -p.grad
                    if group["weight_decay"] != 0:
                        d_p = d_p.add(p, alpha=group["weight_decay"])
                    if group["momentum"] != 0:
                        state = self.state[p]
                        buf = state.get("momentum_buffer")
                        if buf is None:
                            buf = state["momentum_buffer"] = d_p.clone().detach()
                        else:
                            buf.mul_(group["momentum"]).add_(d_p, alpha=1 - group["dampening"])
                        d_p = d_p.add(buf, alpha=group["momentum"]) if group["nesterov"] else buf
                    p.add_(d_p, alpha=-group["lr"])
        return loss
