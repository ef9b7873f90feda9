"""fast/select.py's branch-free ``where`` against NumPy's, bit for bit, and the activations that use it (or
torch's own formula: sigmoid, silu) against torch on arrays large enough for the fast path (> 4096 numbers),
with inf, -inf, NaN, -0.0 and the values where exp overflows among them."""
import numpy as np
import pytest

import minigrad
from minigrad.fast import select

from helpers import both_modes, check

SPECIAL = [np.nan, np.inf, -np.inf, -0.0, 0.0, -100.0, 100.0, -89.0, 89.0, 1e-30, -1e-30]


def _data(shape, dtype, seed=0):
    rng = np.random.default_rng(seed)
    x = (rng.standard_normal(shape) * 3).astype(dtype)
    x.reshape(-1)[:len(SPECIAL)] = SPECIAL
    return x


def _bits(a):
    return np.ascontiguousarray(a).view(np.uint8)


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
@pytest.mark.parametrize("kind", ["arrays", "array and number", "number and array", "two numbers",
                                  "broadcast rows", "broadcast condition", "strided"])
def test_where_is_numpy_where_bit_for_bit(dtype, kind):
    x, y = _data((80, 70), dtype, 1), _data((80, 70), dtype, 2)
    cond = x > y
    a, b = {"arrays": (x, y), "array and number": (x, 0.5), "number and array": (-2, y),
            "two numbers": (1.0, 0.125), "broadcast rows": (x[:1], y), "broadcast condition": (x, y),
            "strided": (x[:, ::2], y[:, ::2])}[kind]
    if kind == "broadcast condition":
        cond = cond[:1]
    if kind == "strided":
        cond = np.ascontiguousarray(cond[:, ::2].T).T          # a non-contiguous bool array too
        a, b = np.tile(a, (2, 1)), np.tile(b, (2, 1))
        cond = np.tile(cond, (2, 1))
    got, want = select.where(cond, a, b), np.where(cond, a, b)
    assert got.dtype == want.dtype and got.shape == want.shape
    assert np.array_equal(_bits(got), _bits(want))


@pytest.mark.parametrize("a,b", [(np.ones(5000, np.float32), np.float64(0.5)),            # NumPy scalar: promotes
                                 (np.ones(5000, np.float32), np.zeros(5000, np.float64)),
                                 (np.ones(5000, np.int64), 0), (np.ones(5000, np.complex64), 0.0)])
def test_where_leaves_promotion_and_other_dtypes_to_numpy(a, b):
    cond = np.arange(5000) % 3 == 0
    got, want = select.where(cond, a, b), np.where(cond, a, b)
    assert got.dtype == want.dtype and np.array_equal(got, want)


def test_where_is_numpy_where_in_reference_mode():
    x = _data((100, 100), np.float32)
    cond = x > 0

    def run():
        return select.where(cond, x, -x)
    fast_result, reference_result = both_modes(run)
    assert np.array_equal(_bits(fast_result), _bits(reference_result))


ACTIVATIONS = [
    ("leaky_relu", lambda L, x: L.nn.functional.leaky_relu(x, 0.1)),
    ("leaky_relu slope 2", lambda L, x: L.nn.functional.leaky_relu(x, 2.0)),
    ("elu", lambda L, x: L.nn.functional.elu(x, 0.7)),
    ("selu", lambda L, x: L.nn.functional.selu(x)),
    ("celu", lambda L, x: L.nn.functional.celu(x, 1.5)),
    ("sigmoid", lambda L, x: L.sigmoid(x)),
    ("silu", lambda L, x: L.nn.functional.silu(x)),
]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name,fn", ACTIVATIONS, ids=[a[0] for a in ACTIVATIONS])
def test_activations_on_large_arrays_match_torch(name, fn, dtype):
    x = _data((64, 130), dtype)
    x = x.reshape(-1)[len(SPECIAL):].reshape(1, -1)      # gradients: finite inputs (torch's NaN rules: below)
    check(fn, x)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name,fn", ACTIVATIONS, ids=[a[0] for a in ACTIVATIONS])
def test_activations_forward_with_special_values_match_torch(name, fn, dtype):
    import torch
    x = _data((64, 130), dtype)
    got = fn(minigrad, minigrad.tensor(x)).numpy()
    want = fn(torch, torch.tensor(x)).numpy()
    np.testing.assert_allclose(got, want, rtol=1e-6, atol=0, equal_nan=True)
    assert np.array_equal(np.signbit(got[got == 0]), np.signbit(want[got == 0]))      # -0.0 where torch has it


@pytest.mark.parametrize("slope", [1e-30, 0.01, 0.5, 1.0, 2.0, 1e30])
@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_leaky_relu_as_max_is_the_selection_bit_for_bit(slope, dtype):
    x = _data((70, 80), dtype)
    with np.errstate(over="ignore", invalid="ignore"), minigrad.reference_mode(False):
        got = select.leaky_relu(x, slope)
        want = np.where(x > 0, x, x * x.dtype.type(slope))
    if got is None:                                     # a slope that is 0 in this dtype: left to the selection
        assert x.dtype.type(slope) == 0
        return
    nan = np.isnan(want)
    assert np.array_equal(np.isnan(got), nan)
    assert np.array_equal(_bits(got[~nan]), _bits(want[~nan]))


def test_leaky_relu_with_slope_0_or_negative_is_left_to_the_selection():
    x = _data((70, 80), np.float32)
    with minigrad.reference_mode(False):
        assert select.leaky_relu(x, 0.0) is None and select.leaky_relu(x, -0.5) is None
        assert select.leaky_relu(x.astype(np.float16), 1e-30) is None      # (0 in float16)
    out = minigrad.nn.functional.leaky_relu(minigrad.tensor(x), 0.0).numpy()    # inf stays inf (inf·0 is NaN)
    assert out[x == np.inf].tolist() == [np.inf]


def test_two_numpy_scalars_take_the_bit_select(monkeypatch):
    x = _data((80, 70), np.float32)
    cond = x > 0
    one, slope = np.float32(1), np.float32(0.1)
    want = np.where(cond, one, slope)
    assert select.where(cond, np.float64(1), slope).dtype == np.float64          # promotes, as NumPy
    monkeypatch.setattr(select, "array_module", None)                            # (NumPy's where: unreachable)
    with minigrad.reference_mode(False):
        got = select.where(cond, one, slope)
    assert np.array_equal(got, want) and got.dtype == np.float32


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("kind", ["tensors", "tensor and number", "broadcast"])
def test_torch_where_on_large_arrays_matches_torch(kind, dtype):
    x, y = _data((64, 130), dtype, 1), _data((64, 130), dtype, 2)
    x, y = x.reshape(-1)[len(SPECIAL):].reshape(1, -1), y.reshape(-1)[len(SPECIAL):].reshape(1, -1)
    if kind == "tensors":
        check(lambda L, a, b: L.where(a > b, a, b), x, y)
    elif kind == "tensor and number":
        check(lambda L, a: L.where(a > 0, a, 0.5), x)
    else:
        check(lambda L, a, b: L.where(a > 0, a, b), x, y[:, :1])
