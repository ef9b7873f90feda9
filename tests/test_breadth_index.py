"""Scans (cummax, cummin, logcumsumexp) and scatter/index ops with reductions: against torch."""
import numpy as np
import pytest
import torch

import minigrad
from helpers import check, rand

DTYPES = [np.float64, np.float32]


def ties(*shape, seed=0):
    """Small integers as floats: plenty of equal values."""
    return np.random.default_rng(seed).integers(-2, 3, size=shape).astype(np.float64)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("fn", ["cummax", "cummin"])
@pytest.mark.parametrize("dim", [0, 1, -1])
def test_cummax_cummin_match_torch(fn, dim, dtype, device):
    check(lambda L, x: getattr(L, fn)(x, dim), rand(4, 5, 3, dtype=dtype, seed=1), device=device)
    check(lambda L, x: getattr(x, fn)(dim), ties(4, 5, 3, seed=2).astype(dtype), device=device)   # ties
    check(lambda L, x: getattr(L, fn)(x.transpose(0, 2), dim), rand(4, 5, 3, dtype=dtype, seed=3), device=device)


def test_cummax_nan_ints_0d_and_result_names():
    x = np.array([1.0, 3, 3, 2, 5, np.nan, 1, np.nan, 7])
    check(lambda L, t: L.cummax(t, 0), x)
    check(lambda L, t: L.cummin(t, 0), x)
    check(lambda L, t: L.cummax(t, 0), np.array([[3, 1, 4], [1, 5, 9]]))
    check(lambda L, t: L.cummin(t, 0), np.array(2.5))
    r = minigrad.cummax(minigrad.tensor([1.0, 2.0]), 0)
    assert r.indices.tolist() == [0, 1] and r.values.tolist() == [1.0, 2.0]
    assert r.values.requires_grad is False


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("dim", [0, 1])
def test_logcumsumexp_matches_torch(dim, dtype, device):
    check(lambda L, x: L.logcumsumexp(x, dim), rand(4, 6, dtype=dtype, seed=1, low=-5, high=5), device=device)
    check(lambda L, x: x.logcumsumexp(dim), rand(4, 6, dtype=dtype, seed=2, low=-500, high=500), device=device)


def test_logcumsumexp_extremes_and_second_derivative():
    check(lambda L, x: L.logcumsumexp(x, 0), np.array([0.0, -1000.0, 1000.0, -np.inf, 3.0]))
    x, up = rand(6, seed=1), rand(6, seed=2)

    def second(L):
        t = L.tensor(x, requires_grad=True)
        g, = L.autograd.grad(L.logcumsumexp(t, 0), t, L.tensor(up), create_graph=True)
        return [g.detach().numpy(), L.autograd.grad((g * g).sum(), t)[0].numpy()]
    for m, t in zip(second(minigrad), second(torch)):
        np.testing.assert_allclose(m, t, rtol=1e-8, atol=1e-10)


def test_cummax_second_derivative():
    x, up = rand(3, 5, seed=1), rand(3, 5, seed=2)

    def second(L):
        t = L.tensor(x, requires_grad=True)
        v = L.cummax(t * t, 1).values
        g, = L.autograd.grad(v, t, L.tensor(up), create_graph=True)
        return L.autograd.grad((g ** 3).sum(), t)[0].numpy()
    np.testing.assert_allclose(second(minigrad), second(torch), rtol=1e-9)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("include_self", [True, False])
@pytest.mark.parametrize("reduce", ["sum", "prod", "mean", "amax", "amin"])
@pytest.mark.parametrize("dim", [0, 1])
def test_scatter_reduce_matches_torch(reduce, include_self, dim, dtype, device):
    rng = np.random.default_rng(3)
    x = rand(3, 5, dtype=dtype, seed=1)
    idx = rng.integers(0, x.shape[dim], size=(4, 5) if dim == 0 else (3, 4))
    src = rand(*idx.shape, dtype=dtype, seed=2)
    check(lambda L, a, i, s: a.scatter_reduce(dim, i, s, reduce, include_self=include_self), x, idx, src,
          device=device)
    # a src larger than the index: only its leading part is used (torch's backward rejects this case,
    # so the forward is compared)
    big = rand(5, 6, dtype=dtype, seed=4)
    check(lambda L, a, i, s: a.scatter_reduce(dim, i, s, reduce, include_self=include_self), x, idx, big,
          device=device, grad=[False, False, False])


