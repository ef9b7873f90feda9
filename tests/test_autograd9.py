"""Autograd corners compared with torch: inference tensors and their detach(), in-place writes that overlap
their input, custom Functions, hooks, autograd.grad's options, retain_graph errors. Each case runs the same
code on torch and on minigrad and compares the value, every input's gradient, or the error's class and the
start of its message."""
import warnings

import numpy as np
import pytest
import torch

import minigrad
from helpers import rand


def _outcome(lib, code):
    """Run ``code`` (which sets ``out``) with ``lib``; ("value", out) or ("error", exception)."""
    env = {"lib": lib, "np": np, "rand": rand}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            exec(code, env)
            return "value", env.get("out")
        except Exception as e:  # noqa: BLE001 -- the class and message are what is compared
            return "error", e


def _plain(v):
    """Every number in ``v`` (tensors, numbers, nested lists), flattened, None as NaN."""
    if isinstance(v, (torch.Tensor, minigrad.Tensor)):
        return v.detach().numpy().astype(float).ravel().tolist()
    if isinstance(v, (tuple, list)):
        return [n for x in v for n in _plain(x)]
    return [float("nan") if v is None else float(v)]


def same(code, prefix=40):
    (tk, t), (mk, m) = _outcome(torch, code), _outcome(minigrad, code)
    assert mk == tk, f"torch gave {tk} {t!r}, minigrad {mk} {m!r}"
    if tk == "error":
        assert type(m).__name__ == type(t).__name__, f"{m!r} vs torch's {t!r}"
        assert str(t)[:prefix].lower() in str(m).lower(), f"message {m} vs torch's {t}"
    else:
        np.testing.assert_allclose(_plain(m), _plain(t), rtol=1e-6, atol=1e-9)
    return m


# ------------------------------------------------------------------------------------------------
# inference mode
# ------------------------------------------------------------------------------------------------
INF = "with lib.inference_mode():\n    t = lib.ones(3)\nd = t.detach()\nw = lib.ones(3, requires_grad=True)\n"

INFERENCE_CASES = [
    "out = [d.is_inference(), t.data.is_inference(), d.requires_grad]",    # still an inference tensor
    "out = d.add_(1)",                                                      # ...that may change in place
    "d.copy_(lib.zeros(3)); d.zero_(); out = t",                            # (t's memory)
    "out = lib.add(t, 1, out=d)",
    "out = d.detach().add_(1).is_inference()",
    "d.view(3).add_(1)",                                                    # a view of it: refused
    "d[0] = 5.0",                                                           # (a write through a view)
    "d.requires_grad_()",
    "out = w * d",                                                          # cannot be saved for backward
    "out = lib.lerp(w, d, 0.5)",
    "(w + d).sum().backward(); out = w.grad",                               # not saved: fine
    "out = [(d * 2).is_inference(), d.clone().is_inference()]",
    "c = t.clone(); out = [c.is_inference(), c.add_(1)]",                   # a clone outside: a normal tensor
    "c = t.clone(); y = (w * c).sum(); y.backward(); out = w.grad",
    "t.add_(1)",
    "with lib.inference_mode():\n    out = [t.clone().is_inference(), t.detach().is_inference(), t.add_(1)]",
]


@pytest.mark.parametrize("code", INFERENCE_CASES)
def test_inference_tensors_and_their_detach(code):
    same(INF + code)


NESTED = """
w = lib.ones(3, requires_grad=True)
with lib.inference_mode():
    n = lib.ones(3)
    with lib.inference_mode(False):
        u = lib.ones(3)
        inner = [lib.is_inference_mode_enabled(), lib.is_grad_enabled(), u.is_inference(), n.is_inference(),
                 (n * 2).is_inference(), n.clone().is_inference(), (w * 2).requires_grad]
        {inner}
    after = [lib.is_inference_mode_enabled(), lib.is_grad_enabled(), (w * 2).requires_grad, (w * 2).is_inference()]
out = inner + after
"""


@pytest.mark.parametrize("inner", ["pass", "w * n", "n.add_(1)", "(w * u).sum().backward()"])
def test_inference_mode_false_nested_inside(inner):
    same(NESTED.replace("{inner}", inner))


# ------------------------------------------------------------------------------------------------
# next_functions of the xfails from issue 13 (tests/test_bad_calls_core.py), with the brief's cases
# ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("expr", ["x.log_softmax(1)", "x.view(6)", "x.sum(0)", "x.pow(2)", "x.clamp(0, 1)",
                                  "x.expand(4, 2, 3)", "x * 2", "x + 1", "lib.where(x > 0, x, 0.)"])
def test_next_functions_count_as_torch(expr):
    code = f"x = lib.ones(2, 3, requires_grad=True)\nout = len(({expr}).grad_fn.next_functions)"
    same(code)


