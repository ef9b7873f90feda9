"""Round twelve, the lead's fixes found while merging the helpers' reports, each against torch."""
import numpy as np
import pytest

from helpers import check, check_raises_as_torch

rng = np.random.default_rng(12)


# F.linear: torch broadcasts any bias to the output's shape (*input.shape[:-1], out_features); minigrad took
# only (out_features,) or (1,) and refused the rest ("bias of shape (3, 3) does not match out_features=3")
@pytest.mark.parametrize("x_shape, bias_shape", [((3, 4), (3, 3)), ((3, 4), (3, 1)), ((3, 4), (1, 3)),
                                                 ((2, 3, 4), (3, 3)), ((2, 3, 4), (2, 1, 3)), ((5, 4), ())])
def test_linear_broadcasts_its_bias_as_torch(x_shape, bias_shape):
    x = rng.standard_normal(x_shape).astype(np.float32)
    w = rng.standard_normal((3, 4)).astype(np.float32)
    b = np.asarray(rng.standard_normal(bias_shape), np.float32)
    check(lambda L, x, w, b: L.nn.functional.linear(x, w, b), x, w, b)


@pytest.mark.parametrize("code", ["lib.nn.functional.linear(lib.ones(3, 4), lib.ones(3, 4), lib.ones(4, 3))",
                                  "lib.nn.functional.linear(lib.ones(3, 4), lib.ones(3, 4), lib.ones(2, 3, 3))"])
def test_linear_refuses_a_bias_that_does_not_broadcast(code):
    check_raises_as_torch(code, "bias")


# The function and method forms of + - * / took NumPy arrays (x.add(ndarray) gave a value); torch refuses them
# with a TypeError. The operators take arrays in both libraries (x + ndarray is a float64 tensor; torch 2.13 refuses
# ndarray + x, ndarray - x and ndarray * x with NumPy's errors, which minigrad does not copy).
@pytest.mark.parametrize("code", ["lib.add(lib.ones(3), np.ones(3))", "lib.ones(3).add(np.ones(3))",
                                  "lib.ones(3).mul(np.ones(3))", "lib.sub(lib.ones(3), np.ones(()))",
                                  "lib.div(np.ones(3), lib.ones(3))", "lib.ones(3).true_divide(np.ones(3))",
                                  "lib.multiply(lib.ones(3), np.ones(3))", "lib.ones(3).subtract(np.ones(3))"])
def test_function_forms_refuse_numpy_arrays_as_torch(code):
    check_raises_as_torch(code, "numpy.ndarray")


@pytest.mark.parametrize("expr", ["x + a", "x - a", "x * a", "x / a", "a / x",
                                  "x.add(np.float64(2))", "x.mul(np.float32(0.5))", "x.div(np.int64(2))"])
def test_operators_and_numpy_scalars_still_work_as_torch(expr):
    import torch

    import minigrad
    a = np.array([1.0, 2.0, 4.0])
    got = {}
    for lib in (torch, minigrad):
        x = lib.tensor([1.0, -2.0, 3.0])
        got[lib] = eval(expr)
    assert str(got[minigrad].dtype) == str(got[torch].dtype)
    np.testing.assert_allclose(got[minigrad].numpy(), got[torch].numpy())
