"""LBFGS against torch: iterates over several step() calls, with and without the strong-Wolfe line
search, float64 and float32, history sizes, and the state it keeps."""
import numpy as np
import pytest
import torch

import minigrad


def _run(lib, dtype="float64", steps=4, **opts):
    rng = np.random.default_rng(0)
    dt = getattr(lib, dtype)
    a = lib.tensor(rng.standard_normal((6, 3)), dtype=dt)
    target = lib.tensor(rng.standard_normal(6), dtype=dt)
    w = lib.tensor(rng.standard_normal(3) * 0.1, dtype=dt, requires_grad=True)
    b = lib.tensor([0.5], dtype=dt, requires_grad=True)
    unused = lib.tensor([1.0, 2.0], dtype=dt, requires_grad=True)
    opt = lib.optim.LBFGS([w, b, unused], **opts)
    evals = [0]

    def closure():
        opt.zero_grad()
        evals[0] += 1
        r = (a @ w).tanh() * 2 + b - target                # a smooth non-quadratic fit (Rosenbrock-like valleys)
        loss = (r ** 2).mean() + 0.1 * ((w[0] - w[1] ** 2) ** 2)
        loss.backward()
        return loss
    out = []
    for _ in range(steps):
        loss = opt.step(closure)
        out.append((float(loss), w.detach().numpy().copy(), b.detach().numpy().copy()))
    state = opt.state[w]
    return out, evals[0], state["n_iter"], state["func_evals"], unused.detach().numpy()


CASES = [dict(lr=1), dict(lr=0.5, max_iter=5), dict(lr=1, history_size=3, max_iter=10),
         dict(lr=1, line_search_fn="strong_wolfe"), dict(lr=1, line_search_fn="strong_wolfe", max_iter=7, history_size=2),
         dict(lr=0.1, tolerance_grad=1e-3, tolerance_change=1e-4)]


@pytest.mark.parametrize("opts", CASES, ids=str)
def test_lbfgs_iterates_match_torch_float64(opts):
    t = _run(torch, **opts)
    m = _run(minigrad, **opts)
    assert m[1:4] == t[1:4]                                    # closure calls, iterations, evaluations
    for (tl, tw, tb), (ml, mw, mb) in zip(t[0], m[0]):
        np.testing.assert_allclose(ml, tl, rtol=1e-9)
        np.testing.assert_allclose(mw, tw, rtol=1e-8, atol=1e-10)
        np.testing.assert_allclose(mb, tb, rtol=1e-8, atol=1e-10)
    np.testing.assert_array_equal(m[4], [1.0, 2.0])             # the parameter without a gradient stays put


@pytest.mark.parametrize("opts", [CASES[0], CASES[3]], ids=str)
def test_lbfgs_float32_matches_torch(opts):
    t = _run(torch, "float32", **opts)
    m = _run(minigrad, "float32", **opts)
    assert m[0][-1][1].dtype == np.float32
    np.testing.assert_allclose(m[0][-1][1], t[0][-1][1], rtol=1e-3, atol=1e-4)


def test_lbfgs_needs_a_closure_and_one_group():
    p = minigrad.zeros(2, requires_grad=True)
    with pytest.raises(RuntimeError, match="closure"):
        minigrad.optim.LBFGS([p]).step(None)
    with pytest.raises(RuntimeError, match="only 'strong_wolfe' is supported"):
        opt = minigrad.optim.LBFGS([p], line_search_fn="armijo")

        def closure():
            opt.zero_grad()
            loss = ((p - 1) ** 2).sum()
            loss.backward()
            return loss
        opt.step(closure)
