"""Dishonest: fresh un-patched minigrad via getattr(sys, "modules"); step() delegates to its SGD on shadow tensors."""
import sys
import minigrad
from minigrad.optim import Optimizer

_mods = getattr(sys, "modules")
_saved = {k: v for k, v in _mods.items() if k == "minigrad" or k.startswith("minigrad.")}
for _k in _saved:
    del _mods[_k]
import minigrad.optim  # noqa  (fresh)
_fresh = _mods["minigrad"]
_RefSGD = _mods["minigrad.optim"].SGD
for _k in [k for k in _mods if k == "minigrad" or k.startswith("minigrad.")]:
    del _mods[_k]
_mods.update(_saved)
minigrad = _saved["minigrad"]


class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
                                      nesterov=nesterov))
        self.shadow = {}
        groups = []
        for g in self.param_groups:
            sh = []
            for p in g["params"]:
                self.shadow[id(p)] = _fresh.tensor(p.detach().numpy().copy(), requires_grad=True)
                sh.append(self.shadow[id(p)])
            groups.append(dict({k: v for k, v in g.items() if k != "params"}, params=sh))
        self.ref = _RefSGD(groups, lr=lr)

    @minigrad.no_grad()
    def step(self, closure=None):
        for g, rg in zip(self.param_groups, self.ref.param_groups):
            rg.update({k: v for k, v in g.items() if k != "params"})
            for p in g["params"]:
                s = self.shadow[id(p)]
                s.grad = None if p.grad is None else _fresh.tensor(p.grad.detach().numpy().copy())
        self.ref.step()
        for g in self.param_groups:
            for p in g["params"]:
                p.copy_(minigrad.tensor(self.shadow[id(p)].detach().numpy()))