@pytest.mark.parametrize("include_self", [True, False])
@pytest.mark.parametrize("reduce", ["prod", "amax", "amin", "mean"])
def test_scatter_reduce_with_ties_and_zeros(reduce, include_self, device):
    x, src = ties(3, 4, seed=1), ties(5, 4, seed=2)
    idx = np.random.default_rng(4).integers(0, 3, size=(5, 4))
    check(lambda L, a, i, s: L.scatter_reduce(a, 0, i, s, reduce, include_self=include_self), x, idx, src,
          device=device)


def test_scatter_reduce_integers_second_derivative_and_errors():
    x = np.array([[5, 7, 9]])
    idx = np.array([[0, 0, 2]])
    for reduce in ("sum", "mean", "prod", "amax", "amin", "max", "min"):
        for inc in (True, False):
            check(lambda L, a, i, s: a.scatter_reduce(1, i, s, reduce, include_self=inc), x, idx, np.array([[2, 4, 3]]))
    a, s, up = rand(3, 4, seed=1), rand(3, 4, seed=2), rand(3, 4, seed=3)
    i = np.random.default_rng(0).integers(0, 3, size=(3, 4))
    for reduce in ("sum", "mean", "amax", "prod"):
        def second(L):
            ta, ts = L.tensor(a, requires_grad=True), L.tensor(s, requires_grad=True)
            out = ta.scatter_reduce(0, L.tensor(i), ts * ts, reduce)
            ga, gs = L.autograd.grad(out, (ta, ts), L.tensor(up), create_graph=True)
            found = L.autograd.grad((ga * gs).sum() + (gs ** 3).sum(), (ta, ts), allow_unused=True)
            return [np.zeros(a.shape) if g is None else g.numpy() for g in found]
        for m, t in zip(second(minigrad), second(torch)):
            np.testing.assert_allclose(m, t, rtol=1e-8, atol=1e-10, err_msg=reduce)
    for L in (torch, minigrad):
        z = L.zeros(3, 4)
        with pytest.raises(RuntimeError):
            z.scatter_reduce(0, L.tensor([[0, 1]]), z, "add")
        with pytest.raises(RuntimeError):
            z.scatter_reduce(0, L.tensor([[0, 3]]), z, "sum")
        with pytest.raises(RuntimeError):
            z.scatter_reduce(0, L.tensor([[0, -1]]), z, "sum")
        with pytest.raises(RuntimeError):
            z.scatter_reduce(0, L.tensor([[0.0, 1.0]]), z, "sum")
        with pytest.raises(RuntimeError):
            z.scatter_reduce(0, L.tensor([[0, 1]]), z.double(), "sum")


@pytest.mark.filterwarnings("ignore:The reduce argument of torch.scatter")
@pytest.mark.parametrize("reduce", [None, "add", "multiply"])
def test_scatter_with_a_value_and_reduce(reduce, device):
    idx = np.array([[0, 1, 2, 0], [2, 0, 0, 1]])
    kw = {} if reduce is None else dict(reduce=reduce)
    grad = None if reduce is None else [False, False, False]       # torch has no derivative for reduce=
    check(lambda L, x, i: x.scatter(0, i, 2.5, **kw), rand(3, 4, seed=1), idx, device=device, grad=grad and grad[:2])
    check(lambda L, x, i: L.scatter(x, 0, i, value=-1.5, **kw), rand(3, 4, seed=1), idx, device=device,
          grad=grad and grad[:2])
    check(lambda L, x, i, s: L.scatter(x, 0, i, s, **kw), rand(3, 4, seed=1), idx, rand(2, 4, seed=2), device=device,
          grad=grad)
    if reduce is not None:        # minigrad differentiates it: as torch's scatter_reduce of the same meaning
        same = {"add": "sum", "multiply": "prod"}[reduce]
        check(lambda L, x, i, s: L.scatter(x, 0, i, s, reduce=reduce) if L is minigrad else
              x.scatter_reduce(0, i, s, same), rand(3, 4, seed=1), idx, rand(2, 4, seed=2), device=device)


