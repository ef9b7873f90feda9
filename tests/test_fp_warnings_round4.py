"""torch gives inf/nan silently where NumPy warns (divide by zero, invalid value): the ops whose forward
minigrad computes in its own files are silent too, with torch's values. (The + - * / operators' fast paths, exp
overflow and softmax of inf still warn: see the note at the end.)"""
import warnings

import numpy as np
import pytest
import torch

import minigrad

CASES = [
    "lib.div(lib.tensor([1., 0., -1.]), 0)", "lib.div(lib.tensor([1., 0., -1.]), lib.zeros(3))",
    "lib.tensor([1., 0., -1.]).div(lib.zeros(3))", "lib.true_divide(lib.tensor([1., -1.]), 0.0)",
    "lib.log(lib.tensor([0., -1., 1.]))", "lib.tensor([0., -1.]).log()", "lib.log1p(lib.tensor([-1., -2.]))",
    "lib.sqrt(lib.tensor([-1., 0., 4.]))", "lib.pow(lib.tensor([-1., 0., 2.]), 0.5)", "lib.tensor([-8., 0.]) ** 0.5",
    "lib.pow(lib.tensor([0., 2.]), -1.0)", "lib.reciprocal(lib.tensor([0., 2.]))", "lib.rsqrt(lib.tensor([0., -1., 4.]))",
    "lib.tensor([0., 2.]).reciprocal()", "lib.ones(1).var()", "lib.ones(1).std()", "lib.ones(3, 1).var(1)",
    "lib.tensor([1., float('nan'), float('inf')]).to(lib.int32)", "lib.tensor([1., 0.]) // 0.0",
    "lib.remainder(lib.tensor([1., 0.]), 0.0)",
]


def _run(lib, code):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        return eval(code, {"lib": lib}), [(w.category, str(w.message)) for w in caught]


@pytest.mark.parametrize("code", CASES)
def test_silent_as_torch(code):
    """No RuntimeWarning; torch's own warnings (var of one value: a UserWarning) given as torch gives them."""
    t, tw = _run(torch, code)
    m, mw = _run(minigrad, code)
    assert [c for c, _ in mw] == [c for c, _ in tw], f"{code}: minigrad warned {mw}, torch {tw}"
    for (_, mm), (_, tm) in zip(mw, tw):
        assert tm.split(":")[0] in mm, f"{code}: {mm} vs torch's {tm}"
    assert tuple(m.shape) == tuple(t.shape)
    if t.dtype.is_floating_point:
        np.testing.assert_allclose(m.numpy(), t.numpy(), rtol=1e-6, equal_nan=True, err_msg=code)


def test_gradients_of_log_and_sqrt_at_zero_in_reference_mode_are_silent():
    """1/x at 0 in the backward: inf, as torch (the operator path of normal mode is the lead's fast path)."""
    with minigrad.reference_mode():
        for op in ("log", "sqrt"):
            x = minigrad.zeros(3, requires_grad=True)
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                getattr(x, op)().sum().backward()
            assert np.isinf(x.grad.numpy()).all()
