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
