"""minigrad.autograd.functional (jacobian, hessian, vjp, jvp, hvp, vhp) against torch's: values, shapes,
the tuple structure, and whether the results are part of a graph (create_graph)."""
import numpy as np
import pytest
import torch

import minigrad

rng = np.random.default_rng(0)
A, B = rng.standard_normal(3), rng.standard_normal((2, 3))
V, U = rng.standard_normal(3), rng.standard_normal(2)


def cubic(lib):
    return lambda x: (x ** 3).sum() + x[0] * x[1] + lib.relu(x).sum()


def two_inputs(lib):
    return lambda x, w: (w @ x).tanh().sum() * x.sum()


def vector_valued(lib):
    return lambda x: (lib.tensor(B) @ x).sin()


CALLS = {
    "hessian": lambda F, lib, x, w: F.hessian(cubic(lib), x),
    "hessian_tuple": lambda F, lib, x, w: F.hessian(two_inputs(lib), (x, w)),
    "hessian_relu_only": lambda F, lib, x, w: F.hessian(lambda t: lib.relu(t).sum(), x),
    "hessian_create_graph": lambda F, lib, x, w: F.hessian(cubic(lib), x, create_graph=True),
    "jacobian": lambda F, lib, x, w: F.jacobian(vector_valued(lib), x),
    "jacobian_tuples": lambda F, lib, x, w: F.jacobian(lambda a, b: (a * 2, (b @ a).exp()), (x, w)),
    "jacobian_unused_input": lambda F, lib, x, w: F.jacobian(lambda a, b: a.exp(), (x, w)),
    "hvp": lambda F, lib, x, w: F.hvp(cubic(lib), x, lib.tensor(V)),
    "hvp_tuple": lambda F, lib, x, w: F.hvp(two_inputs(lib), (x, w), (lib.tensor(V), lib.tensor(B))),
    "vhp_tuple": lambda F, lib, x, w: F.vhp(two_inputs(lib), (x, w), (lib.tensor(V), lib.tensor(B))),
    "vjp": lambda F, lib, x, w: F.vjp(vector_valued(lib), x, lib.tensor(U)),
    "vjp_scalar_no_v": lambda F, lib, x, w: F.vjp(cubic(lib), x),
    "jvp": lambda F, lib, x, w: F.jvp(vector_valued(lib), x, lib.tensor(V)),
    "jvp_create_graph": lambda F, lib, x, w: F.jvp(vector_valued(lib), x, lib.tensor(V), create_graph=True),
}


def _flat(o):
    if isinstance(o, (tuple, list)):
        return [t for item in o for t in _flat(item)]
    return [o]


@pytest.mark.parametrize("name", sorted(CALLS))
def test_autograd_functional_as_torch(name):
    t = CALLS[name](torch.autograd.functional, torch, torch.tensor(A), torch.tensor(B))
    m = CALLS[name](minigrad.autograd.functional, minigrad, minigrad.tensor(A), minigrad.tensor(B))
    assert isinstance(m, tuple) == isinstance(t, tuple)
    ft, fm = _flat(t), _flat(m)
    assert len(fm) == len(ft)
    for a, b in zip(fm, ft):
        assert tuple(a.shape) == tuple(b.shape)
        assert a.requires_grad == b.requires_grad
        np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), rtol=1e-10, atol=1e-12)


def test_hvp_needs_v_for_a_vector_input():
    with pytest.raises(RuntimeError, match="v can be omitted only"):
        minigrad.autograd.functional.hvp(cubic(minigrad), minigrad.tensor(A))


def test_strict_refuses_an_unused_input():
    with pytest.raises(RuntimeError, match="independent of input 1"):
        minigrad.autograd.functional.jacobian(lambda a, b: a.exp(), (minigrad.tensor(A), minigrad.tensor(B)),
                                              strict=True)
