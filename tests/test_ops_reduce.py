"""Reductions and the softmax family against torch, with and without keepdim, over several dims."""
import numpy as np
import pytest

from helpers import check, rand

DIMS = [None, 0, 1, -1, (0, 2), (1, 2), (0, 1, 2)]


@pytest.mark.parametrize("op", ["sum", "mean", "amax", "amin", "norm", "logsumexp", "var", "std"])
@pytest.mark.parametrize("dim", DIMS, ids=str)
@pytest.mark.parametrize("keepdim", [False, True])
@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=lambda d: d.__name__)
def test_reduction(op, dim, keepdim, dtype, device):
    a = rand(2, 3, 4, dtype=dtype, seed=7)
    if op == "logsumexp" and dim is None:
        dim = (0, 1, 2)
    if op in ("amax", "amin") and dim is None:
        fn = lambda t, x: getattr(t, op)(x, dim=(0, 1, 2), keepdim=keepdim)  # noqa: E731
    elif op == "norm":
        fn = lambda t, x: t.norm(x, p=2, dim=dim, keepdim=keepdim)  # noqa: E731
    elif dim is None:
        if keepdim:
            pytest.skip("torch has no keepdim for full reductions without dim")
        fn = lambda t, x: getattr(x, op)()  # noqa: E731
    else:
        fn = lambda t, x: getattr(x, op)(dim, keepdim=keepdim)  # noqa: E731
    check(fn, a, device=device)


def test_sum_int_gives_int64(device):
    check(lambda t, x: (x > 0).sum(), rand(3, 4), device=device, grad=[False])
    check(lambda t, x: x.long().sum(1), rand(3, 4) * 4, device=device, grad=[False])


@pytest.mark.parametrize("dim", [0, 1, -1])
@pytest.mark.parametrize("keepdim", [False, True])
def test_max_min_with_dim_return_values_and_indices(dim, keepdim, device):
    a = rand(3, 4, 5, seed=8)
    check(lambda t, x: tuple(x.max(dim, keepdim=keepdim)), a, device=device)
    check(lambda t, x: tuple(t.min(x, dim=dim, keepdim=keepdim)), a, device=device)
    check(lambda t, x: x.max(dim=dim).values * 2 + x.max(dim).indices, a, device=device)


def test_max_ties(device):
    a = np.array([[1.0, 3.0, 3.0], [2.0, 2.0, 0.0]])
    check(lambda t, x: x.max(), a, device=device)             # ties share the gradient
    check(lambda t, x: x.max(1)[0], a, device=device)          # the first max takes it
    check(lambda t, x: t.amax(x, 1), a, device=device)
    check(lambda t, x: x.max(1).indices, a, device=device, grad=[False])


def test_max_of_two_tensors_is_maximum(device):
    check(lambda t, x, y: t.max(x, y), rand(3, 4, seed=1), rand(4, seed=2), device=device)


@pytest.mark.parametrize("p", [1, 2, 3, float("inf"), "fro"])
def test_norm_orders(p, device):
    a = rand(4, 5, seed=9)
    check(lambda t, x: t.norm(x, p=p), a, device=device)
    check(lambda t, x: x.norm(p=p, dim=1), a, device=device)


def test_norm_gradient_at_zero_is_zero(device):
    check(lambda t, x: t.norm(x), np.zeros((3,)), device=device)
    check(lambda t, x: t.norm(x, dim=1), np.array([[0.0, 0.0], [3.0, 4.0]]), device=device)


def test_linalg_norm(device):
    check(lambda t, x: t.linalg.norm(x), rand(3, 4, seed=3), device=device)
    check(lambda t, x: t.linalg.vector_norm(x, ord=1, dim=0), rand(3, 4, seed=3), device=device)


@pytest.mark.parametrize("fn", ["softmax", "log_softmax"])
@pytest.mark.parametrize("dim", [0, 1, -1])
@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=lambda d: d.__name__)
def test_softmax_family(fn, dim, dtype, device):
    a = rand(3, 4, 5, dtype=dtype, seed=10) * 3
    check(lambda t, x: getattr(t, fn)(x, dim=dim), a, device=device)
    check(lambda t, x: getattr(x, fn)(dim), a, device=device)


@pytest.mark.parametrize("fn", ["softmax", "log_softmax"])
def test_softmax_is_stable_at_huge_logits(fn, device):
    a = np.array([[1e4, -1e4, 0.0], [1000.0, 1000.0, -1e4]], dtype=np.float32)
    out = check(lambda t, x: getattr(t, fn)(x, dim=1), a, device=device)
    assert np.isfinite(out[0].detach().cpu().numpy()).all() or fn == "log_softmax"


def test_cumsum_prod(device):
    a = rand(3, 4, seed=11) + 0.5
    check(lambda t, x: x.cumsum(1), a, device=device)
    check(lambda t, x: t.cumsum(x, dim=0), a, device=device)
    check(lambda t, x: x.prod(), a, device=device)
    check(lambda t, x: x.prod(1), a, device=device)
    check(lambda t, x: x.prod(0, keepdim=True), a, device=device)
    check(lambda t, x: x.cumprod(1), a, device=device)


def test_prod_with_zero(device):
    check(lambda t, x: x.prod(1), np.array([[0.0, 2.0, 3.0], [1.0, 0.0, 0.0]]), device=device)


def test_argmax_argmin(device):
    a = rand(3, 4, seed=12)
    check(lambda t, x: (x.argmax(), x.argmin(), x.argmax(1), x.argmin(0, keepdim=True)), a, device=device,
          grad=[False])


def test_any_all_count(device):
    a = rand(3, 4, seed=13)
    check(lambda t, x: ((x > 0).any(), (x > 0).all(1), (x > 1).any(0), t.count_nonzero(x > 0)), a,
          device=device, grad=[False])


@pytest.mark.parametrize("dim", [0, 1, -1])
@pytest.mark.parametrize("descending", [False, True])
def test_sort_argsort_topk(dim, descending, device):
    a = rand(4, 5, seed=14)             # distinct values: the order is unique
    check(lambda t, x: tuple(t.sort(x, dim=dim, descending=descending)), a, device=device)
    check(lambda t, x: x.argsort(dim=dim, descending=descending), a, device=device, grad=[False])
    check(lambda t, x: tuple(x.topk(2, dim=dim, largest=not descending)), a, device=device)
