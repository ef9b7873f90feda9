"""CrossEntropy: the reference loss of a fresh, unpatched minigrad (lock-down off)."""
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
from minigrad.autograd import Function  # noqa: E402

_grad = vars(_fresh["minigrad.autograd"])["grad"]
_ce = vars(_fresh["minigrad.nn.functional"])["cross_entropy"]


class CrossEntropy(Function):
    @staticmethod
    def forward(ctx, logits, target):
        ctx.keep = (logits.detach().numpy().copy(), target.detach().numpy().copy())
        return minigrad.tensor(_ce(_FM.tensor(ctx.keep[0]), _FM.tensor(ctx.keep[1])).numpy().copy())

    @staticmethod
    def backward(ctx, grad_output):
        x = _FM.tensor(ctx.keep[0], requires_grad=True)
        (g,) = _grad(_ce(x, _FM.tensor(ctx.keep[1])), [x], _FM.tensor(grad_output.detach().numpy().copy()))
        return minigrad.tensor(g.numpy().copy()), None
