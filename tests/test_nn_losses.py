"""Losses against torch over all their options, including logits of +-1e4."""
import numpy as np
import pytest

import minigrad
from helpers import check, rand

REDUCTIONS = ["mean", "sum", "none"]


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("smoothing", [0.0, 0.2])
@pytest.mark.parametrize("ignore", [False, True])
def test_cross_entropy_class_indices(reduction, weighted, smoothing, ignore, device):
    logits = rand(6, 5, seed=1) * 3
    target = np.array([0, 4, 2, 2, 1, 3])
    if ignore:
        target[2] = -100
    w = rand(5, seed=2, low=0.2, high=2.0)

    def f(t, x, y, w):
        return t.nn.functional.cross_entropy(x, y, weight=w if weighted else None, reduction=reduction,
                                             label_smoothing=smoothing)
    check(f, logits, target, w, device=device, grad=[True, False, False])


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_cross_entropy_spatial_and_custom_ignore_index(reduction, device):
    logits = rand(2, 4, 3, 5, seed=3)
    target = np.random.default_rng(0).integers(0, 4, size=(2, 3, 5))
    target[0, 1, 2] = 7
    check(lambda t, x, y: t.nn.functional.cross_entropy(x, y, ignore_index=7, reduction=reduction), logits,
          target, device=device, grad=[True, False])


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("smoothing", [0.0, 0.1])
def test_cross_entropy_class_probabilities(reduction, smoothing, device):
    logits = rand(4, 3, seed=4)
    probs = np.random.default_rng(1).dirichlet(np.ones(3), size=4)
    w = rand(3, seed=5, low=0.5, high=1.5)
    check(lambda t, x, p, w: t.nn.functional.cross_entropy(x, p, weight=w, reduction=reduction,
                                                           label_smoothing=smoothing),
          logits, probs, w, device=device, grad=[True, True, False])


def test_cross_entropy_single_sample_and_module(device):
    check(lambda t, x, y: t.nn.CrossEntropyLoss()(x, y), rand(5, seed=6), np.array(3), device=device,
          grad=[True, False])


@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=lambda d: d.__name__)
def test_cross_entropy_finite_at_huge_logits(dtype, device):
    logits = np.array([[1e4, -1e4, 0.0], [-1e4, 1e4, 1e4], [0.0, 0.0, -1e4]], dtype=dtype)
    target = np.array([1, 2, 0])
    out = check(lambda t, x, y: t.nn.functional.cross_entropy(x, y), logits, target, device=device,
                grad=[True, False])
    assert np.isfinite(out[0].item())


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_nll_loss(reduction, device):
    logp = np.log(np.random.default_rng(2).dirichlet(np.ones(4), size=5))
    target = np.array([0, 3, -100, 1, 1])
    w = rand(4, seed=7, low=0.1, high=2)
    check(lambda t, x, y, w: t.nn.NLLLoss(weight=w, reduction=reduction)(x, y), logp, target, w, device=device,
          grad=[True, False, False])


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_mse_l1_smooth_l1(reduction, device):
    a, b = rand(3, 4, seed=8), rand(3, 4, seed=9)
    check(lambda t, x, y: t.nn.functional.mse_loss(x, y, reduction=reduction), a, b, device=device)
    check(lambda t, x, y: t.nn.MSELoss(reduction=reduction)(x, y), a, b, device=device)
    check(lambda t, x, y: t.nn.L1Loss(reduction=reduction)(x, y), a, b, device=device)
    check(lambda t, x, y: t.nn.SmoothL1Loss(reduction=reduction, beta=0.5)(x, y), a, b, device=device)


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("weighted", [False, True])
def test_bce_with_logits(reduction, weighted, device):
    x = rand(4, 3, seed=10) * 5
    x[0, 0], x[1, 1] = 1e4, -1e4
    y = (rand(4, 3, seed=11) > 0).astype(np.float64)
    w = rand(4, 3, seed=12, low=0.5, high=2.0)
    pw = rand(3, seed=13, low=0.5, high=3.0)
    if weighted:
        f = lambda t, x, y, w, pw: t.nn.BCEWithLogitsLoss(weight=w, pos_weight=pw, reduction=reduction)(x, y)  # noqa
        check(f, x, y, w, pw, device=device, grad=[True, False, False, False])
    else:
        check(lambda t, x, y: t.nn.functional.binary_cross_entropy_with_logits(x, y, reduction=reduction), x, y,
              device=device, grad=[True, True])


def test_bce(device):
    p = rand(4, 3, seed=14, low=0.05, high=0.95)
    y = (rand(4, 3, seed=15) > 0).astype(np.float64)
    check(lambda t, p, y: t.nn.BCELoss()(p, y), p, y, device=device)


def test_loss_input_errors():
    F = minigrad.nn.functional
    x = minigrad.randn(4, 3)
    with pytest.raises(RuntimeError, match="Long or Byte, but got Float.*int64.*float32.*long"):
        F.cross_entropy(x, minigrad.tensor([0.0, 1.0, 2.0, 1.0]))
    with pytest.raises(ValueError, match=r"Expected input batch_size \(4\) to match target batch_size \(3\)"):
        F.cross_entropy(x, minigrad.tensor([0, 1, 2]))
    with pytest.raises(IndexError, match=r"Target 3 is out of bounds.*\[0, 3\)"):
        F.cross_entropy(x, minigrad.tensor([0, 1, 3, 1]))
    with pytest.raises(IndexError, match="Target -1 is out of bounds"):
        F.nll_loss(x, minigrad.tensor([0, -1, 2, 1]))
    with pytest.raises(ValueError, match="reduction"):
        F.mse_loss(x, x, reduction="avg")
    with pytest.raises(RuntimeError, match="weight must be a tensor of shape \\(3,\\)"):
        F.cross_entropy(x, minigrad.tensor([0, 1, 2, 1]), weight=minigrad.ones(4))
    with pytest.warns(UserWarning, match="different to the input size"):
        F.mse_loss(minigrad.ones(3, 1), minigrad.ones(3))
    with pytest.raises(RuntimeError, match="between 0 and 1.*with_logits"):
        F.binary_cross_entropy(x, minigrad.ones(4, 3))


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_cross_entropy_double_backward(reduction, device):
    def f(t, x, w):
        loss = t.nn.functional.cross_entropy(x * 2, t.tensor([1, 0, 2], device=x.device), weight=w,
                                             reduction=reduction)
        (g,) = t.autograd.grad(loss.sum(), x, create_graph=True)
        return (g * g).sum()
    check(f, rand(3, 4, seed=20), rand(4, seed=21, low=0.5, high=1.5), device=device, grad=[True, False])
