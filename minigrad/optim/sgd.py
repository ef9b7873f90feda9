"""Stochastic gradient descent with momentum, dampening, weight decay, Nesterov and maximize,
following torch's update exactly:

    g = grad (negated when maximize);  g = g + weight_decay * p
    buf = g                                   on the first step (no dampening)
    buf = momentum * buf + (1 - dampening) * g   afterwards
    g = g + momentum * buf   (nesterov)   or   g = buf
    p = p - lr * g
"""
from __future__ import annotations

from ..autograd.grad_mode import no_grad
from .optimizer import Optimizer, _check_hyper, _check_lr_tensor, _check_number, _scalar, required


class SGD(Optimizer):
    sparse_refusal = None       # (takes an nn.Embedding(sparse=True) gradient, as torch's)

    def __init__(self, params, lr=1e-3, momentum=0, dampening=0, weight_decay=0, nesterov=False, *,
                 maximize=False, foreach=None, differentiable=False, fused=None):
        if lr is not required:
            _check_lr_tensor(lr)
            _check_number("SGD", "lr", lr, less_than_zero=True)
        # torch's SGD checks with ``x < 0`` (so a NaN lr is accepted, as there)
        _check_hyper("SGD", "learning rate", lr, lr is required or not lr < 0.0, "lr must be >= 0")
        _check_hyper("SGD", "momentum value", momentum, not momentum < 0.0, "momentum must be >= 0")
        _check_hyper("SGD", "weight_decay value", weight_decay, not weight_decay < 0.0, "weight_decay must be >= 0")
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening (SGD got momentum="
                             f"{momentum}, dampening={dampening}; use momentum > 0 and dampening=0)")
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
                                      nesterov=nesterov, maximize=maximize, foreach=foreach,
                                      differentiable=differentiable, fused=fused))

    count_steps = False         # torch's SGD keeps no step count; its state is the momentum buffer alone

    @no_grad()
    def step(self, closure=None):
        loss = self._evaluate(closure)
        for group, p, g, _ in self._updates():
            lr, momentum, dampening = _scalar(group["lr"]), group["momentum"], group["dampening"]
            if momentum != 0:
                state = self.state[p]
                buf = state.get("momentum_buffer")
                if buf is None:
                    buf = state["momentum_buffer"] = g.clone()
                else:
                    buf.mul_(momentum).add_(g, alpha=1 - dampening)
                g = g.add(buf, alpha=momentum) if group["nesterov"] else buf
            p.add_(g, alpha=-lr)
        return loss
