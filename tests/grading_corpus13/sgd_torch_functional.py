"""SGD in torch's own layout (import minigrad as torch): step() gathers each group's parameters, gradients and
momentum buffers into lists and hands them to a module-level functional sgd(), which returns the new buffers."""
import minigrad as torch


def sgd(params, grads, bufs, *, lr, momentum, dampening, weight_decay, nesterov):
    new_bufs = []
    for p, g, buf in zip(params, grads, bufs):
        if weight_decay != 0:
            g = g.add(p, alpha=weight_decay)
        if momentum != 0:
            if buf is None:
                buf = torch.clone(g).detach()
            else:
                buf.mul_(momentum).add_(g, alpha=1 - dampening)
            g = g.add(buf, alpha=momentum) if nesterov else buf
        new_bufs.append(buf)
        p.add_(g, alpha=-lr)
    return new_bufs


class SGD(torch.optim.Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        defaults = dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay, nesterov=nesterov)
        super().__init__(params, defaults)

    @torch.no_grad()
    def step(self, closure=None):
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        for group in self.param_groups:
            params = [p for p in group["params"] if p.grad is not None]
            grads = [p.grad for p in params]
            bufs = [self.state[p].get("momentum_buffer") for p in params]
            bufs = sgd(params, grads, bufs, lr=group["lr"], momentum=group["momentum"], dampening=group["dampening"],
                       weight_decay=group["weight_decay"], nesterov=group["nesterov"])
            for p, b in zip(params, bufs):
                self.state[p]["momentum_buffer"] = b
        return loss
