"""Round sixteen's speed layer for single ops: gelu (fast/activations.py), the norms' kept x̂ and broadcast
gradients summed back on arrays (fast/gradients.py), topk from a partition (fast/sorting.py) and padding
as slice copies (fast/along.py). Each against torch (forward and every input gradient, random upstream
gradient), and, where the fast path is meant to give the reference's numbers, against reference mode
bit for bit; gelu's own float32 Φ against the exact values over the whole float32 range."""
import math

import numpy as np
import pytest
import torch

import minigrad
from minigrad import fast

from helpers import both_modes, check

RNG = np.random.default_rng(16)


@pytest.fixture
def normal_mode():
    """For the tests of the fast paths themselves: normal mode, also when the suite runs in reference mode."""
    with minigrad.reference_mode(False):
        yield


def _bits_equal(a, b):
    a, b = np.ascontiguousarray(a), np.ascontiguousarray(b)
    return a.dtype == b.dtype and a.shape == b.shape and np.array_equal(a.view(np.uint8), b.view(np.uint8))


def _forward_backward(fn, arrays, up_seed=2):
    """fn(minigrad, *leaves) forward and backward with a random upstream gradient: (output, gradients)."""
    leaves = [minigrad.tensor(a, requires_grad=a.dtype.kind == "f") for a in arrays]
    out = fn(minigrad, *leaves)
    up = np.random.default_rng(up_seed).standard_normal(tuple(out.shape)).astype(out.detach().numpy().dtype)
    up.flat[::5] = -0.0
    out.backward(minigrad.tensor(up))
    return out.detach().numpy(), [t.grad.numpy() for t in leaves if t.requires_grad]


