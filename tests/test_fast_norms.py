"""fast/gradients.py's layer_norm and batch_norm backward on arrays: the reference's gradients bit for bit,
torch's within tolerance, and the reference's own path where it declines (float16, mixed dtypes, a saved
input changed in place)."""
import numpy as np
import pytest

import minigrad
import minigrad.nn.functional as F

from helpers import both_modes, check

CASES = [
    ("layer_norm last dim", (6, 10, 32), lambda L, x, w, b: L.nn.functional.layer_norm(x, (32,), w, b), (32,)),
    ("layer_norm two dims", (6, 10, 32), lambda L, x, w, b: L.nn.functional.layer_norm(x, (10, 32), w, b), (10, 32)),
    ("layer_norm no affine", (6, 10, 32), lambda L, x, w, b: L.nn.functional.layer_norm(x, (32,)) * w.sum() + b.sum(),
     (32,)),
    ("batch_norm train 4-D", (8, 4, 6, 5), lambda L, x, w, b: L.nn.functional.batch_norm(x, None, None, w, b,
                                                                                     training=True), (4,)),
    ("batch_norm train 2-D", (16, 12), lambda L, x, w, b: L.nn.functional.batch_norm(x, None, None, w, b,
                                                                                 training=True), (12,)),
    ("batch_norm eval 3-D", (8, 4, 9), lambda L, x, w, b: L.nn.functional.batch_norm(
        x, L.arange(4, dtype=x.dtype) * 0.1, L.arange(4, dtype=x.dtype) + 0.5, w, b, training=False), (4,)),
    ("batch_norm train no affine", (8, 4, 6, 5), lambda L, x, w, b: L.nn.functional.batch_norm(
        x, None, None, training=True) * w.sum() + b.sum(), (4,)),
]


def _inputs(xshape, pshape, dtype, seed=0):
    rng = np.random.default_rng(seed)
    return (rng.standard_normal(xshape).astype(dtype) * 3 + 1, rng.standard_normal(pshape).astype(dtype),
            rng.standard_normal(pshape).astype(dtype))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name,xshape,fn,pshape", CASES, ids=[c[0] for c in CASES])
def test_norm_gradients_match_torch(name, xshape, fn, pshape, dtype):
    check(fn, *_inputs(xshape, pshape, dtype))


@pytest.mark.parametrize("name,xshape,fn,pshape", CASES, ids=[c[0] for c in CASES])
def test_norm_gradients_are_the_reference_bit_for_bit(name, xshape, fn, pshape):
    arrays = _inputs(xshape, pshape, np.float32, seed=1)

    def run():
        ts = [minigrad.tensor(a, requires_grad=True) for a in arrays]
        out = fn(minigrad, *ts)
        out.backward(minigrad.tensor(np.random.default_rng(2).standard_normal(out.shape).astype(np.float32)))
        return [t.grad.numpy() for t in ts]
    for fast_grad, reference_grad in zip(*both_modes(run)):
        assert np.array_equal(fast_grad.view(np.uint32), reference_grad.view(np.uint32))


def test_float16_and_mixed_dtypes_take_the_reference_path():
    x16 = minigrad.tensor(np.linspace(-2, 2, 240).reshape(4, 60).astype(np.float16), requires_grad=True)
    w32 = minigrad.ones(60, requires_grad=True)
    F.layer_norm(x16, (60,), w32, None).sum().backward()
    assert x16.grad.dtype == minigrad.float16 and w32.grad.dtype == minigrad.float32
    x = minigrad.tensor(np.linspace(-2, 2, 240).reshape(4, 60).astype(np.float16), requires_grad=True)
    F.layer_norm(x, (60,)).pow(2).sum().backward()
    assert x.grad.dtype == minigrad.float16 and np.isfinite(x.grad.numpy()).all()


def test_a_saved_input_changed_in_place_is_refused_as_in_the_reference():
    def run():
        base = minigrad.tensor(np.linspace(-1, 1, 64).reshape(4, 16).astype(np.float32), requires_grad=True)
        x = base * 1
        out = F.layer_norm(x, (16,))
        x.mul_(2)
        with pytest.raises(RuntimeError) as info:
            out.sum().backward()
        return str(info.value).split("(")[0]
    fast_message, reference_message = both_modes(run)
    assert fast_message == reference_message and "modified by an inplace operation" in fast_message
