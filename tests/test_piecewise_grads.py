"""The gradient of relu, hardtanh, relu6 and leaky_relu where the upstream gradient is inf or NaN:
torch selects (a unit that is off gets 0, not inf·0 = NaN). Both modes, with and without create_graph."""
import numpy as np
import pytest
import torch

import minigrad

X = [-1.0, 2.0, float("nan"), 0.0, 0.5, -0.5, 6.0]
G = [float("inf"), float("inf"), 1.0, float("nan"), float("-inf"), float("nan"), float("inf")]
FUNCS = {
    "relu": lambda lib, x: lib.relu(x),
    "hardtanh": lambda lib, x: lib.nn.functional.hardtanh(x, -0.5, 0.5),
    "relu6": lambda lib, x: lib.nn.functional.relu6(x),
    "leaky_relu": lambda lib, x: lib.nn.functional.leaky_relu(x, 0.1),
    "max_pool": lambda lib, x: lib.nn.functional.max_pool1d(x.reshape(1, 1, -1), 1).reshape(-1),
}


@pytest.mark.parametrize("create_graph", [False, True])
@pytest.mark.parametrize("reference", [False, True], ids=["normal", "reference"])
@pytest.mark.parametrize("name", list(FUNCS))
def test_inf_and_nan_upstream_gradients_as_torch(name, reference, create_graph):
    fn = FUNCS[name]
    xt = torch.tensor(X, requires_grad=True)
    expected, = torch.autograd.grad(fn(torch, xt), xt, torch.tensor(G), create_graph=create_graph)
    with minigrad.reference_mode(reference):
        xm = minigrad.tensor(X, requires_grad=True)
        got, = minigrad.autograd.grad(fn(minigrad, xm), xm, minigrad.tensor(G), create_graph=create_graph)
    np.testing.assert_array_equal(got.detach().numpy(), expected.detach().numpy())
    assert got.requires_grad == expected.requires_grad


@pytest.mark.parametrize("special", [False, True], ids=["finite", "inf and nan"])
@pytest.mark.parametrize("reference", [False, True], ids=["normal", "reference"])
@pytest.mark.parametrize("name", ["relu", "hardtanh", "relu6"])
def test_large_arrays_select_as_torch(name, reference, special):
    """Large arrays take another path in normal mode (a multiplication, checked for NaN)."""
    rng = np.random.default_rng(0)
    x = rng.standard_normal(20000).astype(np.float32) * 4
    g = rng.standard_normal(20000).astype(np.float32)
    if special:
        g[::7], g[3::11] = np.inf, np.nan
    xt = torch.tensor(x, requires_grad=True)
    expected, = torch.autograd.grad(FUNCS[name](torch, xt), xt, torch.tensor(g))
    with minigrad.reference_mode(reference):
        xm = minigrad.tensor(x, requires_grad=True)
        FUNCS[name](minigrad, xm).backward(minigrad.tensor(g))
    np.testing.assert_array_equal(xm.grad.numpy(), expected.numpy())