# ------------------------------------------------------------------------------------------------
# in-place writes that overlap their input
# ------------------------------------------------------------------------------------------------
R2 = "R = lib.arange(6.).reshape(2, 3)\n"
R1 = "R = lib.arange(4.)\n"
OVERLAP_CASES = [
    R2 + "lib.add(R, R[:1], out=R)",                 # out= sharing part of an input: refused
    R2 + "lib.add(R[:1], R, out=R)",
    R2 + "lib.mul(R, R[0], out=R)",
    R2 + "lib.sub(R, R[1:], out=R)",
    R2 + "lib.div(R, R[1:] + 1, out=R); out = R",    # (a new tensor: fine)
    R2 + "lib.add(R, R, out=R); out = R",             # the same memory: fine
    R2 + "lib.add(R[0], R[1], out=R[1]); out = R",
    R1 + "R.add_(R[0])",                              # R[0] of a 1-d tensor is a 0-d view, as torch's
    R2 + "R.add_(R[0])",
    R1 + "v = R[0]; v.add_(10); out = R",
    R1 + "v = R[0]; R.add_(1); out = v",
    R1 + "out = R[0].data_ptr() == R.data_ptr()",
    R1 + "out = [R[0]._base is R, R[0]._is_view()]",
    R1 + "R.clamp_(R[0], 10); out = R",               # (torch reads a 0-d bound as a number)
    R1 + "R.clamp_(max=R[1])",                         # (all bounds tensors: the tensor overload looks)
    R1 + "R.clamp_(R[0], R[2])",
    R1 + "R.masked_fill_(R > 0, R[0]); out = R",      # a 0-d value: read as a number
    R1 + "R.fill_(R[1]); out = R",
    R1 + "R[1:] = R[0]; out = R",
    R1 + "R.mul_(R[0])",
    R1 + "R.copy_(R[1])",
    R1 + "R.addcmul_(R[:1], R)",
    R1 + "R.add_(R[0].item()); out = R",
    R1 + "R[2:].add_(R[:2]); out = R",
]


@pytest.mark.parametrize("code", OVERLAP_CASES)
def test_in_place_overlap_as_torch(code):
    same(code)


def test_a_0d_view_keeps_its_gradient_and_history():
    """x[i] of a 1-d tensor (now a view, not a copy): values and gradients as torch's, and an in-place
    change of the parent is seen by a backward that saved the view."""
    code = ("x = lib.tensor(rand(4, seed=1), requires_grad=True)\ny = x * 1.0\nv = y[2]\nz = v * y[1] + v.exp()\n"
            "g = lib.tensor(rand(seed=2))\nz.backward(g)\nout = [z, x.grad]")
    same(code)
    err = same("x = lib.tensor(rand(4, seed=1), requires_grad=True)\ny = x * 1.0\nv = y[2]\nz = v * v\ny.add_(1)\n"
               "z.backward()", prefix=10)              # (minigrad's wording: "tensors", "in-place")
    assert "modified by an inplace operation" in str(err) and "version 1; expected version 0" in str(err)
    same("x = lib.tensor(rand(4, seed=1))\nv = x[1]\nx[1] = 7.0\nout = [v, v._version == x._version]")


# ------------------------------------------------------------------------------------------------
# custom autograd.Function
# ------------------------------------------------------------------------------------------------
FN = '''
F = lib.autograd.Function
x = lib.tensor(rand(3, seed=1), requires_grad=True)
up = lib.tensor(rand(3, seed=2))

class Dirty(F):
    @staticmethod
    def forward(ctx, a):
        a.mul_(2)
        ctx.mark_dirty(a)
        return a
    @staticmethod
    def backward(ctx, g):
        return g * 2

def make(name, forward, backward):
    return type(name, (F,), {"forward": staticmethod(forward), "backward": staticmethod(backward)})

View = make("View", lambda ctx, a: a.view(3), lambda ctx, g: g)
Two = make("Two", lambda ctx, a, b: a * b, lambda ctx, g: g)                # one gradient short
Many = make("Many", lambda ctx, a: a * 2, lambda ctx, g: (g, g))            # one too many
Short = make("Short", lambda ctx, a: a * 2, lambda ctx, g: g[:2])           # the wrong shape

SaveOut = make("SaveOut", lambda ctx, a: [ctx.save_for_backward(out := a.exp()), out][1],   # saves its output
               lambda ctx, g: g * ctx.saved_tensors[0])
'''

