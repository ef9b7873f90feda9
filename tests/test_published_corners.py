"""Corners that published PyTorch programs reach, cross-checked with torch in both modes: attention rows whose
every key is masked out (left padding with a causal mask), a cross-entropy batch whose targets are all ignored
(a microbatch of padding), masks with more dims than the tensor they fill. No NumPy warning may leak where torch
is silent."""
import warnings

import numpy as np
import pytest
import torch

import minigrad


def _both(fn, reference):
    """fn(lib) -> (output, inputs): the outputs and every input's gradient (random upstream) for both libraries."""
    got = []
    for lib in (torch, minigrad):
        with minigrad.reference_mode(reference), warnings.catch_warnings():
            warnings.simplefilter("error", RuntimeWarning)
            out, inputs = fn(lib)
            g = np.random.default_rng(3).standard_normal(tuple(out.shape)).astype(np.float32)
            grads = lib.autograd.grad(out, inputs, lib.tensor(g), allow_unused=True)
            got.append((out.detach().numpy(), [None if x is None else x.numpy() for x in grads]))
    (to, tg), (mo, mg) = got
    np.testing.assert_allclose(mo, to, rtol=1e-5, atol=1e-6)
    for a, b in zip(mg, tg):
        assert (a is None) == (b is None)
        if a is not None:
            np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def _qkv(lib, shape=(2, 2, 4, 8)):
    rng = np.random.default_rng(0)
    return [lib.tensor(rng.standard_normal(shape).astype(np.float32), requires_grad=True) for _ in range(3)]


MASKS = {
    "bool, one query blind": lambda lib: lib.tensor([[False] * 4, [True, False, False, False],
                                                     [True, True, False, False], [True] * 4]),
    "bool, per batch": lambda lib: lib.tensor([[[[False] * 4] * 4], [[[True] * 4] * 4]]),
    "float -inf rows": lambda lib: lib.tensor([[float("-inf")] * 4, [0.0] * 4, [0.0, float("-inf"), 0.0, 0.0],
                                               [float("-inf")] * 4]),
    "padding and causal": lambda lib: lib.ones(4, 4, dtype=lib.bool).tril() & lib.tensor([False, True, True, True]),
}


@pytest.mark.parametrize("reference", [False, True], ids=["normal", "reference"])
@pytest.mark.parametrize("mask", list(MASKS))
def test_attention_to_no_key_gives_zeros(mask, reference):
    def fn(lib):
        q, k, v = _qkv(lib)
        return lib.nn.functional.scaled_dot_product_attention(q, k, v, attn_mask=MASKS[mask](lib)), [q, k, v]
    _both(fn, reference)


TARGETS = {"all ignored": [-100, -100, -100], "some ignored": [-100, 2, -100], "none ignored": [1, 2, 0]}


@pytest.mark.parametrize("reference", [False, True], ids=["normal", "reference"])
@pytest.mark.parametrize("loss", ["cross_entropy", "nll_loss", "cross_entropy smoothed"])
@pytest.mark.parametrize("targets", list(TARGETS))
def test_cross_entropy_of_ignored_targets(targets, loss, reference):
    x0 = np.random.default_rng(1).standard_normal((3, 5)).astype(np.float32)
    outs = []
    for lib in (torch, minigrad):
        with minigrad.reference_mode(reference), warnings.catch_warnings():
            warnings.simplefilter("error", RuntimeWarning)
            x = lib.tensor(x0, requires_grad=True)
            y = lib.tensor(TARGETS[targets])
            F = lib.nn.functional
            if loss == "nll_loss":
                value = F.nll_loss(F.log_softmax(x, 1), y)
            else:
                value = F.cross_entropy(x, y, label_smoothing=0.1 if "smoothed" in loss else 0.0)
            value.backward(lib.tensor(0.7))
            outs.append((value.item(), x.grad.numpy()))
    (tv, tg), (mv, mg) = outs
    np.testing.assert_allclose(mv, tv, rtol=1e-5, equal_nan=True)
    np.testing.assert_allclose(mg, tg, rtol=1e-5, atol=1e-7)        # all ignored: zeros, not NaN


@pytest.mark.parametrize("reference", [False, True], ids=["normal", "reference"])
def test_masked_fill_with_a_bigger_mask_broadcasts(reference):
    def fn(lib):
        x = lib.tensor(np.arange(16.0, dtype=np.float32).reshape(4, 4), requires_grad=True)
        mask = lib.ones(2, 4, 4, dtype=lib.bool).tril()
        return x.masked_fill(mask, -1.0), [x]
    _both(fn, reference)


def test_masked_fill_errors_as_torch():
    for lib in (torch, minigrad):
        with pytest.raises(RuntimeError):
            lib.zeros(4).masked_fill(lib.ones(3, dtype=lib.bool), 1.0)
        with pytest.raises(RuntimeError):
            lib.zeros(4, 4).masked_fill_(lib.ones(2, 4, 4, dtype=lib.bool), 1.0)


def test_softmax_of_a_masked_row_is_nan_silently():
    for lib in (torch, minigrad):
        with warnings.catch_warnings():
            warnings.simplefilter("error", RuntimeWarning)
            assert np.isinf(lib.tensor([1000.0, 1.0]).exp().numpy()[0])           # exp overflow: inf, no warning
            assert np.isnan(lib.softmax(lib.tensor([float("-inf")] * 3), 0).numpy()).all()
            assert np.isnan(lib.log_softmax(lib.tensor([float("-inf")] * 3), 0).numpy()).all()


@pytest.mark.parametrize("reference", [False, True], ids=["normal", "reference"])
def test_clamp_selects_when_the_upstream_gradient_is_infinite(reference):
    """1/(clamp(a, min=1) - 1) at a = 0.5: the upstream gradient is -inf, clamp's slope there 0; torch selects
    (gradient 0), it does not multiply (-inf · 0 = NaN). (At a bound itself torch's versions differ.)"""
    got = []
    for lib in (torch, minigrad):
        with minigrad.reference_mode(reference), warnings.catch_warnings():
            warnings.simplefilter("error", RuntimeWarning)
            a = lib.tensor([0.5, 2.0, 3.0], requires_grad=True)
            (1 / (a.clamp(min=1) - 1)).sum().backward()
            b = lib.tensor([0.5, 2.0, -3.0], requires_grad=True)
            (1 / (b.clamp(-1, 1) - 1)).sum().backward()
            got.append((a.grad.numpy(), b.grad.numpy()))
    for m, t in zip(got[1], got[0]):
        np.testing.assert_array_equal(m, t)
