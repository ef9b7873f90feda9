"""minigrad/fast/pool.py (max pooling whose windows tile the input) against the reference code it
replaces and against torch: values, indices, input gradients under a random upstream gradient, ties,
NaN and ±inf inputs, inf/NaN upstream gradients, create_graph, and the cases where it declines."""
import numpy as np
import pytest
import torch

import minigrad
from minigrad import fast
from minigrad.ops import conv as C
from minigrad.ops.conv import Geometry

from helpers import check, rand

# (input shape, kernel_size, stride): windows that tile the input (rows/columns past the last whole
# window are left out, as torch does) ...
TILED = [((2, 3, 8, 6), 2, None), ((3, 2, 7, 9), 2, 2), ((2, 2, 9, 6), 3, 3), ((2, 3, 6, 8), (2, 4), None),
         ((1, 4, 5, 5), (1, 2), None), ((2, 2, 4, 4), 1, 1), ((4, 1, 28, 28), 2, None)]
# ... and pools the trick leaves to the reference: overlapping, padded, dilated, ceil_mode past the edge
DECLINED = [dict(kernel_size=3, stride=1), dict(kernel_size=2, padding=1), dict(kernel_size=2, stride=2, dilation=2),
            dict(kernel_size=2, ceil_mode=True), dict(kernel_size=3, stride=2, padding=1)]
MODES = pytest.mark.parametrize("reference", [False, True], ids=["normal", "reference"])


def _geo(shape, k, s):
    k = (k, k) if isinstance(k, int) else k
    s = k if s is None else ((s, s) if isinstance(s, int) else s)
    return Geometry(shape[2], shape[3], k, s, (0, 0), (1, 1))


def _reference(fn):
    with minigrad.reference_mode():
        return fn()


class _Ctx:
    def save_for_backward(self, *a):
        pass


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("shape,k,s", TILED, ids=str)
def test_window_max_and_unpool_match_the_reference(shape, k, s, dtype):
    x = rand(*shape, dtype=dtype, seed=1)
    x[0, 0, :2, :2] = 0.5                               # a constant window: a tie
    x[-1, -1, -3:, -3:] = np.inf                        # windows holding +inf (and a tie of infs)
    x[0, -1, :1, :] = -np.inf
    geo = _geo(shape, k, s)
    assert fast.pool.tiles(geo)
    with minigrad.reference_mode(False):
        got = fast.pool.window_max(x, geo)
    ref = _reference(lambda: C._window_max(x, geo))
    assert got is not None
    for a, b in zip(got, ref):
        assert a.dtype == b.dtype and a.shape == b.shape
        np.testing.assert_array_equal(a, b)
    g = rand(*ref[0].shape, dtype=dtype, seed=2)
    with minigrad.reference_mode(False):
        gx = fast.pool.unpool(g, ref[1], geo, shape)
    ref_gx = _reference(lambda: C.MaxUnpool.forward(_Ctx(), g, ref[1], geo, shape))
    assert gx is not None and gx.dtype == dtype
    np.testing.assert_array_equal(gx, ref_gx)
    with minigrad.reference_mode():                     # off in reference mode
        assert fast.pool.window_max(x, geo) is None
        assert fast.pool.unpool(g, ref[1], geo, shape) is None


def test_declines_nan_windows_non_finite_gradients_and_other_geometries():
    geo = _geo((2, 2, 4, 4), 2, None)
    x = rand(2, 2, 4, 4, seed=3)
    g = rand(2, 2, 2, 2, seed=4)
    idx = np.zeros((2, 2, 2, 2), np.int8)
    with minigrad.reference_mode(False):
        assert fast.pool.window_max(x, geo) is not None
        assert fast.pool.window_max(x.astype(np.int64), geo) is None   # integers: the reference
        x[1, 0, 2, 3] = np.nan
        assert fast.pool.window_max(x, geo) is None                 # the reference places the NaN
        for bad in (np.inf, -np.inf, np.nan):
            g2 = g.copy()
            g2[0, 1, 1, 0] = bad
            assert fast.pool.unpool(g2, idx, geo, x.shape) is None  # the reference keeps g · 0 off losers
        for kw in DECLINED:
            geo2 = C._pool_geometry(minigrad.tensor(x), kw["kernel_size"], kw.get("stride"), kw.get("padding", 0),
                                    kw.get("dilation", 1), kw.get("ceil_mode", False), "max_pool2d")
            if geo2.eh == geo2.ew == 0 and kw.get("ceil_mode"):
                continue
            assert not fast.pool.tiles(geo2), kw