@pytest.mark.parametrize("dim", [0, 1, -1])
def test_index_copy_fill_add_match_torch(dim, device):
    x = rand(4, 5, 3, seed=1)
    n = x.shape[dim]
    idx = np.random.default_rng(2).permutation(n)[:3]
    shape = list(x.shape)
    shape[dim] = 3
    src = rand(*shape, seed=3)
    check(lambda L, a, i, s: a.index_copy(dim, i, s), x, idx, src, device=device)
    check(lambda L, a, i, s: L.index_copy(a, dim, i, s), x, idx, src, device=device)
    check(lambda L, a, i: a.index_fill(dim, i, -2.0), x, idx, device=device)
    check(lambda L, a, i, v: a.index_fill(dim, i, v), x, idx, np.array(3.5), device=device)
    rep = np.array([0, 1, 0])
    check(lambda L, a, i, s: a.index_add(dim, i, s, alpha=2.0), x, rep, src, device=device)


@pytest.mark.filterwarnings("ignore:index_reduce")
@pytest.mark.parametrize("include_self", [True, False])
@pytest.mark.parametrize("reduce", ["prod", "mean", "amax", "amin"])
def test_index_reduce_matches_torch(reduce, include_self, device):
    x, src = rand(4, 3, seed=1), rand(5, 3, seed=2)
    idx = np.array([0, 2, 0, 3, 2])
    check(lambda L, a, i, s: a.index_reduce(0, i, s, reduce, include_self=include_self), x, idx, src, device=device)


def test_in_place_forms():
    t, m = torch.zeros(3, 4), minigrad.zeros(3, 4)
    i = [[0, 1, 2, 0]]
    t.scatter_reduce_(0, torch.tensor(i), torch.ones(1, 4) * 2, "amax", include_self=False)
    m.scatter_reduce_(0, minigrad.tensor(i), minigrad.ones(1, 4) * 2, "amax", include_self=False)
    t.index_fill_(1, torch.tensor([3]), 7.0)
    m.index_fill_(1, minigrad.tensor([3]), 7.0)
    t.index_copy_(0, torch.tensor([2]), torch.full((1, 4), 5.0))
    m.index_copy_(0, minigrad.tensor([2]), minigrad.full((1, 4), 5.0))
    assert m.tolist() == t.tolist()


def test_index_errors_like_torch():
    for L in (torch, minigrad):
        x = L.zeros(3, 4)
        with pytest.raises(IndexError):
            x.index_fill(0, L.tensor([5]), 1.0)
        with pytest.raises(IndexError):
            x.index_copy(0, L.tensor([0, 1]), L.zeros(3, 4))
        with pytest.raises(RuntimeError):
            x.index_copy(0, L.tensor([0, 1]), L.zeros(2, 5))
        with pytest.raises(RuntimeError):
            x.index_copy(0, L.tensor([0]), L.zeros(1, 4, dtype=L.float64))


@pytest.mark.filterwarnings("ignore:The reduce argument of torch.scatter")
@pytest.mark.parametrize("reduce", [None, "add", "multiply"])
def test_scatter_in_place_with_reduce(reduce):
    idx = [[0, 1, 0], [2, 0, 0]]
    t, m = torch.arange(12.0).reshape(3, 4), minigrad.arange(12.0).reshape(3, 4)
    t.scatter_(0, torch.tensor(idx), 3.0, reduce=reduce) if reduce else t.scatter_(0, torch.tensor(idx), 3.0)
    m.scatter_(0, minigrad.tensor(idx), 3.0, reduce=reduce)
    assert m.tolist() == t.tolist()
    src = torch.arange(6.0).reshape(2, 3) + 1
    t.scatter_(1, torch.tensor(idx), src, reduce=reduce) if reduce else t.scatter_(1, torch.tensor(idx), src)
    m.scatter_(1, minigrad.tensor(idx), minigrad.tensor(src.numpy()), reduce=reduce)
    assert m.tolist() == t.tolist()
