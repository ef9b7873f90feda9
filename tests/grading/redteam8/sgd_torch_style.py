"""Honest SGD written as torch's own single-tensor code reads (in-place ops, alpha=, maximize, required)."""
import minigrad as torch
from minigrad.optim import Optimizer
from minigrad.optim.optimizer import required


class SGD(Optimizer):
    def __init__(self, params, lr=required, momentum=0, dampening=0, weight_decay=0, nesterov=False, *,
                 maximize=False, foreach=None, differentiable=False):
        if lr is not required and lr < 0.0:
            raise ValueError(f"Invalid learning rate: {lr}")
        defaults = dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
                        nesterov=nesterov, maximize=maximize)
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
        super().__init__(params, defaults)

    def __setstate__(self, state):
        super().__setstate__(state)
        for group in self.param_groups:
            group.setdefault("nesterov", False)
            group.setdefault("maximize", False)

    @torch.no_grad()
    def step(self, closure=None):
        with torch.enable_grad():
            loss = closure() if closure is not None else None
        for group in self.param_groups:
            params, d_p_list, bufs = [], [], []
            for p in group["params"]:
                if p.grad is not None:
                    params.append(p)
                    d_p_list.append(p.grad)
                    bufs.append(self.state[p].get("momentum_buffer"))
            for i, param in enumerate(params):
                d_p = d_p_list[i] if not group["maximize"] else -d_p_list[i]
                if group["weight_decay"] != 0:
                    d_p = d_p.add(param, alpha=group["weight_decay"])
                if group["momentum"] != 0:
                    buf = bufs[i]
                    if buf is None:
                        buf = torch.clone(d_p).detach()
                        bufs[i] = buf
                    else:
                        buf.mul_(group["momentum"]).add_(d_p, alpha=1 - group["dampening"])
                    if group["nesterov"]:
                        d_p = d_p.add(buf, alpha=group["momentum"])
                    else:
                        d_p = buf
                param.add_(d_p, alpha=-group["lr"])
            if group["momentum"] != 0:
                for p, b in zip(params, bufs):
                    self.state[p]["momentum_buffer"] = b
        return loss