@MODES
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("shape,k,s", TILED, ids=str)
def test_max_pool2d_against_torch(shape, k, s, dtype, reference):
    x = rand(*shape, dtype=dtype, seed=5)
    x[0, 0, :2, :2] = 1.25                              # ties: the first position gets the gradient
    x[-1, 0] = 0.0                                      # a whole constant plane (as relu makes them)
    with minigrad.reference_mode(reference):
        check(lambda t, x: t.nn.functional.max_pool2d(x, k, s), x)
        check(lambda t, x: t.nn.functional.max_pool2d(x, k, s, return_indices=True)[1], x, grad=[False])


@MODES
@pytest.mark.parametrize("kw", DECLINED, ids=str)
def test_declined_pools_against_torch(kw, reference):
    x = rand(2, 3, 7, 9, seed=6)
    with minigrad.reference_mode(reference):
        check(lambda t, x: t.nn.functional.max_pool2d(x, **kw), x)


@MODES
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_nan_and_inf_inputs_against_torch(dtype, reference):
    """NaN windows (the reference's rule: NaN out, gradient at the last NaN) next to ±inf ones."""
    x = rand(2, 3, 6, 8, dtype=dtype, seed=7)
    x[0, 0, 0, 0] = np.nan
    x[0, 0, 1, 1] = np.nan                              # two NaNs in one window: the last one wins
    x[1, 2, 4, 6] = np.inf
    x[1, 1, 2:4, 2:4] = -np.inf                         # a window of -inf only
    x[0, 2, 3, 5] = np.nan
    with minigrad.reference_mode(reference):
        check(lambda t, x: t.nn.functional.max_pool2d(x, 2), x)
        check(lambda t, x: t.nn.functional.max_pool2d(x, 2, return_indices=True)[1], x, grad=[False])


@MODES
@pytest.mark.parametrize("bad", [np.inf, -np.inf, np.nan])
def test_non_finite_upstream_gradient_against_torch(bad, reference):
    """inf or NaN arriving from above reaches the winning position only (torch writes it there)."""
    x = rand(2, 2, 6, 6, seed=8)
    up = rand(2, 2, 3, 3, seed=9)
    up[0, 1, 2, 0] = bad
    up[1, 0, 0, 0] = -bad if bad == bad else bad
    results = []
    for lib in (torch, minigrad):
        with minigrad.reference_mode(reference):
            t = lib.tensor(x, requires_grad=True)
            lib.nn.functional.max_pool2d(t, 2).backward(lib.tensor(up))
            results.append(t.grad.numpy())
    np.testing.assert_array_equal(results[1], results[0])


@MODES
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_double_backward_through_pooling_against_torch(dtype, reference):
    """create_graph=True: the gradient of a gradient through max pooling (MaxUnpool, then PoolSelect)."""
    def f(t, x):
        y = t.nn.functional.max_pool2d(t.relu(x), 2)
        g, = t.autograd.grad((y * y * y).sum(), x, create_graph=True)
        return (g * g).sum() + (g * x).sum()
    x = rand(2, 3, 6, 7, dtype=dtype, seed=10)
    x[0, 0, :2, :2] = -1.0                              # relu makes a tied window of zeros
    with minigrad.reference_mode(reference):
        check(f, x)


def test_cnn_block_matches_between_modes():
    """conv -> relu -> pool twice, as in benchmarks/cnn.py: the loss and every gradient in normal mode
    equal the reference mode's (up to col2im's order of additions)."""
    def run(reference):
        with minigrad.reference_mode(reference):
            minigrad.manual_seed(0)
            rng = np.random.default_rng(11)
            x = minigrad.tensor(rng.standard_normal((4, 1, 12, 12)).astype(np.float32))
            w1 = minigrad.tensor(rng.standard_normal((5, 1, 3, 3)).astype(np.float32), requires_grad=True)
            w2 = minigrad.tensor(rng.standard_normal((6, 5, 3, 3)).astype(np.float32), requires_grad=True)
            b1 = minigrad.tensor(rng.standard_normal(5).astype(np.float32), requires_grad=True)
            F = minigrad.nn.functional
            h = F.max_pool2d(F.relu(F.conv2d(x, w1, b1, padding=1)), 2)
            h = F.max_pool2d(F.relu(F.conv2d(h, w2, padding=1)), 2)
            loss = (h * minigrad.tensor(rng.standard_normal(h.shape).astype(np.float32))).sum()
            loss.backward()
            return [loss.item(), w1.grad.numpy(), w2.grad.numpy(), b1.grad.numpy()]
    fast_run, ref_run = run(False), run(True)
    for a, b in zip(fast_run, ref_run):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-5)
