"""SGD taking its options as **kwargs (torch's names, torch's defaults, maximize too), validated like torch."""
import minigrad
from minigrad.optim import Optimizer

_DEFAULTS = {"momentum": 0.0, "dampening": 0.0, "weight_decay": 0.0, "nesterov": False, "maximize": False}


class SGD(Optimizer):
    def __init__(self, params, lr=1e-3, **kwargs):
        unknown = set(kwargs) - set(_DEFAULTS)
        if unknown:
            raise TypeError(f"SGD got unexpected keyword arguments {sorted(unknown)}")
        defaults = dict(_DEFAULTS, lr=lr, **kwargs)
        if defaults["lr"] < 0:
            raise ValueError(f"Invalid learning rate: {lr}")
        if defaults["nesterov"] and (defaults["momentum"] <= 0 or defaults["dampening"] != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
        super().__init__(params, defaults)

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
                    d_p = -p.grad if group.get("maximize", False) else p.grad
                    if group["weight_decay"]:
                        d_p = d_p.add(p, alpha=group["weight_decay"])
                    mu = group["momentum"]
                    if mu:
                        st = self.state[p]
                        buf = st.get("momentum_buffer")
                        if buf is None:
                            buf = st["momentum_buffer"] = d_p.clone().detach()
                        else:
                            buf.mul_(mu).add_(d_p, alpha=1 - group["dampening"])
                        d_p = d_p.add(buf, alpha=mu) if group["nesterov"] else buf
                    p.add_(d_p, alpha=-group["lr"])
        return loss
