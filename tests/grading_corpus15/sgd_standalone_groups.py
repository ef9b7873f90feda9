"""SGD without the Optimizer base class: its own param_groups (defaults merged under each group's own values), its
own state dict keyed by the tensor, zero_grad that sets None; updates through p.data."""
import minigrad


class SGD:
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        self.defaults = dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
                             nesterov=nesterov)
        params = list(params)
        if params and not isinstance(params[0], dict):
            params = [{"params": params}]
        self.param_groups = []
        for group in params:
            merged = dict(self.defaults)
            merged.update(group)
            merged["params"] = list(group["params"])
            self.param_groups.append(merged)
        self.state = {}

    def zero_grad(self, set_to_none=True):
        for group in self.param_groups:
            for p in group["params"]:
                p.grad = None

    def step(self, closure=None):
        with minigrad.no_grad():
            for group in self.param_groups:
                for p in group["params"]:
                    if p.grad is None:
                        continue
                    d = p.grad.detach() + group["weight_decay"] * p.detach()
                    if group["momentum"]:
                        st = self.state.setdefault(p, {})
                        if "buf" in st:
                            st["buf"] = group["momentum"] * st["buf"] + (1 - group["dampening"]) * d
                        else:
                            st["buf"] = d.detach().clone()
                        d = d + group["momentum"] * st["buf"] if group["nesterov"] else st["buf"]
                    p.data = p.data - group["lr"] * d
