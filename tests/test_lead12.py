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
