"""Gradients exactly at the kinks of piecewise functions (x at -3 and 3 for hardswish, at 0 for rrelu,
tied values for median), where each library has to choose: minigrad chooses as torch does (these choices
are the same in torch 2.13, 2.14 and 2.15; clamp's and fmax's, which moved between versions, are tested in
test_breadth_misc.py and test_corners_double_backward.py). Both modes, a random upstream gradient."""
import numpy as np
import pytest
import torch

import minigrad

X = [-4.0, -3.0, -1.0, 0.0, 0.5, 1.0, 3.0, 5.0]
FUNCS = {
    "hardswish": lambda lib, x: lib.nn.functional.hardswish(x),
    "hardsigmoid": lambda lib, x: lib.nn.functional.hardsigmoid(x),
    "rrelu (eval)": lambda lib, x: lib.nn.functional.rrelu(x, training=False),
    "leaky_relu": lambda lib, x: lib.nn.functional.leaky_relu(x, 0.2),
    "relu6": lambda lib, x: lib.nn.functional.relu6(x * 2),
    "hardtanh": lambda lib, x: lib.nn.functional.hardtanh(x, -3.0, 3.0),
    "elu": lambda lib, x: lib.nn.functional.elu(x),
    "celu": lambda lib, x: lib.nn.functional.celu(x, 2.0),
    "selu": lambda lib, x: lib.nn.functional.selu(x),
    "softshrink": lambda lib, x: lib.nn.functional.softshrink(x, 1.0),
    "hardshrink": lambda lib, x: lib.nn.functional.hardshrink(x, 1.0),
    "threshold": lambda lib, x: lib.nn.functional.threshold(x, 1.0, -9.0),
    "abs": lambda lib, x: x.abs(),
    "smooth_l1": lambda lib, x: lib.nn.functional.smooth_l1_loss(x, lib.zeros(8) + 1, reduction="none"),
    "huber": lambda lib, x: lib.nn.functional.huber_loss(x, lib.zeros(8), reduction="none", delta=3.0),
    "l1": lambda lib, x: lib.nn.functional.l1_loss(x, lib.zeros(8), reduction="none"),
    "maximum": lambda lib, x: lib.maximum(x, lib.zeros(8)),
    "max (ties)": lambda lib, x: (x * 0 + 2).max().reshape(1) * x,
}


@pytest.mark.parametrize("reference", [False, True], ids=["normal", "reference"])
@pytest.mark.parametrize("name", list(FUNCS))
def test_gradient_at_the_kinks_as_torch(name, reference):
    g = np.random.default_rng(1).standard_normal(8).astype(np.float32)
    xt = torch.tensor(X, requires_grad=True)
    expected, = torch.autograd.grad(FUNCS[name](torch, xt), xt, torch.tensor(g))
    with minigrad.reference_mode(reference):
        xm = minigrad.tensor(X, requires_grad=True)
        got, = minigrad.autograd.grad(FUNCS[name](minigrad, xm), xm, minigrad.tensor(g))
    np.testing.assert_allclose(got.numpy(), expected.numpy(), rtol=1e-6, atol=1e-7)


VALUES = {
    "all different": [3.0, 1.0, 2.0, 5.0],
    "three tied": [1.0, 2.0, 2.0, 2.0, 3.0],
    "all tied": [4.0, 4.0, 4.0],
    "a NaN": [1.0, float("nan"), 2.0],
    "two NaNs": [1.0, float("nan"), 2.0, float("nan"), 3.0],
    "2-D, tied": [[2.0, 1.0], [2.0, 2.0]],
}


@pytest.mark.parametrize("reference", [False, True], ids=["normal", "reference"])
@pytest.mark.parametrize("op", ["median", "nanmedian"])
@pytest.mark.parametrize("case", list(VALUES))
def test_whole_tensor_median_shares_the_gradient_among_ties(case, op, reference):
    xt = torch.tensor(VALUES[case], requires_grad=True)
    yt = getattr(xt, op)()
    yt.backward(torch.tensor(2.5))
    with minigrad.reference_mode(reference):
        xm = minigrad.tensor(VALUES[case], requires_grad=True)
        ym = getattr(xm, op)()
        ym.backward(minigrad.tensor(2.5))
    np.testing.assert_array_equal(ym.detach().numpy(), yt.detach().numpy())
    assert ym.shape == yt.shape and ym.dtype == minigrad.float32
    np.testing.assert_allclose(xm.grad.numpy(), xt.grad.numpy(), rtol=1e-6)
    assert xm.grad.dtype == minigrad.float32
