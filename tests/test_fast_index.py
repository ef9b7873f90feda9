"""fast/index.py's row sums against np.add.at bit for bit, and the lookups whose backward uses them
(x[idx], index_select, embedding, index_add) against torch and against the reference path."""
import numpy as np
import pytest

import minigrad
from minigrad.fast import index as fast_index

from helpers import both_modes, check


def _add_at(shape, idx, rows):
    out = np.zeros(shape, rows.dtype)
    np.add.at(out, idx, rows)
    return out


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
@pytest.mark.parametrize("shape,key_shape,high", [((256, 64), (1000,), 256), ((50, 3, 4), (300,), 50),
                                                  ((40, 16), (20, 30), 40), ((7, 16), (7,), 7),
                                                  ((3, 9), (45,), 3), ((5, 8), (), 5)])
def test_add_rows_is_add_at_bit_for_bit(shape, key_shape, high, dtype):
    rng = np.random.default_rng(sum(shape))
    idx = rng.integers(0, high, key_shape)
    rows = rng.standard_normal(key_shape + shape[1:]).astype(dtype)
    rows.reshape(-1)[:4] = [np.inf, -0.0, np.nan, -np.inf] if rows.size >= 4 else rows.reshape(-1)[:4]
    out = np.zeros(shape, dtype)
    with minigrad.reference_mode(False), np.errstate(invalid="ignore"):
        assert fast_index.add_rows(out, idx, rows) is True
        want = _add_at(shape, idx, rows)
    assert np.array_equal(out.view(np.uint8), want.view(np.uint8))


def test_add_rows_declines_what_it_does_not_do():
    rng = np.random.default_rng(0)
    rows = rng.standard_normal((6, 16))
    with minigrad.reference_mode(False):
        assert not fast_index.add_rows(np.zeros((4, 16)), np.array([0, 1, -1, 2, 3, 0]), rows)     # negative
        assert not fast_index.add_rows(np.zeros((4, 4)), np.array([0, 1, 1, 2, 3, 0]), rows[:, :4])  # short rows
        assert not fast_index.add_rows(np.zeros(16), np.arange(6), rows[:, 0])                   # 1-D target
        assert not fast_index.add_rows(np.zeros((4, 16)), (np.arange(6), np.arange(6)), rows[:, 0])  # two arrays
        assert not fast_index.add_rows(np.zeros((4, 16), np.float32), np.arange(6) % 4, rows)     # dtypes differ
        assert not fast_index.add_rows(np.zeros((4, 16)), np.zeros(40, np.int64), np.ones((40, 16)))  # 40 repeats
        assert not fast_index.add_rows(np.zeros((4, 16)), np.array([True, False, True, True]), rows[:3])  # a mask
    with minigrad.reference_mode(True):
        assert not fast_index.add_rows(np.zeros((4, 16)), np.arange(4), rows[:4])


LOOKUPS = [
    ("x[idx]", lambda L, x, i: x[i]),
    ("x[idx 2-D]", lambda L, x, i: x[i.reshape(20, 10)]),
    ("index_select", lambda L, x, i: x.index_select(0, i)),
    ("embedding", lambda L, x, i: L.nn.functional.embedding(i.reshape(10, 20), x)),
    ("index_add", lambda L, x, i: L.zeros(30, 24, dtype=x.dtype).index_add(0, i % 30, x[:200] * 2)),
]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name,fn", LOOKUPS, ids=[k[0] for k in LOOKUPS])
def test_lookups_match_torch(name, fn, dtype):
    rng = np.random.default_rng(3)
    x = rng.standard_normal((300, 24)).astype(dtype)
    idx = rng.integers(0, 40, 200)           # rows 0-39 looked up about 5 times each
    check(fn, x, idx)


@pytest.mark.parametrize("name,fn", LOOKUPS, ids=[k[0] for k in LOOKUPS])
def test_lookup_gradients_are_the_reference_bit_for_bit(name, fn):
    rng = np.random.default_rng(4)
    x0 = rng.standard_normal((300, 24)).astype(np.float32)
    idx0 = rng.integers(0, 40, 200)
    up = rng.standard_normal((200, 24)).astype(np.float32)

    def run():
        x = minigrad.tensor(x0, requires_grad=True)
        out = fn(minigrad, x, minigrad.tensor(idx0))
        out.backward(minigrad.tensor(up.reshape(out.shape) if out.numel() == up.size else
                                     np.ones(out.shape, np.float32)))
        return x.grad.numpy()
    fast_grad, reference_grad = both_modes(run)
    assert np.array_equal(fast_grad.view(np.uint32), reference_grad.view(np.uint32))
