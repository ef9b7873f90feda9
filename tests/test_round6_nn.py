"""Round 6 of nn fixes, compared with torch: ``inplace=True`` on every activation and dropout (the input is
changed and returned, its version goes up, a leaf that requires grad is refused), weight_norm /
spectral_norm / parametrizations, and the calls where torch raises (or accepts) and minigrad did otherwise."""
import numpy as np
import pytest
import torch

import minigrad
from helpers import check, check_raises_as_torch, check_value_as_torch, rand

# ---------------------------------------------------------------------------------------------
# 1. inplace=True
# ---------------------------------------------------------------------------------------------
# deterministic activations: F.<name>(a, *args, inplace=True) on a non-leaf a
INPLACE_FUNCTIONS = [
    ("elu", ()), ("elu", (0.5,)), ("selu", ()), ("celu", (0.7,)), ("silu", ()), ("mish", ()),
    ("hardsigmoid", ()), ("hardswish", ()), ("threshold", (0.1, 2.0)), ("relu6", ()), ("hardtanh", ()),
    ("leaky_relu", (0.2,)), ("relu", ()),
]


@pytest.mark.parametrize("name,args", INPLACE_FUNCTIONS)
def test_functional_inplace_changes_and_returns_the_input(name, args):
    def fn(lib, x):
        a = x * 1.5
        out = getattr(lib.nn.functional, name)(a, *args, inplace=True)
        assert out is a and a._version == 1
        return a
    check(fn, rand(3, 4, seed=2, low=-4, high=4))


@pytest.mark.parametrize("name,args", INPLACE_FUNCTIONS)
def test_functional_inplace_refuses_a_leaf_that_requires_grad(name, args):
    check_raises_as_torch(f"x = lib.randn(4, requires_grad=True); F.{name}(x, {', '.join(map(repr, args))}"
                          f"{', ' if args else ''}inplace=True)", "leaf")


def test_functional_inplace_without_grad_writes_the_memory():
    a = minigrad.tensor([-2.0, 0.5, 3.0])
    view = a[1:]
    assert minigrad.nn.functional.silu(a, inplace=True) is a
    np.testing.assert_allclose(a.numpy(), torch.nn.functional.silu(torch.tensor([-2.0, 0.5, 3.0])).numpy(), rtol=1e-6)
    np.testing.assert_allclose(view.numpy(), a.numpy()[1:])       # views of it see the change


MODULES = [
    ("ReLU6", ()), ("ELU", (0.5,)), ("SELU", ()), ("CELU", (0.7,)), ("LeakyReLU", (0.2,)), ("Hardtanh", (-0.5, 0.5)),
    ("Hardsigmoid", ()), ("Hardswish", ()), ("SiLU", ()), ("Mish", ()), ("Threshold", (0.1, 2.0)), ("RReLU", ()),
]


@pytest.mark.parametrize("name,args", MODULES)
def test_module_inplace(name, args):
    def fn(lib, x):
        m = getattr(lib.nn, name)(*args, inplace=True).eval()
        a = x * 1.5
        assert m(a) is a and a._version == 1
        return a
    check(fn, rand(3, 4, seed=3, low=-4, high=4))
    assert repr(getattr(minigrad.nn, name)(*args, inplace=True)) == repr(getattr(torch.nn, name)(*args, inplace=True))


DROPOUTS = [("dropout", (6, 5)), ("dropout1d", (2, 3, 5)), ("dropout2d", (2, 3, 4, 5)), ("dropout3d", (2, 3, 2, 2, 2)),
            ("alpha_dropout", (6, 5)), ("feature_alpha_dropout", (2, 3, 4))]


@pytest.mark.parametrize("name,shape", DROPOUTS)
def test_dropout_inplace(name, shape):
    """The random mask differs from torch's, so the check is the relation: the input is the result, and
    its gradient is what the out-of-place dropout's would be with the same mask."""
    F = minigrad.nn.functional
    x = minigrad.tensor(rand(*shape, seed=4) + 5.0, requires_grad=True)       # no zero in x
    a = x * 1.0
    out = getattr(F, name)(a, 0.5, True, inplace=True)
    assert out is a and a._version >= 1 and a.grad_fn is not None
    up = minigrad.tensor(rand(*shape, seed=5))
    a.backward(up)
    if name.startswith(("dropout", "feature_dropout")):
        keep = a.detach().numpy() != 0
        np.testing.assert_allclose(a.detach().numpy(), np.where(keep, x.detach().numpy() * 2, 0), rtol=1e-12)
        np.testing.assert_allclose(x.grad.numpy(), np.where(keep, up.numpy() * 2, 0), rtol=1e-12)
    else:                                            # alpha: out = a·x + b (kept) or a·L + b (dropped)
        slope = x.grad.numpy() / up.numpy()
        assert set(np.round(np.unique(slope), 9)) <= {0.0, round(((0.5 * (1 + 0.5 * 1.7580993408473766 ** 2))
                                                                   ** -0.5), 9)}
    if name != "dropout":                            # a whole channel is kept or dropped together
        kept = (x.grad.numpy() != 0).reshape(shape[0], shape[1], -1)
        assert (kept.all(-1) | ~kept.any(-1)).all()
    leaf = minigrad.ones(*shape, requires_grad=True)
    with pytest.raises(RuntimeError, match="leaf"):
        getattr(F, name)(leaf, 0.5, True, inplace=True)


def test_dropout_inplace_module_and_eval_identity():
    for cls in ("Dropout", "Dropout1d", "Dropout2d", "Dropout3d", "AlphaDropout", "FeatureAlphaDropout"):
        m = getattr(minigrad.nn, cls)(0.5, inplace=True)
        a = minigrad.ones(2, 3, 4, 4) * 3.0
        assert m(a) is a and a._version == 1, cls
        m.eval()
        b = minigrad.ones(2, 3, 4, 4)
        assert m(b) is b and b._version == 0, cls       # eval: the identity, nothing written (as torch)
    check_raises_as_torch("a = lib.ones(2, requires_grad=True); F.dropout(a, 0.5, True, inplace=True)", "leaf")
    check_value_as_torch("a = lib.ones(2, requires_grad=True); R = F.dropout(a, 0.5, False, inplace=True) is a")


def test_rrelu_inplace_training_uses_one_slope_draw():
    x = minigrad.tensor(-np.arange(1.0, 9.0), requires_grad=True)
    a = x * 1.0
    assert minigrad.nn.functional.rrelu(a, 0.1, 0.3, training=True, inplace=True) is a
    a.sum().backward()
    np.testing.assert_allclose(a.detach().numpy(), x.detach().numpy() * x.grad.numpy(), rtol=1e-12)
    assert ((x.grad.numpy() >= 0.1) & (x.grad.numpy() <= 0.3)).all()