FUNCTION_CASES = [
    "y = x * 1\nz = Dirty.apply(y)\nz.backward(up)\nout = [z is y, y._version, x.grad]",
    "Dirty.apply(x)",                                              # a leaf changed in place
    "y = View.apply(x.clone())\nout = [y._is_view(), y.grad_fn.name() == 'ViewBackward']",
    "y = View.apply(x.clone())\ny.add_(1)",                        # a view made inside: not in place
    "y = View.apply(x.clone()).clone()\ny.add_(1)\ny.backward(up)\nout = x.grad",
    "Two.apply(x, x).sum().backward()",                            # wrong number of gradients
    "Many.apply(x).sum().backward()",
    "Short.apply(x).sum().backward()",                             # wrong shape
    "y = SaveOut.apply(x)\ng, = lib.autograd.grad(y, x, up, create_graph=True)\ng.backward(up)\nout = [g, x.grad]",
    "y = SaveOut.apply(x)\ny.add_(1)\ny.backward(up)",               # a saved output changed in place
    "y = SaveOut.apply(x).sum()\ny.backward()\ny.backward()",       # the exact retain_graph message
]


@pytest.mark.parametrize("code", FUNCTION_CASES)
def test_custom_function_as_torch(code):
    if "y.add_(1)\ny.backward" in code:
        same(FN + code, prefix=10)          # (minigrad's wording of the version error: see above)
    else:
        same(FN + code)


def test_backward_of_a_non_tensor_message_as_torch():
    same("x = lib.ones(2)\nx.sum().backward()")
    same("x = lib.ones(2, requires_grad=True)\nwith lib.no_grad():\n    y = (x * 2).sum()\ny.backward()")


# ------------------------------------------------------------------------------------------------
# autograd.grad's refusals, torch.func.grad's, and hooks (values and gradients as torch's)
# ------------------------------------------------------------------------------------------------
G = "x = lib.tensor(rand(3, seed=1), requires_grad=True)\nz = lib.tensor(rand(3, seed=2), requires_grad=True)\n"

GRAD_CASES = [
    "out = lib.autograd.grad((x * 2).sum(), [x, z])",                        # unused input
    "out = lib.autograd.grad((x * 2).sum(), [x, z], allow_unused=True)",
    "out = lib.autograd.grad((x * 2).sum(), [x, z], materialize_grads=True)",
    "out = lib.autograd.grad((x * 2).sum(), [x, z], materialize_grads=True, allow_unused=False)",
    "out = lib.autograd.grad((x * 2).sum(), x.detach())",                    # an input that needs no grad
    "out = lib.autograd.grad(x * 2, x)",                                     # no grad_outputs for a vector
    "out = lib.autograd.grad(x * z, x, lib.eye(3), is_grads_batched=True)",
    "y = (x * x).sum()\ny.backward()\ny.backward()",                          # retain_graph
    "y = (x.exp()).sum()\ny.backward(retain_graph=True)\ny.backward()\nout = x.grad",
    "out = lib.func.grad(lambda a: a ** 2)(x)",                              # not a scalar
    "out = lib.func.grad(lambda a: (a ** 2).sum().reshape(1))(x)",
    "out = lib.func.grad(lambda a: 3.0)(x)",
    "out = lib.func.grad(lambda a: (a ** 3).sum())(x)",
]


@pytest.mark.parametrize("code", GRAD_CASES)
def test_grad_options_and_refusals_as_torch(code):
    same(G + code)


HOOK_CASES = [
    "y = x * 2\nlog = []\ny.register_hook(lambda g: g * 10)\nx.register_hook(lambda g: log.append(g.sum()))\n"
    "y.retain_grad()\ny.backward(z.detach())\nout = [y.grad, x.grad, log]",
    "log = []\nx.register_post_accumulate_grad_hook(lambda p: log.append(p.grad.clone()))\n(x * 2).sum().backward()\n"
    "(x * z).sum().backward()\nout = log",
    "(x * 2).register_post_accumulate_grad_hook(lambda p: None)",
    "y = x * z\ny.grad_fn.register_hook(lambda gi, go: (gi[0] * 3, None))\ny.backward(z.detach())\nout = [x.grad, z.grad]",
    "y = x * z\ny.grad_fn.register_prehook(lambda go: (go[0] * 5,))\ny.backward(z.detach())\nout = [x.grad, z.grad]",
    "y = x * z\ny.grad_fn.register_hook(lambda gi, go: (gi[0],))\ny.sum().backward()",
    "y = (x ** 3).sum()\ng, = lib.autograd.grad(y, x, create_graph=True)\nh, = lib.autograd.grad((g * z).sum(), x, "
    "create_graph=True)\nk, = lib.autograd.grad((h * z).sum(), x)\nout = [g, h, k]",
    "y = (x.tanh() * x.sigmoid() * z).sum()\ng, = lib.autograd.grad(y, x, create_graph=True)\nh, = lib.autograd.grad("
    "(g * z).sum(), [x, z], create_graph=True)\nout = list(h)",
    "log = []\nwith lib.autograd.graph.saved_tensors_hooks(lambda t: log.append(1) or t * 1, lambda t: t):\n"
    "    y = (x * z).sum()\ny.backward()\nout = [len(log), x.grad, z.grad]",
]


@pytest.mark.parametrize("code", HOOK_CASES)
def test_hooks_and_higher_order_as_torch(code):
    same(G + code)