# ------------------------------------------------------------------------------------------------- gelu
@pytest.mark.parametrize("approximate", ["none", "tanh"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_gelu_matches_torch(approximate, dtype):
    x = (RNG.standard_normal((64, 96)) * 3).astype(dtype)
    check(lambda L, t: L.nn.functional.gelu(t, approximate=approximate), x)


@pytest.mark.parametrize("approximate", ["none", "tanh"])
def test_gelu_double_backward_matches_torch(approximate):
    x = RNG.standard_normal((8, 9)).astype(np.float64)

    def fn(L, t):
        y = L.nn.functional.gelu(t, approximate=approximate)
        g, = L.autograd.grad(y.sum(), t, create_graph=True)
        return g
    check(fn, x)


@pytest.mark.parametrize("case", ["float64 none", "float32 tanh", "float64 tanh"])
def test_gelu_is_the_reference_bit_for_bit_where_it_keeps_its_formula(case):
    dtype, approximate = case.split()
    x = (RNG.standard_normal((40, 50)) * 4).astype(dtype)
    x.flat[:6] = [0.0, -0.0, 1e-300 if dtype == "float64" else 1e-40, -8.5, 30.0, -30.0]
    fast_run, reference_run = both_modes(
        lambda: _forward_backward(lambda L, t: L.nn.functional.gelu(t, approximate=approximate), [x]))
    assert _bits_equal(fast_run[0], reference_run[0])
    assert _bits_equal(fast_run[1][0], reference_run[1][0])


def _exact_cdf(x):
    return np.array([0.5 * math.erfc(-v / math.sqrt(2)) for v in x.astype(np.float64).tolist()])


def test_gelu_float32_cdf_is_accurate_over_the_whole_range():
    bits = RNG.integers(0, 2 ** 32, 40_000, dtype=np.uint64).astype(np.uint32).view(np.float32)
    x = np.concatenate([bits[np.isfinite(bits)], np.linspace(-15, 15, 30_001, dtype=np.float32),
                        np.float32([1e-45, -1e-45, 1e-38, -1e-38, 3.4e38, -3.4e38])])
    with np.errstate(all="ignore"):
        cdf = fast.activations.normal_cdf32(x).astype(np.float64)
    exact = _exact_cdf(x)
    rel = np.abs(cdf - exact) / np.maximum(exact, 1e-300)
    a = np.abs(x)
    assert rel[a < 1].max() < 1e-6                   # a few ulps (gelu = x·Φ: the same relative error)
    assert rel[a < 3].max() < 3e-6
    assert rel[(x > -9) & (a < 15)].max() < 2e-5     # the negative tail keeps its relative accuracy
    assert np.abs(cdf - exact).max() < 3e-7


def test_gelu_float32_is_within_torch_tolerance_everywhere_and_keeps_special_values(normal_mode):
    bits = RNG.integers(0, 2 ** 32, 100_000, dtype=np.uint64).astype(np.uint32).view(np.float32)
    special = np.float32([0.0, -0.0, 1e-45, -1e-45, 1e-40, -1e-40, 1e-30, -1e-30, 5.5, -5.5, 9, -9, 14, -14,
                          1e4, -1e4, 3.4e38, -3.4e38, np.inf, -np.inf, np.nan])
    x = np.concatenate([special, bits[np.isfinite(bits)], np.linspace(-20, 20, 40_001, dtype=np.float32)])
    out = minigrad.nn.functional.gelu(minigrad.tensor(x)).numpy()
    ref = torch.nn.functional.gelu(torch.tensor(x)).numpy()
    finite = np.isfinite(ref)        # (torch's float32 gelu gives NaN for +inf and x > ~1e19; minigrad x there)
    np.testing.assert_allclose(out[finite], ref[finite], rtol=1.3e-6, atol=1e-5)
    big = np.isfinite(x) & (x > 0) & ~finite
    np.testing.assert_array_equal(out[big], x[big])
    assert _bits_equal(out[:2], np.float32([0.0, -0.0]))                            # signs of zero kept
    n = len(special)
    assert out[n - 3] == np.inf and np.isnan(out[n - 2]) and np.isnan(out[n - 1])   # inf, -inf·0, NaN
    finite = special[:n - 3]        # (the exact values: torch and the reference lose the tail to 1 + erf ≈ 0)
    exact = finite.astype(np.float64) * _exact_cdf(finite)
    np.testing.assert_allclose(out[:n - 3], exact, rtol=1e-5, atol=1e-44)


def test_gelu_float32_gradient_matches_the_exact_derivative(normal_mode):
    x = np.concatenate([np.linspace(-12, 12, 4001), [0.0, -0.0, 1e-40]]).astype(np.float32)
    t = minigrad.tensor(x, requires_grad=True)
    minigrad.nn.functional.gelu(t).backward(minigrad.ones(x.shape))
    xd = x.astype(np.float64)
    exact = _exact_cdf(x) + xd * np.exp(-xd * xd / 2) / math.sqrt(2 * math.pi)
    np.testing.assert_allclose(t.grad.numpy(), exact, rtol=1e-5, atol=1e-7)


def test_gelu_fast_path_declines_what_it_does_not_cover():
    assert fast.activations.gelu(np.float16([1.0, 2.0]), "none") is None
    assert fast.activations.gelu([1.0], "none") is None
    with minigrad.reference_mode():
        assert fast.activations.gelu(np.float32([1.0]), "none") is None
    x16 = np.linspace(-3, 3, 50).astype(np.float16)
    check(lambda L, t: L.nn.functional.gelu(t), x16, rtol=2e-3, atol=2e-3)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_silu_matches_torch_and_is_the_reference_bit_for_bit(dtype):
    x = (RNG.standard_normal((50, 60)) * 6).astype(dtype)
    x.flat[:8] = [0.0, -0.0, 100.0, -100.0, 1e-40 if dtype == np.float32 else 1e-310, np.inf, -np.inf, np.nan]
    check(lambda L, t: L.nn.functional.silu(t), np.where(np.isfinite(x), x, 0).astype(dtype))
    fast_run, reference_run = both_modes(lambda: _forward_backward(lambda L, t: L.nn.functional.silu(t), [x]))
    assert _bits_equal(fast_run[0], reference_run[0]) and _bits_equal(fast_run[1][0], reference_run[1][0])


def test_silu_double_backward_matches_torch():
    def fn(L, t):
        g, = L.autograd.grad(L.nn.functional.silu(t).sum(), t, create_graph=True)
        return g
    check(fn, RNG.standard_normal((7, 5)))


@pytest.mark.parametrize("shape", [(), (0,), (1, 1), (0, 3)])
@pytest.mark.parametrize("name", ["gelu", "gelu tanh", "silu"])
def test_activations_on_0d_and_empty_inputs_match_torch(name, shape):
    fn = {"gelu": lambda L, t: L.nn.functional.gelu(t), "silu": lambda L, t: L.nn.functional.silu(t),
          "gelu tanh": lambda L, t: L.nn.functional.gelu(t, approximate="tanh")}[name]
    for dtype in (np.float32, np.float64):
        check(fn, np.full(shape, -0.7, dtype))


# ------------------------------------------------------------------------------------------------ norms
NORMS = [
    ("group_norm", (6, 8, 5, 4), (8,), lambda L, x, w, b: L.nn.functional.group_norm(x, 4, w, b)),
    ("layer_norm", (6, 10, 32), (32,), lambda L, x, w, b: L.nn.functional.layer_norm(x, (32,), w, b)),
    ("batch_norm", (8, 4, 6, 5), (4,), lambda L, x, w, b: L.nn.functional.batch_norm(x, None, None, w, b,
                                                                                 training=True)),
    ("batch_norm running", (8, 4, 6, 5), (4,), lambda L, x, w, b: L.nn.functional.batch_norm(
        x, L.zeros(4, dtype=x.dtype), L.ones(4, dtype=x.dtype), w, b, training=True)),
]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name,xshape,pshape,fn", NORMS, ids=[n[0] for n in NORMS])
def test_norms_match_torch(name, xshape, pshape, fn, dtype):
    check(fn, (RNG.standard_normal(xshape) * 2 + 1).astype(dtype), RNG.standard_normal(pshape).astype(dtype),
          RNG.standard_normal(pshape).astype(dtype))


@pytest.mark.parametrize("name,xshape,pshape,fn", NORMS[1:], ids=[n[0] for n in NORMS[1:]])
def test_norms_with_kept_xhat_are_the_reference_bit_for_bit(name, xshape, pshape, fn):
    arrays = [(RNG.standard_normal(xshape) * 3 + 1).astype(np.float32), RNG.standard_normal(pshape).astype(np.float32),
              RNG.standard_normal(pshape).astype(np.float32)]
    fast_run, reference_run = both_modes(lambda: _forward_backward(fn, arrays))
    assert _bits_equal(fast_run[0], reference_run[0])
    for a, b in zip(fast_run[1], reference_run[1]):
        assert _bits_equal(a, b)


def test_layer_norm_output_changed_in_place_does_not_change_the_kept_xhat():
    x = RNG.standard_normal((5, 12)).astype(np.float32)

    def fn(L, t):
        y = L.nn.functional.layer_norm(t, (12,))       # no weight, no bias: the output is x̂ itself
        y.mul_(3)                                       # (changes the output, not what backward uses)
        return y
    check(fn, x)
    t = minigrad.tensor(x, requires_grad=True)
    y = minigrad.nn.functional.layer_norm(t, (12,))
    kept = y.grad_fn.kept
    assert kept is None or not np.shares_memory(kept[0], y.detach().numpy())


def test_norms_keep_nothing_in_reference_mode(normal_mode):
    x = minigrad.tensor(RNG.standard_normal((4, 6)).astype(np.float32), requires_grad=True)
    with minigrad.reference_mode():
        y = minigrad.nn.functional.layer_norm(x, (6,))
    assert y.grad_fn.kept is None
    assert minigrad.nn.functional.layer_norm(x, (6,)).grad_fn.kept is not None


# ------------------------------------------------------------------------------ broadcast add/sub/mul
BROADCASTS = [((6, 5), (5,)), ((6, 5), (1, 5)), ((4, 3, 5), (3, 1)), ((5,), (4, 3, 5)), ((2, 3, 4, 5), (1, 3, 1, 1)),
              ((2, 3), ())]


@pytest.mark.parametrize("op", ["add", "sub", "mul"])
@pytest.mark.parametrize("shapes", BROADCASTS, ids=[f"{a}{b}" for a, b in BROADCASTS])
def test_broadcast_binary_gradients_match_torch(op, shapes):
    a, b = (RNG.standard_normal(s).astype(np.float32) for s in shapes)
    fn = {"add": lambda L, x, y: x + y, "sub": lambda L, x, y: x - y, "mul": lambda L, x, y: x * y}[op]
    check(fn, a, b)


@pytest.mark.parametrize("op", ["add", "sub", "mul"])
@pytest.mark.parametrize("shapes", BROADCASTS[:4], ids=[f"{a}{b}" for a, b in BROADCASTS[:4]])
def test_broadcast_binary_gradients_are_the_reference_bit_for_bit(op, shapes):
    # (reductions over one run of dims: the reference's Sum gives the same numbers in both modes)
    arrays = [RNG.standard_normal(s).astype(np.float32) for s in shapes]
    fn = {"add": lambda L, x, y: x + y, "sub": lambda L, x, y: x - y, "mul": lambda L, x, y: x * y}[op]
    fast_run, reference_run = both_modes(lambda: _forward_backward(fn, arrays))
    for a, b in zip(fast_run[1], reference_run[1]):
        assert _bits_equal(a, b)


# ------------------------------------------------------------------------------------------------ topk
def _topk_inputs():
    return [RNG.standard_normal((7, 48)).astype(np.float32),
            RNG.integers(-3, 4, (6, 40)).astype(np.float32),            # many ties
            RNG.integers(-50, 50, (5, 36)), RNG.integers(0, 200, (4, 64)).astype(np.uint8),
            RNG.standard_normal((3, 40, 2)),
            np.where(RNG.random((4, 40)) < 0.1, np.nan, RNG.standard_normal((4, 40))).astype(np.float32),
            np.float32([[0.0, -0.0] * 10, [1.0, -0.0, 0.0] + [-1.0] * 17])]


def _topk(a, k, dim, largest, srt):
    values, indices = minigrad.tensor(a).topk(k, dim, largest, srt)
    return values.numpy(), indices.numpy()


@pytest.mark.parametrize("case", range(7))
def test_topk_is_the_reference_bit_for_bit_and_torch(case):
    a = _topk_inputs()[case]
    for dim in range(a.ndim):
        for k in sorted({1, min(3, a.shape[dim]), a.shape[dim] // 4} - {0}):
            for largest in (True, False):
                for srt in (True, False):
                    (fv, fi), (rv, ri) = both_modes(lambda: _topk(a, k, dim, largest, srt))
                    assert _bits_equal(fi, ri) and _bits_equal(fv, rv), (dim, k, largest, srt)
                    if srt:
                        tv, ti = torch.from_numpy(a).topk(k, dim, largest, srt)
                        np.testing.assert_array_equal(fi, ti.numpy())


def test_topk_partition_is_taken_without_ties_and_declined_with_them(normal_mode):
    a = RNG.standard_normal((6, 64)).astype(np.float32)
    idx = fast.sorting.topk_indices(a, 5, 1, True)
    np.testing.assert_array_equal(idx, np.argsort(-a, axis=1, kind="stable")[:, :5])
    np.testing.assert_array_equal(fast.sorting.topk_indices(a, 5, 1, False),
                                  np.argsort(a, axis=1, kind="stable")[:, :5])
    a[2, :10] = a[2].max()                                   # ties at the k-th value
    assert fast.sorting.topk_indices(a, 5, 1, True) is None
    a[2, :10] = np.nan
    assert fast.sorting.topk_indices(a, 5, 1, False) is None
    assert fast.sorting.topk_indices(a[:, :8], 5, 1, True) is None       # k above a quarter of the row


def test_topk_gradient_matches_torch():
    x = RNG.standard_normal((16, 64)).astype(np.float32)
    check(lambda L, t: t.topk(5, 1)[0], x)
    check(lambda L, t: t.topk(4, 0, largest=False)[0], x)


# ------------------------------------------------------------------------------------------------- pad
PADS = [((2, 3, 9), (2, 3)), ((2, 3, 9), (-2, 3)), ((2, 3, 9), (8, 8)), ((2, 3, 7, 6), (2, 2, 2, 2)),
        ((2, 3, 7, 6), (1, 0, 3, 5)), ((2, 3, 7, 6), (-1, 2, 2, -2)), ((3, 7, 6), (5, 5, 6, 6)),
        ((1, 2, 4, 5, 6), (1, 1, 2, 2, 3, 3)), ((2, 3, 7, 6), (1, 1, 1, 1))]


@pytest.mark.parametrize("mode", ["reflect", "replicate", "circular"])
@pytest.mark.parametrize("shape,pad", PADS, ids=[f"{s}{p}" for s, p in PADS])
def test_pad_is_the_reference_bit_for_bit_and_torch(mode, shape, pad):
    x = RNG.standard_normal(shape).astype(np.float32)
    x.flat[::6] = -0.0
    fn = lambda L, t: L.nn.functional.pad(t, pad, mode=mode)   # noqa: E731
    try:
        torch.nn.functional.pad(torch.tensor(x), pad, mode=mode)
    except (RuntimeError, NotImplementedError):
        with pytest.raises((RuntimeError, NotImplementedError)):
            fn(minigrad, minigrad.tensor(x))
        return
    check(fn, x)
    fast_run, reference_run = both_modes(lambda: _forward_backward(fn, [x]))
    assert _bits_equal(fast_run[0], reference_run[0]) and _bits_equal(fast_run[1][0], reference_run[1][0])


def test_slices_are_taken_for_reflection_and_repeats_and_declined_for_many_runs_or_fivefold_reads(normal_mode):
    g = RNG.standard_normal((2, 3, 36, 5)).astype(np.float32)
    i = np.abs(np.arange(-2, 34))
    reflect = np.where(i >= 32, 62 - i, i)
    got = fast.along.add_along(g, reflect, 32, 2)
    expected = np.zeros((2, 3, 32, 5), np.float32)
    np.add.at(expected, (slice(None), slice(None), reflect), g)
    np.testing.assert_array_equal(got, expected)
    np.testing.assert_array_equal(fast.along.take_along(expected, reflect, 2), np.take(expected, reflect, axis=2))
    twice = np.repeat(np.arange(18), 2)                                                # nearest x2: two passes
    np.testing.assert_array_equal(fast.along.add_along(g, twice, 18, 2), g[:, :, 0::2] + g[:, :, 1::2])
    thrice = np.repeat(np.arange(12), 3)
    np.testing.assert_array_equal(fast.along.add_along(g, thrice, 12, 2),
                                  g[:, :, 0::3] + (g[:, :, 1::3] + g[:, :, 2::3]))      # add.reduceat's order
    assert fast.along.add_along(g[:, :, :11], np.clip(np.arange(-4, 7), 0, 7), 8, 2) is None   # 5 reads of 0
    assert fast.along.take_along(g, RNG.permutation(36), 2) is None                    # no runs to speak of
    with minigrad.reference_mode():
        assert fast.along.take_along(expected, reflect, 2) is None


INTERPOLATIONS = [((2, 3, 8, 6), dict(scale_factor=2, mode="nearest")),
                  ((2, 3, 8, 6), dict(size=(12, 7), mode="nearest")), ((2, 3, 9), dict(scale_factor=3, mode="nearest")),
                  ((2, 3, 8, 6), dict(size=(5, 4), mode="nearest")), ((2, 3, 9), dict(scale_factor=5, mode="nearest")),
                  ((2, 3, 6, 5), dict(scale_factor=2, mode="bicubic", align_corners=False)),
                  ((2, 2, 4, 4, 3), dict(scale_factor=2, mode="trilinear", align_corners=False)),
                  ((2, 3, 8, 6), dict(scale_factor=2, mode="nearest-exact")),
                  ((2, 3, 8, 6), dict(scale_factor=2, mode="bilinear", align_corners=False)),
                  ((2, 3, 5, 6), dict(size=(9, 11), mode="bilinear", align_corners=True))]


@pytest.mark.parametrize("shape,kwargs", INTERPOLATIONS, ids=[f"{s}{sorted(k.items())}" for s, k in INTERPOLATIONS])
def test_interpolate_is_the_reference_bit_for_bit_and_torch(shape, kwargs):
    x = RNG.standard_normal(shape).astype(np.float32)
    fn = lambda L, t: L.nn.functional.interpolate(t, **kwargs)   # noqa: E731
    check(fn, x)
    fast_run, reference_run = both_modes(lambda: _forward_backward(fn, [x]))
    assert _bits_equal(fast_run[0], reference_run[0]) and _bits_equal(fast_run[1][0], reference_run[1][0])


# --------------------------------------------------------------------------- softmax's backward on arrays
SOFTMAXES = [("softmax", lambda L, t: L.softmax(t, 1)), ("softmax dim0", lambda L, t: L.softmax(t, 0)),
             ("log_softmax", lambda L, t: L.log_softmax(t, -1)), ("log_softmax 3-D dim1", lambda L, t: L.log_softmax(
                 t.reshape(4, 5, 6), 1)), ("softmax of a product", lambda L, t: L.softmax(t * t[:1], 1))]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name,fn", SOFTMAXES, ids=[s[0] for s in SOFTMAXES])
def test_softmax_gradients_are_the_reference_bit_for_bit_and_torch(name, fn, dtype):
    x = (RNG.standard_normal((20, 6)) * 4).astype(dtype)
    check(fn, x)
    fast_run, reference_run = both_modes(lambda: _forward_backward(fn, [x]))
    assert _bits_equal(fast_run[0], reference_run[0]) and _bits_equal(fast_run[1][0], reference_run[1][0])


def test_softmax_float16_and_double_backward_take_the_reference():
    check(lambda L, t: L.softmax(t, 1), RNG.standard_normal((5, 7)).astype(np.float16), rtol=2e-3, atol=2e-3)

    def fn(L, t):
        g, = L.autograd.grad((L.log_softmax(t, 1) * t).sum(), t, create_graph=True)
        return g
    check(fn, RNG.standard_normal((4, 6)))


NORM_CALLS = [("norm dim1", lambda L, t: t.norm(dim=1)),
              ("norm dim0 keepdim", lambda L, t: t.norm(dim=0, keepdim=True)), ("norm all", lambda L, t: t.norm()),
              ("linalg.vector_norm dims", lambda L, t: L.linalg.vector_norm(t.reshape(-1, 2, 3), dim=(0, 2))),
              ("norm p=3", lambda L, t: t.norm(p=3, dim=1)),
              ("normalize", lambda L, t: L.nn.functional.normalize(t, dim=1)),
              ("cosine_similarity", lambda L, t: L.nn.functional.cosine_similarity(t, t.flip(0)))]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name,fn", NORM_CALLS, ids=[n[0] for n in NORM_CALLS])
def test_norm_gradients_are_the_reference_bit_for_bit_and_torch(name, fn, dtype):
    x = RNG.standard_normal((20, 6)).astype(dtype)
    x[3] = 0.0                                              # a row of zeros: out = 0 there
    if name not in ("normalize", "cosine_similarity"):      # (torch: their gradient at a zero row differs)
        check(fn, x)
    check(fn, x[4:])
    fast_run, reference_run = both_modes(lambda: _forward_backward(fn, [x]))
    assert _bits_equal(fast_run[0], reference_run[0]) and _bits_equal(fast_run[1][0], reference_run[1][0])


# ------------------------------------------------------------------------------- nll_loss's backward
LOSSES = [("mean", None, -100), ("sum", None, -100), ("none", None, -100), ("mean", "weight", 2),
          ("none", "weight", 1), ("mean", None, 0)]


@pytest.mark.parametrize("reduction,weighted,ignore_index", LOSSES, ids=[str(c) for c in LOSSES])
@pytest.mark.parametrize("shape", [(12, 7), (5, 6, 3)])
def test_cross_entropy_and_nll_are_the_reference_bit_for_bit_and_torch(reduction, weighted, ignore_index, shape):
    x = RNG.standard_normal(shape).astype(np.float32)
    target = RNG.integers(0, shape[1], (shape[0],) + shape[2:])
    target.flat[::4] = 2                                       # (some of them ignored, where ignore_index = 2)
    w = RNG.random(shape[1]).astype(np.float32) + 0.5

    def fn(L, t):
        return L.nn.functional.cross_entropy(t, L.tensor(target), None if weighted is None else L.tensor(w),
                                             ignore_index=ignore_index, reduction=reduction)
    check(fn, x)
    fast_run, reference_run = both_modes(lambda: _forward_backward(fn, [x]))
    assert _bits_equal(fast_run[0], reference_run[0]) and _bits_equal(fast_run[1][0], reference_run[1][0])

    def nll(L, t):
        return L.nn.functional.nll_loss(t, L.tensor(target), ignore_index=ignore_index, reduction=reduction)
    fast_run, reference_run = both_modes(lambda: _forward_backward(nll, [x]))
    assert _bits_equal(fast_run[1][0], reference_run[1][0])


# ------------------------------------------------------------- add.at at flat positions (fast/index.py)
SCATTERS = [
    ("gather dim1", lambda L, x: x.gather(1, L.tensor(np.random.default_rng(3).integers(0, 9, (6, 12))))),
    ("gather dim0", lambda L, x: x.gather(0, L.tensor(np.random.default_rng(3).integers(0, 6, (10, 9))))),
    ("scatter_add", lambda L, x: L.zeros(7, 9).scatter_add(0, L.tensor(np.random.default_rng(4).integers(0, 7, (6, 9))),
                                                           x)),
    ("scatter_add into x", lambda L, x: (x * 1).scatter_add(
        1, L.tensor(np.random.default_rng(5).integers(0, 9, (6, 4))), x[:, :4] * 2)),
    ("two index arrays", lambda L, x: x[L.tensor([0, 5, 5, 2, 0]), L.tensor([1, 1, 1, 8, 1])]),
    ("take_along_dim 3-D", lambda L, x: L.take_along_dim(x.reshape(2, 3, 9), L.tensor(
        np.random.default_rng(6).integers(0, 9, (2, 3, 20))), 2)),
]


@pytest.mark.parametrize("name,fn", SCATTERS, ids=[s[0] for s in SCATTERS])
def test_scatter_adds_are_the_reference_bit_for_bit_and_torch(name, fn):
    x = (RNG.standard_normal((6, 9)) * 10.0 ** RNG.integers(-3, 5, (6, 9))).astype(np.float32)
    check(fn, x)
    fast_run, reference_run = both_modes(lambda: _forward_backward(fn, [x]))
    assert _bits_equal(fast_run[0], reference_run[0]) and _bits_equal(fast_run[1][0], reference_run[1][0])


def test_add_at_on_flat_positions_is_add_at_and_declines_out_of_bounds(normal_mode):
    rng = np.random.default_rng(7)
    for _ in range(50):
        out = rng.standard_normal((5, 4, 3)).astype(np.float32)
        key = (rng.integers(0, 5, (6, 1)), np.arange(4)[None, :], rng.integers(0, 3, (6, 4)))
        values = (rng.standard_normal((6, 4)) * 10.0 ** rng.integers(-4, 6, (6, 4))).astype(np.float32)
        expected = out.copy()
        np.add.at(expected, key, values)
        assert fast.index.add_at(out, key, values) and _bits_equal(out, expected)
    out = np.zeros((3, 4), np.float32)
    assert not fast.index.add_at(out, (np.array([0, 3]), np.array([1, 1])), np.ones(2, np.float32))   # 3 >= 3
    assert not fast.index.add_at(out, (np.array([-1]), np.array([1])), np.ones(1, np.float32))
    assert not fast.index.add_at(out, (np.array([0]), np.array([1])), np.ones(1, np.float64))          # dtypes
    assert not out.any()
