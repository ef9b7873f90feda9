"""Bad (and borderline) calls into nn, its losses and layers, compared with torch: where torch raises,
minigrad raises the same exception type with torch's message in it (minigrad may add which op and the fix
after it; Linear's shape error starts "addmm: " or "mm: " as in torch >= 2.15, which torch 2.13 and 2.14
leave out); where torch accepts, minigrad accepts and gives the same result."""
import re
import warnings

import numpy as np
import pytest
import torch

import minigrad


def _outcome(lib, expr):
    lib.manual_seed(0)
    env = {"lib": lib, "nn": lib.nn, "F": lib.nn.functional,
           "p": lib.tensor([0.2, 0.5, 0.9]), "x": lib.tensor(np.linspace(-1, 1, 12).reshape(4, 3), dtype=lib.float32)}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return "value", eval(expr, env)
        except Exception as e:  # noqa: BLE001 -- the type is what is compared
            return "error", e


def _sets_sorted(msg):
    """A set printed in a message lists its items in hash order, which differs between processes: sort them."""
    return re.sub(r"\{([^{}]*)\}", lambda m: "{" + ", ".join(sorted(m.group(1).split(", "))) + "}", msg)


CASES = [
    # losses
    "F.binary_cross_entropy(p, lib.tensor([2., 0., 1.]))", "F.binary_cross_entropy(p, lib.tensor([-1., 0., 1.]))",
    "F.binary_cross_entropy(lib.tensor([1.5, 0.5, 0.5]), lib.tensor([1., 0., 1.]))",
    "F.binary_cross_entropy(lib.tensor([float('nan'), 0.5, 0.5]), lib.tensor([1., 0., 1.]))",
    "F.binary_cross_entropy(p, lib.tensor([1, 0, 1]))", "F.binary_cross_entropy(p, lib.rand(1, 3))",
    "F.binary_cross_entropy(p, lib.rand(3).double())",
    "F.binary_cross_entropy(p, p, weight=lib.ones(3, requires_grad=True))",
    "F.binary_cross_entropy_with_logits(p, lib.tensor([2., 0., 1.]))",
    "F.binary_cross_entropy_with_logits(p, lib.tensor([1, 0, 1]))",
    "F.binary_cross_entropy_with_logits(p, lib.rand(1, 3))",
    "F.binary_cross_entropy_with_logits(p, p, pos_weight=lib.ones(3, requires_grad=True))",
    "F.binary_cross_entropy_with_logits(p, p, weight=lib.ones(3, requires_grad=True))",
    "F.cross_entropy(lib.tensor([[1, 2, 3]]), lib.tensor([0]))",
    "F.cross_entropy(lib.tensor([[1., 2, 3]]), lib.tensor([0], dtype=lib.int32))",
    "F.cross_entropy(lib.tensor([[1., 2, 3]]), lib.tensor([-1]))", "F.cross_entropy(x, lib.tensor([0, 1, 3, 0]))",
    "F.cross_entropy(x, lib.tensor([0, 1, 2]))",
    "F.nll_loss(lib.tensor([[1, 2, 3]]), lib.tensor([0]))", "F.nll_loss(lib.tensor([[1., 2, 3]]), lib.tensor([3]))",
    "F.nll_loss(x, lib.tensor([0, 1, 2, 0]), weight=lib.ones(3, requires_grad=True))",
    "F.huber_loss(p, p + 1, delta=0.5)", "F.huber_loss(p, p + 1, delta=0.)", "F.huber_loss(p, p + 1, delta=-1.)",
    "F.huber_loss(p, p + 1, weight=lib.ones(1))", "F.mse_loss(p, p, weight=lib.ones(2))",
    "F.smooth_l1_loss(p, p + 1, beta=-1.)", "F.smooth_l1_loss(p, p + 1, beta=0.)",
    "F.mse_loss(p, p, reduction='avg')", "F.l1_loss(p, lib.rand(4))", "F.mse_loss(p, lib.rand(4))",
    "F.mse_loss(x, lib.ones(4, 3, dtype=lib.int64))", "F.mse_loss(x, lib.ones(3))",
    "nn.MSELoss(reduction='avg')",
    # embedding
    "nn.Embedding(5, 2)(lib.tensor([5]))", "nn.Embedding(5, 2)(lib.tensor([-1]))",
    "nn.Embedding(5, 2)(lib.tensor([1.0]))", "nn.Embedding(5, 2)(lib.tensor([1], dtype=lib.int32)).shape",
    "F.embedding(lib.tensor([7]), lib.randn(5, 2))", "nn.Embedding(5, 2, padding_idx=5)",
    "nn.Embedding(5, 2, padding_idx=-6)", "nn.Embedding(5, 2, padding_idx=-1).padding_idx",
    "nn.Embedding(0, 3).weight.shape", "nn.Embedding(4, 3)(lib.zeros(0, dtype=lib.int64)).shape",
    # batch norm
    "nn.BatchNorm1d(3)(lib.randn(1, 3))", "nn.BatchNorm2d(3)(lib.randn(1, 3, 1, 1))",
    "nn.BatchNorm2d(3)(lib.randn(1, 3, 2, 1)).shape", "nn.BatchNorm1d(3)(lib.randn(1, 3, 1))",
    "nn.BatchNorm1d(3).eval()(lib.randn(1, 3)).shape", "nn.BatchNorm1d(3)(lib.randn(4, 4))",
    "nn.BatchNorm2d(3)(lib.randn(4, 3, 2))", "nn.BatchNorm1d(3)(lib.randn(4, 3, 2, 2))",
    "F.batch_norm(lib.randn(1, 3), None, None, training=True)",
    "F.batch_norm(lib.randn(1, 3), lib.zeros(3), lib.ones(3), training=False).shape",
    "nn.BatchNorm1d(3).eval()(x.double())", "F.batch_norm(x.double(), None, None, lib.ones(3), None, training=True)",
    "F.batch_norm(x, None, None, lib.ones(3, dtype=lib.float64), None, training=True)", "nn.LayerNorm(3)(x.double())",
    # convolution
    "nn.Conv2d(0, 2, 3).weight.shape", "nn.Conv2d(2, 0, 3).weight.shape", "nn.Conv2d(2, 2, 3, groups=0)",
    "nn.Conv2d(2, 2, 3, groups=-1)", "nn.Conv2d(2, 2, 3, groups=3)", "nn.Conv2d(4, 2, 3, groups=4)",
    "nn.Conv2d(2, 2, 0).weight.shape", "nn.Conv2d(2, 2, 3, padding='same', stride=2)",
    "nn.Conv2d(2, 2, 3, padding='foo')", "nn.Conv2d(2, 2, 3, padding_mode='foo')",
    "nn.Conv2d(2, 2, 3)(lib.randn(1, 3, 5, 5))", "nn.Conv2d(2, 2, 3)(lib.randn(1, 2, 2, 2))",
    "F.conv2d(lib.randn(1, 2, 5, 5), lib.randn(2, 2, 3, 3), groups=0)",
    # linear and others
    "nn.Linear(0, 3)(lib.randn(2, 0))", "nn.Linear(2, 3)(lib.randn(2, 3))",
    "F.linear(x.double(), lib.randn(2, 3), lib.randn(2))", "F.linear(x, lib.randn(2, 4), lib.randn(2))",
    "F.linear(x, lib.randn(2, 3), lib.randn(1)).shape",
    "nn.Dropout(1.5)", "F.dropout(p, -0.1)", "nn.LayerNorm(3)(lib.randn(2, 4))",
]


@pytest.mark.parametrize("expr", CASES)
def test_bad_call_as_torch(expr):
    (tk, t), (mk, m) = _outcome(torch, expr), _outcome(minigrad, expr)
    assert mk == tk, f"{expr}: torch gave {tk} {t!r}, minigrad {mk} {m!r}"
    if tk == "error":
        assert isinstance(m, type(t)) and type(m).__name__ == type(t).__name__, f"{expr}: {m!r} vs torch {t!r}"
        torch_msg = _sets_sorted(str(t))
        assert torch_msg.split(" (Could this")[0].strip()[:60] in _sets_sorted(str(m)), f"{expr}: {m} vs torch's {t}"
    elif isinstance(t, torch.Tensor):
        assert tuple(m.shape) == tuple(t.shape)
        np.testing.assert_allclose(m.detach().numpy(), t.detach().numpy(), rtol=1e-5, atol=1e-6)
    elif isinstance(t, torch.Size):
        assert tuple(m) == tuple(t)
    elif not isinstance(t, torch.nn.Module):
        assert m == t
