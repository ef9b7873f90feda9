"""median, nanmedian, kthvalue, mode, quantile, nanquantile, nanmean, aminmax, msort: values, indices
(ties resolved as torch resolves them) and gradients against torch."""
import numpy as np
import pytest
import torch

import minigrad
from helpers import check, rand


def ties(*shape, seed=0):
    return np.random.default_rng(seed).integers(-2, 3, size=shape).astype(np.float64)


def with_nans(*shape, seed=0):
    a = rand(*shape, seed=seed)
    a[np.random.default_rng(seed).random(shape) < 0.25] = np.nan
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
    "quantile_nan": (lambda L, x: L.quantile(x, 0.4, dim=1), [with_nans(4, 6, seed=3)]),
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
