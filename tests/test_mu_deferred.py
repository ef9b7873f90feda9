"""MultiplicativeUpdate's deferred forward product (fast/multiplicative.py): inside the optimizer's closure,
``W @ H`` of two of its parameters is computed only when something reads it, from copies of the factors taken
when ``@`` ran. Whatever reads it, whenever, gets the values an eager ``W @ H`` would have had; the iterates are
those of reference mode; outside the closure, and in reference mode, ``@`` is what it always is."""
import numpy as np
import pytest

import minigrad
from minigrad.fast.multiplicative import DeferredProduct
from minigrad.fast.switch import is_reference_mode
from minigrad.optim import MultiplicativeUpdate

from helpers import both_modes


def problem(m=9, n=7, k=3, seed=0, dtype=np.float64):
    rng = np.random.default_rng(seed)
    X = minigrad.tensor(rng.uniform(0.1, 1.0, (m, n)).astype(dtype))
    W = minigrad.tensor(rng.uniform(0.1, 1.0, (m, k)).astype(dtype), requires_grad=True)
    H = minigrad.tensor(rng.uniform(0.1, 1.0, (k, n)).astype(dtype), requires_grad=True)
    return X, W, H


def _np(t):
    return t.detach().numpy().copy()


def test_predictions_read_after_the_step_hold_the_values_from_when_the_closure_ran():
    def run():
        X, W, H = problem()
        seen, expected = [], []

        def closure():
            expected.append(_np(W) @ _np(H))           # what W @ H is at this moment
            pred = W @ H
            seen.append(pred)                          # kept, read only after the step changed W and H
            return pred, X
        opt = MultiplicativeUpdate([W, H])
        firsts = [opt.step(closure)[0] for _ in range(3)]
        assert len(seen) == 6 and firsts == seen[::2]
        for pred, want in zip(seen, expected):
            assert tuple(pred.shape) == want.shape
            np.testing.assert_array_equal(pred.detach().numpy(), want)
        return _np(W), _np(H)
    (w, h), (rw, rh) = both_modes(run)
    np.testing.assert_allclose(w, rw, rtol=1e-12)
    np.testing.assert_allclose(h, rh, rtol=1e-12)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_the_iterates_are_those_of_an_eager_product(dtype):
    """A closure that reads the product (a loss printed every step) makes it eagerly; the plain closure never
    does. Both give the same factors bit for bit."""
    def run(read):
        X, W, H = problem(40, 30, 5, seed=2, dtype=dtype)
        opt = MultiplicativeUpdate([W, H])
        losses = []

        def closure():
            pred = W @ H
            if read:
                losses.append(float(((pred - X) ** 2).sum()))
            return pred, X
        for _ in range(15):
            opt.step(closure)
        assert not read or losses[-1] < losses[0]
        return _np(W), _np(H), W.grad.numpy().copy()
    for lazy, eager in zip(run(False), run(True)):
        np.testing.assert_array_equal(lazy, eager)


def test_only_the_optimizers_own_product_is_deferred():
    X, W, H = problem()
    kinds = []

    def closure():
        pred = W @ H
        kinds.append((type(pred), type(W @ H.detach()), type(W[:, :2] @ H[:2]), type(W.T.T @ H)))
        return pred, X
    MultiplicativeUpdate([W, H]).step(closure)
    assert kinds[0][0] is (minigrad.Tensor if is_reference_mode() else DeferredProduct)
    assert all(k is minigrad.Tensor for k in kinds[0][1:])          # a detached factor, slices, a view
    assert type(W @ H) is minigrad.Tensor                           # outside the closure
    other = minigrad.tensor(np.ones((3, 7)), requires_grad=True)
    MultiplicativeUpdate([W]).step(lambda: (kinds.append(type(W @ other)) or (W @ other), X))
    assert kinds[-1] is minigrad.Tensor                             # `other` is not the optimizer's
    MultiplicativeUpdate([W, H], beta=1.0).step(closure)              # β = 1 reads the product: made at once
    assert kinds[-1][0] is minigrad.Tensor
    with minigrad.reference_mode():
        MultiplicativeUpdate([W, H]).step(closure)
        assert kinds[-1][0] is minigrad.Tensor


def test_a_deferred_product_behaves_as_the_tensor_it_stands_for():
    with minigrad.reference_mode(False):
        X, W, H = problem()
        kept = []
        MultiplicativeUpdate([W, H]).step(lambda: (kept.append(W @ H) or kept[-1], X))
        pred = kept[0]
        assert isinstance(pred, DeferredProduct) and "_factors" in pred.__dict__
        assert pred.shape == minigrad.Size((9, 7)) and pred.requires_grad and pred.grad_fn.name() == "MmBackward0"
        assert pred.dtype == minigrad.float64 and pred.dim() == 2 and "_factors" not in pred.__dict__
        assert repr(pred).startswith("tensor([[")
        assert pred.is_contiguous() and pred.size(1) == 7 and pred.detach().numpy().flags.c_contiguous
        with pytest.raises(RuntimeError):          # its graph was used by the step (and W, H changed since)
            pred.sum().backward()


def test_the_checks_still_run_when_the_model_is_more_than_a_product():
    """(W @ H) * 2 reads the product at once (and goes through autograd): same refusals as always."""
    X, W, H = problem()
    with pytest.raises(ValueError, match="prediction .* negative"):
        MultiplicativeUpdate([W, H]).step(lambda: ((W @ H) * -1.0, X))
    X, W, H = problem()
    W.detach().numpy()[0, 0] = -1.0                                    # behind the version counter
    with pytest.raises(ValueError, match="parameter 0 .* negative"):
        MultiplicativeUpdate([W, H]).step(lambda: (W @ H, X))
