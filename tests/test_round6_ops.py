"""Round 6 of the op checks, compared with torch: zero-size inputs (softmax, prod's gradient, median, chunk,
logsumexp's gradient), std/var at their edges (a constant input, no degrees of freedom left, values whose
squares leave float32's range), and the other findings of the op-suite and bad-call probes. Each case compares
the value and every input's gradient under a random upstream gradient (``helpers.check``), or the raised class
and a message that names the op."""
import warnings

import numpy as np
import pytest
import torch

import minigrad
from helpers import TORCH_VERSION, check, check_raises_as_torch, check_value_as_torch


def f32(a):
    return np.asarray(a, dtype=np.float32)


RNG = np.random.default_rng(6)
X45 = f32(RNG.standard_normal((4, 5)))


# --- zero-size inputs -------------------------------------------------------------------------------------
@pytest.mark.parametrize("fn, shape", [
    (lambda L, x: L.nn.functional.softmax(x, 0), (0, 3)),
    (lambda L, x: L.nn.functional.softmax(x, 1), (0, 3)),
    (lambda L, x: L.nn.functional.log_softmax(x, 1), (2, 0)),
    (lambda L, x: x.softmax(0), (0,)),
    (lambda L, x: x.prod(1), (2, 0)),
    (lambda L, x: x.prod(), (0,)),
    (lambda L, x: x.prod(0), (0, 3)),
    (lambda L, x: x.prod(0, keepdim=True), (0, 3)),
    (lambda L, x: x.median(), (0,)),
    (lambda L, x: x.nanmedian(), (0, 2)),
    (lambda L, x: x.logsumexp(0), (0, 3)),
    (lambda L, x: x.logsumexp(1, keepdim=True), (3, 0)),
    (lambda L, x: L.cat(x.chunk(2, 0)), (0, 3)),
    (lambda L, x: x.chunk(3, 0), (0, 3)),
    (lambda L, x: x.chunk(2, 1), (3, 0)),
    (lambda L, x: x.split(2, 0), (0, 3)),
    (lambda L, x: x.mean(0), (0, 3)),
])
def test_zero_size_inputs_as_torch(fn, shape):
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)           # no NumPy warning leaks (torch is silent)
        check(fn, np.zeros(shape, np.float32))


def test_mean_of_nothing_is_nan_silently():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert np.isnan(minigrad.ones(0).mean().item())


# --- std / var ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("fn, x", [
    (lambda L, x: x.std(), np.ones(4, np.float32)),                         # constant: gradient 0, not nan
    (lambda L, x: x.var(), np.ones(4, np.float32)),
    (lambda L, x: x.std(0, unbiased=False), np.ones((3, 2), np.float32)),
    (lambda L, x: x.std(1, keepdim=True), np.full((2, 3), 7.0, np.float32)),
    (lambda L, x: x.var(correction=4), f32([1, 2, 3, 5])),                 # no degrees of freedom: inf
    (lambda L, x: x.var(correction=5), f32([1, 2, 3, 5])),
    (lambda L, x: x.var(correction=4), f32([2, 2, 2, 2])),                 # ... nan where x is the mean
    (lambda L, x: x.var(1, correction=5), X45),                            # along a dim: +-inf
    (lambda L, x: x.var(1, correction=6), X45),                            # ... a negative factor
    (lambda L, x: x.std(1, correction=6, keepdim=True), X45),
    (lambda L, x: x.std(), f32([1e20, 1e20, 3e19])),                       # squares beyond float32
    (lambda L, x: x.std(), f32([1e-25, 0, 3e-25])),                        # squares below float32
    (lambda L, x: x.var(0), f32([[1e19, -1e19], [3e19, 2e19]])),
    (lambda L, x: x.std((0, 2)), f32(RNG.standard_normal((3, 4, 5)))),
    (lambda L, x: x.var(0), RNG.standard_normal((3, 4))),
    (lambda L, x: x.std(), np.float32(2.0)),
    (lambda L, x: L.std_mean(x, 1), X45),
    (lambda L, x: L.var_mean(x, 0, correction=0), X45),
])
def test_std_var_edges_as_torch(fn, x):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)             # torch and minigrad both warn at dof <= 0
        warnings.simplefilter("error", RuntimeWarning)
        check(fn, np.asarray(x))


def test_std_var_grad_fn_names():
    x = minigrad.ones(3, requires_grad=True)
    assert x.std().grad_fn.name() == "StdBackward0" and x.var(0).grad_fn.name() == "VarBackward0"


def test_std_var_double_backward_as_torch():
    def fn(L, x):
        g, = L.autograd.grad(x.std(1).sum(), x, create_graph=True)
        return (g * g).sum()
    check(fn, X45.astype(np.float64))
