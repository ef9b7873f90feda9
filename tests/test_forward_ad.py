"""autograd.forward_ad (dual tensors) against torch's forward mode: tangents, levels, errors."""
from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.autograd.forward_ad as tfw

import minigrad
import minigrad.autograd.forward_ad as mfw

FUNCTIONS = {
    "pointwise": lambda lib, a, b: (a.tanh() * b.sigmoid() + a.exp() / (b.abs() + 1)).relu(),
    "broadcast": lambda lib, a, b: a * b[:1] - b.mean(0, keepdim=True),
    "matmul": lambda lib, a, b: a @ b.T,
    "reductions": lambda lib, a, b: lib.stack([a.sum(1), b.max(1).values, (a * b).amax(0)[:1].expand(4)]),
    "softmax": lambda lib, a, b: lib.nn.functional.log_softmax(a + b, dim=1) * lib.softmax(b, 0),
    "indexing": lambda lib, a, b: lib.cat([a[1:, ::2], b[:, [0, 2, 2]]], 0) ** 2,
    "norms": lambda lib, a, b: lib.nn.functional.layer_norm(a * b, (5,)) + lib.linalg.vector_norm(a, dim=1,
                                                                                                 keepdim=True),
}


def _run(lib, fw, name, arrays, use):
    a, b, ta, tb = (lib.tensor(x) for x in arrays)
    with fw.dual_level():
        da = fw.make_dual(a, ta) if "a" in use else a
        db = fw.make_dual(b, tb) if "b" in use else b
        out = FUNCTIONS[name](lib, da, db)
        primal, tangent = fw.unpack_dual(out)
        return primal.detach().numpy(), None if tangent is None else tangent.detach().numpy()


@pytest.mark.parametrize("use", ["a", "b", "ab"])
@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_tangents_match_torch(name, use):
    rng = np.random.default_rng(1)
    arrays = [rng.standard_normal((4, 5)) for _ in range(4)]
    p_t, t_t = _run(torch, tfw, name, arrays, use)
    p_m, t_m = _run(minigrad, mfw, name, arrays, use)
    np.testing.assert_allclose(p_m, p_t, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(t_m, t_t, rtol=1e-9, atol=1e-11)


def test_module_parameters_as_duals_as_the_tutorial_does():
    rng = np.random.default_rng(2)
    w, b = rng.standard_normal((3, 4)).astype(np.float32), rng.standard_normal(3).astype(np.float32)
    tw, tb = rng.standard_normal((3, 4)).astype(np.float32), rng.standard_normal(3).astype(np.float32)
    x = rng.standard_normal((6, 4)).astype(np.float32)
    results = []
    for lib, fw in ((torch, tfw), (minigrad, mfw)):
        model = lib.nn.Linear(4, 3)
        model.load_state_dict({"weight": lib.tensor(w), "bias": lib.tensor(b)})
        tangents = {"weight": lib.tensor(tw), "bias": lib.tensor(tb)}
        with fw.dual_level():
            for name, p in list(model.named_parameters()):
                delattr(model, name)
                setattr(model, name, fw.make_dual(p, tangents[name]))
            results.append(fw.unpack_dual(model(lib.tensor(x))).tangent.detach().numpy())
    np.testing.assert_allclose(results[1], results[0], rtol=1e-5, atol=1e-6)


def test_levels_identity_and_errors_as_torch():
    rng = np.random.default_rng(3)
    for lib, fw in ((torch, tfw), (minigrad, mfw)):
        p, t = lib.tensor(rng.standard_normal(3)), lib.tensor(rng.standard_normal(3))
        with pytest.raises(RuntimeError, match="no level exists"):
            fw.make_dual(p, t)
        with fw.dual_level():
            d = fw.make_dual(p, t)
            assert fw.unpack_dual(d).tangent is t
            assert fw.unpack_dual(lib.ones(3)).tangent is None          # not computed from a dual
            with pytest.raises(RuntimeError, match="different size"):
                fw.make_dual(p, lib.ones(4, dtype=lib.float64))
            with pytest.raises(RuntimeError, match="Nested forward mode AD is not supported"):
                with fw.dual_level():
                    pass
            with pytest.raises(ValueError, match="floating point"):
                fw.make_dual(lib.arange(3), lib.arange(3))
            y = d * 2
            assert fw.unpack_dual(y)._fields == ("primal", "tangent")
        assert fw.unpack_dual(y).tangent is None                     # the level is closed
        assert fw.unpack_dual(d).tangent is None


def test_backward_still_reaches_a_primal_that_requires_grad():
    """A dual's primal that requires grad keeps its ordinary gradient (the dual is a view of it)."""
    results = []
    for lib, fw in ((torch, tfw), (minigrad, mfw)):
        p = lib.tensor([1.0, 2.0, 3.0], requires_grad=True)
        with fw.dual_level():
            d = fw.make_dual(p, lib.tensor([1.0, 0.0, -1.0]))
            y = (d ** 3).sum()
            tangent = fw.unpack_dual(y).tangent.item()
            y.backward()
        results.append((tangent, p.grad.tolist()))
    assert results[0] == results[1]
