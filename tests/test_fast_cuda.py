"""The fused CUDA kernels of ``minigrad/fast/cuda_kernels.py`` against the plain array code they
replace (reference mode runs the latter on the same GPU): im2col/col2im in both layouts, window
max/scatter, cross-entropy forward and backward, and the optimizers' axpy."""
import numpy as np
import pytest

import minigrad
import minigrad.nn.functional as F

CUDA = minigrad.cuda.is_available()
from helpers import rand

pytestmark = [pytest.mark.cuda, pytest.mark.skipif(not CUDA, reason="needs CuPy and a GPU")]


def _both_modes(fn):
    out = []
    for reference in (False, True):
        with minigrad.reference_mode(reference):
            out.append(fn())
    return out


@pytest.mark.parametrize("stride,padding,dilation,groups", [(1, 1, 1, 1), (2, 0, 1, 1), (1, 2, 2, 1), (1, 1, 1, 2)])
def test_conv2d_kernels_match_the_array_code(stride, padding, dilation, groups):
    def run():
        x = minigrad.tensor(rand(3, 4, 9, 9, seed=1), device="cuda", requires_grad=True)
        w = minigrad.tensor(rand(6, 4 // groups, 3, 3, seed=2), device="cuda", requires_grad=True)
        y = F.conv2d(x, w, None, stride, padding, dilation, groups)
        y.backward(minigrad.tensor(rand(*y.shape, seed=3), device="cuda"))
        return y.detach().cpu().numpy(), x.grad.cpu().numpy(), w.grad.cpu().numpy()
    for a, b in zip(*_both_modes(run)):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("kernel,stride", [(2, 2), (3, 2), (3, 1)])
def test_max_pool_kernels_match_the_array_code(kernel, stride):
    def run():
        data = rand(2, 3, 8, 8, seed=4)
        data[0, 0, :2, :2] = 1.0                       # ties: the first position wins in both
        x = minigrad.tensor(data, device="cuda", requires_grad=True)
        y = F.max_pool2d(x, kernel, stride)
        y.backward(minigrad.tensor(rand(*y.shape, seed=5), device="cuda"))
        return y.detach().cpu().numpy(), x.grad.cpu().numpy()
    for a, b in zip(*_both_modes(run)):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_cross_entropy_kernels_match_the_array_code(reduction):
    def run():
        x = minigrad.tensor(rand(6, 5, seed=6), device="cuda", requires_grad=True)
        t = minigrad.tensor(np.array([0, 4, 2, -100, 1, 3]), device="cuda")
        w = minigrad.tensor(rand(5, seed=7, low=0.5, high=2.0), device="cuda")
        loss = F.cross_entropy(x, t, weight=w, reduction=reduction)
        loss.backward(minigrad.tensor(rand(*loss.shape, seed=8), device="cuda"))
        return loss.detach().cpu().numpy(), x.grad.cpu().numpy()
    for a, b in zip(*_both_modes(run)):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12)


def test_axpy_matches_the_array_code():
    def run():
        p = minigrad.tensor(rand(1000, dtype=np.float32, seed=9), device="cuda")
        g = minigrad.tensor(rand(1000, dtype=np.float32, seed=10), device="cuda")
        with minigrad.no_grad():
            p.add_(g, alpha=-0.01)
        return p.cpu().numpy()
    a, b = _both_modes(run)
    np.testing.assert_allclose(a, b, rtol=1e-6)
