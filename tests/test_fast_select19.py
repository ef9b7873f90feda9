"""relu's backward (and ops saved like it) selecting on the gradient's bits, over the gradient array
when the engine's loop hands it over with nothing else referring to it (fast/backward.py's
``times_slope``, fast/gradients.py's ``_handed_over``). The numbers must be torch's -- inf and NaN in
the upstream gradient, +0.0 where nothing flows -- and an array someone else still holds (a hook, a
retained gradient, a gradient sent down two edges) must never be written over."""
from __future__ import annotations

import numpy as np
import pytest
import torch

import minigrad
from helpers import TOL, check
from minigrad.fast import gradients

RNG = np.random.default_rng(19)
LARGE = (8, 4, 16, 16)          # 8192 numbers: past the size where the bit selection starts


def _upstream(shape, dtype, specials=True):
    g = RNG.standard_normal(shape).astype(dtype)
    if specials:
        flat = g.reshape(-1)
        flat[::97] = np.inf
        flat[1::89] = -np.inf
        flat[2::83] = np.nan
    return g


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_relu_backward_is_torchs_with_inf_and_nan_upstream(dtype):
    x = RNG.standard_normal(LARGE).astype(dtype)
    g = _upstream(LARGE, dtype)
    grads = []
    for lib in (torch, minigrad):
        t = lib.tensor(x, requires_grad=True)
        lib.relu(t).backward(lib.tensor(g))
        grads.append(t.grad.numpy())
    ref, got = grads
    assert np.array_equal(np.isnan(ref), np.isnan(got))
    assert np.array_equal(ref, got, equal_nan=True)
    assert np.array_equal(np.signbit(ref), np.signbit(got))          # +0.0 where x <= 0, as torch


def test_retained_gradient_of_relus_output_is_not_written_over():
    x = RNG.standard_normal(LARGE).astype(np.float32)
    w = RNG.standard_normal((16, 16)).astype(np.float32)
    g = _upstream(LARGE, np.float32, specials=False)
    out = {}
    for lib in (torch, minigrad):
        t, tw = lib.tensor(x, requires_grad=True), lib.tensor(w, requires_grad=True)
        h = t @ tw                              # (its gradient: an array made for it)
        r = lib.relu(h)
        r.retain_grad()
        y = r @ tw
        y.backward(lib.tensor(g))
        out[lib.__name__] = (r.grad.numpy().copy(), t.grad.numpy().copy(), tw.grad.numpy().copy())
    for a, b in zip(out["torch"], out["minigrad"]):
        np.testing.assert_allclose(b, a, **TOL[np.float32])
    assert (out["minigrad"][0] != 0).mean() > 0.9      # the retained gradient was not masked in place


def test_gradient_kept_by_a_hook_is_not_written_over():
    x = RNG.standard_normal(LARGE).astype(np.float32)
    seen = {}
    for lib in (torch, minigrad):
        t = lib.tensor(x, requires_grad=True)
        h = t * 2.0
        r = lib.relu(h)
        kept = []
        r.register_hook(lambda grad: kept.append(grad))
        s = r * 3.0
        s.backward(lib.tensor(np.ones(LARGE, np.float32)))
        seen[lib.__name__] = (kept[0].numpy().copy(), t.grad.numpy().copy())
    np.testing.assert_array_equal(seen["minigrad"][0], seen["torch"][0])     # all 3.0: not masked
    np.testing.assert_array_equal(seen["minigrad"][1], seen["torch"][1])


def test_gradient_sent_down_two_edges_is_not_written_over():
    """y = relu(h) + leaky_relu(h): add sends the same gradient array to both; neither may write over it."""
    check(lambda L, a: L.relu(a * 1.5) + L.nn.functional.leaky_relu(a * 1.5, 0.1), RNG.standard_normal(LARGE))
    check(lambda L, a: L.relu(a) * 2 + L.relu(a), RNG.standard_normal(LARGE).astype(np.float32))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_conv_relu_pool_chain_matches_torch(dtype):
    def fn(L, x, w, b):
        h = L.nn.functional.conv2d(x, w, b, padding=1)
        return L.nn.functional.max_pool2d(L.relu(h), 2)
    check(fn, RNG.standard_normal((4, 3, 16, 16)).astype(dtype), RNG.standard_normal((8, 3, 3, 3)).astype(dtype),
          RNG.standard_normal(8).astype(dtype))


def test_leaky_relu_and_hardtanh_over_a_handed_over_gradient_match_torch():
    check(lambda L, a, w: L.nn.functional.leaky_relu(a @ w, 0.2), RNG.standard_normal((128, 64)),
          RNG.standard_normal((64, 64)))
    check(lambda L, a, w: L.nn.functional.hardtanh(a @ w), RNG.standard_normal((128, 64)), RNG.standard_normal((64, 64)))


@pytest.mark.skipif(not gradients.COUNTS_ARE_EXACT, reason="reference counts are not exact on this Python")
def test_the_loop_hands_over_a_fresh_gradient(monkeypatch):
    """The speed path itself: in conv -> relu -> max_pool the relu's gradient comes from the pool's
    backward, made for it, and is written over (in normal mode)."""
    from minigrad.fast.switch import SWITCH
    if not SWITCH.on:
        pytest.skip("reference mode: the engine's own loop runs")
    flags = []
    real = gradients.times_slope

    def spy(grad, slope, overwrite=False):
        flags.append(overwrite)
        return real(grad, slope, overwrite)
    monkeypatch.setattr(gradients, "times_slope", spy)
    x = minigrad.tensor(RNG.standard_normal((4, 3, 16, 16)).astype(np.float32))
    w = minigrad.tensor(RNG.standard_normal((8, 3, 3, 3)).astype(np.float32), requires_grad=True)
    y = minigrad.nn.functional.max_pool2d(minigrad.relu(minigrad.nn.functional.conv2d(x, w, padding=1)), 2)
    y.backward(minigrad.tensor(RNG.standard_normal(y.shape).astype(np.float32)))
    assert flags == [True]
