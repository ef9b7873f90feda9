"""No Optimizer base class: the class keeps its own param_groups (a list of dicts filled from the defaults) and a
state dict keyed by the parameter tensors, and writes its own zero_grad (set_to_none)."""
import minigrad


class SGD:
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        defaults = dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay, nesterov=nesterov)
        params = list(params)
        if params and not isinstance(params[0], dict):
            params = [{"params": params}]
        self.param_groups = []
        for group in params:
            g = dict(defaults)
            g.update(group)
            g["params"] = list(g["params"])
            self.param_groups.append(g)
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
                    d = p.grad + group["weight_decay"] * p
                    if group["momentum"] != 0:
                        st = self.state.setdefault(p, {})
                        if "buf" not in st:
                            st["buf"] = d.detach().clone()
                        else:
                            st["buf"] = group["momentum"] * st["buf"] + (1 - group["dampening"]) * d
                        d = d + group["momentum"] * st["buf"] if group["nesterov"] else st["buf"]
                    p.sub_(group["lr"] * d)
