"""SGD as a plain class (no Optimizer base): its own param_groups list and a state dict keyed by id(p)."""
import minigrad


class SGD:
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        params = list(params)
        defaults = {"lr": lr, "momentum": momentum, "dampening": dampening, "weight_decay": weight_decay,
                    "nesterov": nesterov}
        if params and isinstance(params[0], dict):
            groups = [dict(defaults, **g) for g in params]
        else:
            groups = [dict(defaults, params=params)]
        for g in groups:
            g["params"] = list(g["params"])
        self.param_groups = groups
        self.state = {}

    def zero_grad(self):
        for g in self.param_groups:
            for p in g["params"]:
                p.grad = None

    def step(self):
        with minigrad.no_grad():
            for group in self.param_groups:
                for p in group["params"]:
                    if p.grad is None:
                        continue
                    d = p.grad.clone()
                    if group["weight_decay"]:
                        d = d + group["weight_decay"] * p
                    if group["momentum"]:
                        st = self.state.setdefault(id(p), {})
                        if "momentum_buffer" in st:
                            st["momentum_buffer"] = group["momentum"] * st["momentum_buffer"] + \
                                (1 - group["dampening"]) * d
                        else:
                            st["momentum_buffer"] = d.clone()
                        buf = st["momentum_buffer"]
                        d = d + group["momentum"] * buf if group["nesterov"] else buf
                    p.sub_(group["lr"] * d)
