"""median, nanmedian, kthvalue, mode, quantile, nanquantile, nanmean, aminmax, msort: values, indices
(ties resolved as torch resolves them) and gradients against torch."""
import numpy as np
import pytest
import torch

import minigrad
from helpers import check, rand, to_np


def ties(*shape, seed=0):
    return np.random.default_rng(seed).integers(-2, 3, size=shape).astype(np.float64)


def with_nans(*shape, seed=0):
    a = rand(*shape, seed=seed)
    a[np.random.default_rng(seed).random(shape) < 0.25] = np.nan
    return a


def one_nan_per_row(*shape, seed=0):
    a = rand(*shape, seed=seed)
    a[np.arange(shape[0]), np.random.default_rng(seed).integers(0, shape[1], shape[0])] = np.nan
    return a


CASES = {
    "median_all": (lambda L, x: L.median(x), [rand(4, 5, seed=1)]),
    "median_dim": (lambda L, x: L.median(x, 1), [rand(4, 5, seed=1)]),
    "median_dim_keepdim_even": (lambda L, x: x.median(0, keepdim=True), [rand(4, 5, seed=1)]),
    "median_ties": (lambda L, x: L.median(x, 1), [ties(4, 6, seed=2)]),
    "median_nan": (lambda L, x: L.median(x, 1), [with_nans(4, 6, seed=3)]),
    "nanmedian": (lambda L, x: L.nanmedian(x, 1), [with_nans(4, 6, seed=3)]),
    "nanmedian_all": (lambda L, x: x.nanmedian(), [with_nans(4, 6, seed=3)]),
    "kthvalue": (lambda L, x: L.kthvalue(x, 2, 1), [rand(4, 5, seed=1)]),
    "kthvalue_keepdim": (lambda L, x: x.kthvalue(3, 0, keepdim=True), [rand(5, 4, seed=2)]),
    "mode": (lambda L, x: L.mode(x, 1), [ties(4, 7, seed=4)]),
    "mode_dim0": (lambda L, x: x.mode(0, keepdim=True), [ties(7, 3, seed=5)]),
    "quantile_scalar": (lambda L, x: L.quantile(x, 0.3), [rand(4, 5, seed=1)]),
    "quantile_dim": (lambda L, x: L.quantile(x, 0.75, dim=1, keepdim=True), [rand(4, 5, seed=1)]),
    "quantile_tensor_q": (lambda L, x, q: L.quantile(x, q, dim=0), [rand(4, 5, seed=1), np.array([0.1, 0.5, 1.0])]),
    "quantile_tensor_q_keepdim_all": (lambda L, x, q: L.quantile(x, q, keepdim=True),
                                      [rand(4, 5, seed=1), np.array([0.0, 0.33])]),
    "quantile_one_nan_per_row": (lambda L, x: L.quantile(x, 0.4, dim=1), [one_nan_per_row(4, 6, seed=3)]),
    "quantile_one_nan_all": (lambda L, x: L.quantile(x, 0.4), [one_nan_per_row(1, 6, seed=4)]),
    "nanquantile": (lambda L, x: L.nanquantile(x, 0.4, dim=1), [with_nans(4, 6, seed=3)]),
    "nanmean": (lambda L, x: L.nanmean(x), [with_nans(4, 6, seed=3)]),
    "nanmean_dim": (lambda L, x: x.nanmean(1, keepdim=True), [with_nans(4, 6, seed=3)]),
    "aminmax": (lambda L, x: L.aminmax(x, dim=1), [rand(4, 5, seed=1)]),
    "aminmax_all": (lambda L, x: x.aminmax(), [rand(4, 5, seed=1)]),
    "msort": (lambda L, x: L.msort(x), [rand(4, 5, seed=1)]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_order_statistics_match_torch(name, device):
    fn, arrays = CASES[name]
    grad = [a.dtype.kind == "f" and i == 0 for i, a in enumerate(arrays)]
    check(fn, *arrays, device=device, grad=grad)


@pytest.mark.parametrize("dim", [1, None])
def test_quantile_of_a_slice_with_several_nans(dim, device):
    """A slice holding a NaN has quantile NaN, and its whole gradient goes to one of its NaNs. Which one is
    torch's implementation detail and it moved between releases: torch 2.13 takes the one its sort puts
    last (for [nan, nan, 1, 2, 3] the second), torch >= 2.14 the one its selection step lands on (there
    the first; in 2.15, for eight NaNs in eight, the fourth). minigrad takes the slice's last NaN. So both
    libraries must send each slice's whole gradient to one of its NaNs, and the NaN-free slices' gradients
    must equal torch's (a slice with a single NaN is compared exactly in CASES)."""
    x = with_nans(4, 6, seed=3)                              # rows with 3, 2, 0 and 1 NaN
    up = np.random.default_rng(0).standard_normal(4 if dim == 1 else ())
    got = {}
    for L in (torch, minigrad):
        t = L.tensor(x, requires_grad=True) if L is torch else L.tensor(x, device=device, requires_grad=True)
        out = L.quantile(t, 0.4, dim=dim)
        out.backward(L.tensor(up) if L is torch else L.tensor(up, device=device))
        got[L] = (to_np(out), to_np(t.grad))
    np.testing.assert_allclose(got[minigrad][0], got[torch][0], rtol=1e-12, equal_nan=True)
    rows = x if dim == 1 else x.reshape(1, -1)
    ups = up if dim == 1 else up.reshape(1)
    for L in (torch, minigrad):
        value, grad = np.atleast_1d(got[L][0]), got[L][1].reshape(rows.shape)
        for r, (row, g, u) in enumerate(zip(rows, grad, ups)):
            nans = np.flatnonzero(np.isnan(row))
            if len(nans) == 0:
                np.testing.assert_allclose(g, got[torch][1].reshape(rows.shape)[r], rtol=1e-12)
                continue
            assert np.isnan(value[r]), f"{L.__name__}: slice {r} holds a NaN, quantile {value[r]}"
            hit = np.flatnonzero(g)
            assert len(hit) == 1 and hit[0] in nans and g[hit[0]] == u, \
                f"{L.__name__}: slice {r} with NaNs at {nans.tolist()} got gradient {g.tolist()} (upstream {u})"
            if L is minigrad:
                assert hit[0] == nans[-1], f"minigrad: the slice's last NaN ({nans[-1]}) gets it, not {hit[0]}"


def test_kthvalue_with_ties_values():
    # which of several equal elements torch reports is not specified (it differs between calls of
    # different shapes), so with ties only the values are compared
    x = ties(5, 4, seed=2)
    check(lambda L, t: t.kthvalue(3, 0, keepdim=True).values, x, grad=[False])


@pytest.mark.parametrize("interpolation", ["linear", "lower", "higher", "midpoint", "nearest"])
def test_quantile_interpolations(interpolation, device):
    check(lambda L, x, q: L.quantile(x, q, dim=1, interpolation=interpolation), rand(3, 6, seed=1),
          np.array([0.1, 0.5, 0.7, 0.9]), device=device, grad=[True, False])


def test_errors_like_torch():
    for L in (torch, minigrad):
        with pytest.raises(RuntimeError):
            L.kthvalue(L.ones(3), 4)
        with pytest.raises(RuntimeError):
            L.quantile(L.ones(3), 1.5)
        with pytest.raises(RuntimeError):
            L.quantile(L.ones(3, dtype=L.int64), 0.5)
        with pytest.raises(IndexError):
            L.median(L.ones(0, 3), 0)
