"""Round 10 of bad calls, compared with torch (the cases come from /work/scratch/probe/badcalls10's generated batch:
wrong dtypes, shapes and non-tensors into nn layers and losses, attention masks, recurrent layers, keyword names,
devices). Where torch raises, minigrad raises the same exception class (or a subclass of it) with a message that
carries torch's text and names the op, the shapes/dtypes and the fix; where torch accepts, minigrad gives the same
value."""
import numpy as np
import pytest
import torch

import minigrad
from helpers import TORCH_VERSION, plain_outcome
from test_badcalls9 import _run


def _same(code, word=None, own_text=False):
    (tk, t), (mk, m) = _run(torch, code), _run(minigrad, code)
    assert mk == tk, f"{code}: torch gave {tk} {t!r}, minigrad {mk} {m!r}"
    if tk == "error":
        assert type(t).__name__ in [c.__name__ for c in type(m).__mro__], f"{code}: minigrad {m!r} vs torch {t!r}"
        if not own_text:
            head = str(t).split("\n")[0][:40].lower()
            assert head in str(m).lower(), f"{code}: message {m} lacks torch's {head!r}"
        if word:
            assert word.lower() in str(m).lower(), f"{code}: the message does not name {word!r}: {m}"
    else:
        assert plain_outcome(m) == plain_outcome(t), f"{code}: minigrad {plain_outcome(m)} vs torch {plain_outcome(t)}"


# (harness line, a word minigrad's message must hold): torch raises, minigrad raises the same with torch's text
ERRORS = [
    # a batched (3-D) weight into F.linear was multiplied as a batch (a silent wrong answer)
    ("F.linear(x, t.ones(2, 3, 3))", "out_features, in_features"),
    # float64 into an instance norm with float32 parameters
    ("nn.InstanceNorm2d(3, affine=True)(t.ones(2, 3, 4, 4, dtype=t.float64))", "instance_norm"),
    ("nn.BatchNorm1d(3).half()(t.ones(2, 3))", "batch_norm"),
]

# torch raises; minigrad raises the same class with its own words (torch's text names an internal kernel)
ERRORS_OWN_TEXT = [
]

# torch accepts: minigrad gives the same value
VALUES = [
    # float16 input into norm layers with float32 parameters (torch's CPU mixed precision): a float16 output
    "nn.BatchNorm1d(3)(t.ones(2, 3, dtype=t.float16))",
    "nn.BatchNorm2d(3)(t.arange(24., dtype=t.float16).reshape(2, 3, 2, 2))",
    "m = nn.BatchNorm2d(3); m.eval(); R = m(t.arange(24., dtype=t.float16).reshape(2, 3, 2, 2))",
    "nn.LayerNorm(3)(t.arange(6., dtype=t.float16).reshape(2, 3))",
    "nn.GroupNorm(2, 4)(t.arange(24., dtype=t.float16).reshape(2, 4, 3))",
    "nn.InstanceNorm1d(3, affine=True)(t.arange(24., dtype=t.float16).reshape(2, 3, 4))",
    "m = nn.BatchNorm1d(3); m(t.arange(6., dtype=t.float16).reshape(2, 3)); R = (m.running_mean, m.running_var)",
]


@pytest.mark.parametrize("code, word", ERRORS, ids=[c for c, _ in ERRORS])
def test_bad_call_raises_as_torch(code, word):
    _same(code, word)


@pytest.mark.parametrize("code, word", ERRORS_OWN_TEXT, ids=[c for c, _ in ERRORS_OWN_TEXT])
def test_bad_call_raises_torchs_class(code, word):
    _same(code, word, own_text=True)


@pytest.mark.parametrize("code", VALUES)
def test_call_accepted_as_torch(code):
    _same(code)


@pytest.mark.parametrize("layer", ["BatchNorm1d(3)", "LayerNorm(5)", "GroupNorm(3, 3)", "InstanceNorm1d(3, affine=True)"])
@pytest.mark.parametrize("train", [True, False])
def test_float16_input_into_float32_norm_layer_gradients(layer, train):
    """float16 in, float32 parameters: the output and the input's gradient float16, the parameters' float32, with
    torch's values (a random upstream gradient)."""
    rs = np.random.RandomState(0)
    x0 = rs.randn(4, 3, 5).astype(np.float16)
    g0 = rs.randn(4, 3, 5).astype(np.float16)
    res = []
    for lib in (torch, minigrad):
        lib.manual_seed(0)
        m = eval("lib.nn." + layer)
        m.train(train)
        x = lib.tensor(x0, requires_grad=True)
        y = m(x)
        y.backward(lib.tensor(g0))
        res.append((str(y.dtype), y.detach().float().numpy(), x.grad.float().numpy(),
                    [(str(q.grad.dtype), q.grad.numpy()) for q in m.parameters()]))
    (ty, tv, tg, tp), (my, mv, mg, mp) = res
    assert my == ty == "torch.float16"
    np.testing.assert_allclose(mv, tv, atol=2e-3)
    np.testing.assert_allclose(mg, tg, atol=5e-3)
    assert [d for d, _ in mp] == [d for d, _ in tp] == ["torch.float32"] * 2
    for (_, a), (_, b) in zip(mp, tp):
        np.testing.assert_allclose(a, b, rtol=1e-3, atol=1e-2)
