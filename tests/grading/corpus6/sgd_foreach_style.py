import minigrad
from minigrad.optim import Optimizer


class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        if lr < 0:
            raise ValueError("bad lr")
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening,
                                      weight_decay=weight_decay, nesterov=nesterov))

    @minigrad.no_grad()
    def step(self, closure=None):
        loss = None
        if closure is not None:
            with minigrad.enable_grad():
                loss = closure()
        for group in self.param_groups:
            params = [p for p in group["params"] if p.grad is not None]
            grads = [p.grad for p in params]
            if group["weight_decay"]:
                grads = [g.add(p, alpha=group["weight_decay"]) for g, p in zip(grads, params)]
            if group["momentum"]:
                bufs = []
                for p, g in zip(params, grads):
                    st = self.state[p]
                    if "momentum_buffer" not in st:
                        st["momentum_buffer"] = g.clone().detach()
                    else:
                        st["momentum_buffer"].mul_(group["momentum"]).add_(g, alpha=1 - group["dampening"])
                    bufs.append(st["momentum_buffer"])
                if group["nesterov"]:
                    grads = [g.add(b, alpha=group["momentum"]) for g, b in zip(grads, bufs)]
                else:
                    grads = bufs
            for p, g in zip(params, grads):
                p.add_(g, alpha=-group["lr"])
        return loss
