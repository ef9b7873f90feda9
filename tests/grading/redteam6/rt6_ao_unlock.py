"""All ten ops: forward and backward by a fresh, unpatched minigrad engine (lock-down off)."""
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


def _np(t):
    return t.detach().numpy().copy()


def _make(fn):
    class Op(Function):
        @staticmethod
        def forward(ctx, *args):
            ctx.keep = [(_np(a) if isinstance(a, minigrad.Tensor) else a) for a in args]
            ins = [(_FM.tensor(a) if hasattr(a, "dtype") else a) for a in ctx.keep]
            return minigrad.tensor(fn(*ins).numpy().copy())

        @staticmethod
        def backward(ctx, grad_output):
            ins = [(_FM.tensor(a, requires_grad=True) if hasattr(a, "dtype") else a) for a in ctx.keep]
            ts = [a for a in ins if isinstance(a, _FM.Tensor)]
            gs = iter(_grad(fn(*ins), ts, _FM.tensor(_np(grad_output))))
            out = tuple(minigrad.tensor(next(gs).numpy().copy()) if isinstance(a, _FM.Tensor) else None for a in ins)
            return out if len(out) > 1 else out[0]
    return Op


Add = _make(lambda a, b: a + b)
Mul = _make(lambda a, b: a * b)
Div = _make(lambda a, b: a / b)
Exp = _make(lambda x: _FM.exp(x))
Log = _make(lambda x: _FM.log(x))
ReLU = _make(lambda x: _FM.relu(x))
Tanh = _make(lambda x: _FM.tanh(x))
Sigmoid = _make(lambda x: _FM.sigmoid(x))
MatMul = _make(lambda a, b: a @ b)
Sum = _make(lambda x, dim=None, keepdim=False: x.sum() if dim is None else x.sum(dim, keepdim=keepdim))
