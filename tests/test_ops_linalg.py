"""matmul and friends against torch: vectors, matrices, batches with broadcasting, non-square shapes."""
import numpy as np
import pytest

from helpers import check, rand

SHAPES = [
    ((3,), (3,)),
    ((3,), (3, 5)),
    ((4, 3), (3,)),
    ((4, 3), (3, 5)),
    ((2, 4, 3), (3, 5)),
    ((4, 3), (2, 3, 5)),
    ((2, 1, 4, 3), (3, 3, 5)),
    ((2, 4, 3), (2, 3, 5)),
    ((3,), (2, 3, 5)),
    ((2, 4, 3), (3,)),
]


@pytest.mark.parametrize("shapes", SHAPES, ids=str)
@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=lambda d: d.__name__)
def test_matmul(shapes, dtype, device):
    a, b = rand(*shapes[0], dtype=dtype, seed=50), rand(*shapes[1], dtype=dtype, seed=51)
    check(lambda t, x, y: x @ y, a, b, device=device)
    check(lambda t, x, y: t.matmul(x, y), a, b, device=device)


def test_mm_bmm_mv_dot_outer(device):
    check(lambda t, x, y: t.mm(x, y), rand(4, 3), rand(3, 2, seed=1), device=device)
    check(lambda t, x, y: t.bmm(x, y), rand(2, 4, 3), rand(2, 3, 2, seed=1), device=device)
    check(lambda t, x, y: t.mv(x, y), rand(4, 3), rand(3, seed=1), device=device)
    check(lambda t, x, y: t.dot(x, y), rand(3), rand(3, seed=1), device=device)
    check(lambda t, x, y: t.outer(x, y), rand(3), rand(4, seed=1), device=device)
    check(lambda t, c, x, y: t.addmm(c, x, y, beta=0.5, alpha=2), rand(4, 2, seed=2), rand(4, 3), rand(3, 2, seed=1),
          device=device)


def test_int_matmul(device):
    check(lambda t, x, y: x.long() @ y.long(), rand(2, 3) * 5, rand(3, 2, seed=1) * 5, device=device,
          grad=[False, False])


def test_reused_input_in_matmul(device):
    check(lambda t, x: x @ x.T @ x, rand(3, 4), device=device)
