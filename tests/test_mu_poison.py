"""Poisoned inputs to MultiplicativeUpdate and nmf(): each is a ValueError/TypeError that names the
tensor (or setting) and the fix, raised before any factor changes; never NaN or negative factors."""
import numpy as np
import pytest

import minigrad
from minigrad.optim import MultiplicativeUpdate
from minigrad.optim import multiplicative as mu

NAN, INF = float("nan"), float("inf")


def problem(m=6, n=5, k=2, seed=0):
    rng = np.random.default_rng(seed)
    X = minigrad.tensor(rng.uniform(0.1, 1.0, (m, n)))
    W = minigrad.tensor(rng.uniform(0.1, 1.0, (m, k)), requires_grad=True)
    H = minigrad.tensor(rng.uniform(0.1, 1.0, (k, n)), requires_grad=True)
    return X, W, H


def snapshot(*ts):
    return [t.detach().numpy().copy() for t in ts]


def assert_unchanged(before, *ts):
    for b, t in zip(before, ts):
        np.testing.assert_array_equal(t.detach().numpy(), b)


def poke(t, value, index=(0, 0)):
    with minigrad.no_grad():
        t[index] = value


# ---- the target, the weight and the parameters -------------------------------------------------------
@pytest.mark.parametrize("value, words", [(NAN, "1 NaN entry"), (INF, "1 infinite entry"),
                                          (-INF, "infinite entry")])
@pytest.mark.parametrize("beta", [2.0, 1.0, 0.5])
def test_non_finite_target(value, words, beta):
    X, W, H = problem()
    poke(X, value, (2, 3))
    before = snapshot(W, H)
    with pytest.raises(ValueError, match=rf"the target \(the closure's second result, shape \(6, 5\)\) has .*{words}"
                                         r".*weight of 0"):
        MultiplicativeUpdate([W, H], beta=beta).step(lambda: (W @ H, X))
    assert_unchanged(before, W, H)


@pytest.mark.parametrize("value, words", [(NAN, "NaN"), (INF, "infinite"), (-1.0, "negative")])
def test_bad_weight(value, words):
    X, W, H = problem()
    mask = minigrad.ones(6, 5, dtype=minigrad.float64)
    poke(mask, value, (1, 1))
    with pytest.raises(ValueError, match=rf"the weight \(the closure's third result, shape \(6, 5\)\) has 1 {words}"
                                         r".*use 1 for an entry that counts and 0 to ignore one"):
        MultiplicativeUpdate([W, H]).step(lambda: (W @ H, X, mask))


@pytest.mark.parametrize("which", [0, 1])
@pytest.mark.parametrize("value, words", [(NAN, "1 NaN entry"), (INF, "1 infinite entry"),
                                          (-0.5, "negative entries")])
def test_bad_initial_factor(which, value, words):
    X, W, H = problem()
    poke((W, H)[which], value)
    shape = tuple((W, H)[which].shape)
    with pytest.raises(ValueError, match=rf"parameter {which} \(shape \({shape[0]}, {shape[1]}\)\) has {words}.*"
                                         r"initialise them with finite non-negative values"):
        MultiplicativeUpdate([W, H]).step(lambda: (W @ H, X))


# ---- the settings ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["l1", "l2"])
@pytest.mark.parametrize("value", [NAN, INF, -INF])
def test_non_finite_regularisation(name, value):
    X, W, H = problem()
    with pytest.raises(ValueError, match=rf"{name} must be a finite number, got {value}; use {name}=0"):
        MultiplicativeUpdate([W, H], **{name: value})
    with pytest.raises(ValueError, match=rf"{name} must be a finite number"):          # in a param group
        MultiplicativeUpdate([{"params": [W], name: value}, {"params": [H]}])
    opt = MultiplicativeUpdate([W, H])
    opt.param_groups[0][name] = value                                                    # changed afterwards
    before = snapshot(W, H)
    with pytest.raises(ValueError, match=rf"{name} must be a finite number"):
        opt.step(lambda: (W @ H, X))
    assert_unchanged(before, W, H)


@pytest.mark.parametrize("kwargs, match", [({"l1": -0.1}, "l1 and l2 must be >= 0"), ({"l2": -1}, ">= 0"),
                                            ({"beta": NAN}, "beta must be a finite number"),
                                            ({"beta": INF}, "beta must be a finite number"),
                                            ({"gamma": NAN}, r"gamma must be in \(0, 1\]"),
                                            ({"gamma": 0.0}, r"gamma must be in \(0, 1\]")])
def test_bad_settings(kwargs, match):
    _, W, H = problem()
    with pytest.raises(ValueError, match=match):
        MultiplicativeUpdate([W, H], **kwargs)


def test_setting_of_the_wrong_type():
    _, W, H = problem()
    with pytest.raises(TypeError, match="l1 must be a number, got str"):
        MultiplicativeUpdate([W, H], l1="0.1")


# ---- the model ------------------------------------------------------------------------------------------
def test_prediction_that_goes_negative():
    X, W, H = problem()
    before = snapshot(W, H)
    with pytest.raises(ValueError, match=r"the prediction \(the closure's first result, shape \(6, 5\)\) has 30 "
                                         r"negative entries.*Remove subtractions"):
        MultiplicativeUpdate([W, H]).step(lambda: (W @ H - 5, X))
    assert_unchanged(before, W, H)


def test_prediction_that_goes_negative_later():
    """W @ H - 0.3 is non-negative at the start here and becomes negative as the factors shrink."""
    X, W, H = problem()
    with minigrad.no_grad():
        W.mul_(3.0)
        H.mul_(3.0)
    X = X * 0.01
    opt = MultiplicativeUpdate([W, H])
    with pytest.raises(ValueError, match="the prediction .* negative entries"):
        for _ in range(50):
            opt.step(lambda: (W @ H - 0.3, X))
    assert (W.detach().numpy() >= 0).all() and (H.detach().numpy() >= 0).all()


def test_prediction_with_nan():
    X, W, H = problem()
    with pytest.raises(ValueError, match="the prediction .* has 30 NaN entries"):
        MultiplicativeUpdate([W, H]).step(lambda: ((W @ H).log() * 0 + (W @ H) * NAN, X))


def test_model_with_a_negative_jacobian():
    """10 - W @ H is positive, but its parts come out negative: not a multiplicative update."""
    X, W, H = problem()
    before = snapshot(W, H)
    with pytest.raises(ValueError, match=r"parts of parameter 0's gradient \(shape \(6, 2\)\) have .*negative.*"
                                         r"Jacobian has negative entries"):
        MultiplicativeUpdate([W, H]).step(lambda: (10 - W @ H, X))
    assert_unchanged(before, W, H)


def test_overflow_is_an_error_not_inf():
    """float32 data near its largest value: X Hᵀ / (W H Hᵀ) overflows; the factor must not become inf."""
    X = minigrad.full((4, 3), 1e38)                                      # finite in float32 (max 3.4e38)
    W = minigrad.ones(4, 1, requires_grad=True)
    H = minigrad.full((1, 3), 1e-3, requires_grad=True)
    before = snapshot(W, H)
    message = (r"the update of parameter 0 \(shape \(4, 1\)\) overflowed to 4 infinite entries; the data are too "
               "large for torch.float32: scale the target down")
    with np.errstate(over="ignore"), pytest.raises(ValueError, match=message):
        MultiplicativeUpdate([W, H]).step(lambda: (W @ H, X))
    assert_unchanged(before, W, H)


# ---- data changed in place after a step -------------------------------------------------------------------
@pytest.mark.parametrize("value, words", [(NAN, "NaN"), (INF, "infinite"), (-1.0, "negative")])
def test_target_changed_in_place_after_a_step(value, words):
    X, W, H = problem()
    opt = MultiplicativeUpdate([W, H])
    opt.step(lambda: (W @ H, X))
    poke(X, value)
    before = snapshot(W, H)
    with pytest.raises(ValueError, match=f"the target .*{words}"):
        opt.step(lambda: (W @ H, X))
    assert_unchanged(before, W, H)


@pytest.mark.parametrize("value", [NAN, INF, -1.0])
def test_weight_and_parameter_changed_in_place_after_a_step(value):
    X, W, H = problem()
    mask = minigrad.ones(6, 5, dtype=minigrad.float64)
    opt = MultiplicativeUpdate([W, H])
    opt.step(lambda: (W @ H, X, mask))
    poke(mask, value)
    with pytest.raises(ValueError, match="the weight"):
        opt.step(lambda: (W @ H, X, mask))
    poke(mask, 1.0)
    poke(H, value)
    with pytest.raises(ValueError, match="parameter 1"):
        opt.step(lambda: (W @ H, X, mask))


def test_parameter_replaced_through_data_is_still_caught():
    """.data = ... keeps the version counter, so the cheap check is skipped; the update check catches it."""
    X, W, H = problem()
    opt = MultiplicativeUpdate([W, H])
    opt.step(lambda: (W @ H, X))
    W.data = -W.detach()
    with pytest.raises(ValueError, match="parameter 0|prediction"):
        opt.step(lambda: (W @ H, X))


@pytest.mark.parametrize("value", [NAN, INF])
def test_target_changed_behind_the_version_counter_is_still_named(value):
    """Writing through .numpy() moves no version counter; the per-step checks still catch NaN and inf (not
    a negative entry: that would take a full pass over the data every step), and the message names the
    target, not the model."""
    X, W, H = problem()
    opt = MultiplicativeUpdate([W, H])
    opt.step(lambda: (W @ H, X))
    X.numpy()[0, 0] = value
    before = snapshot(W, H)
    with pytest.raises(ValueError, match="the target"):
        opt.step(lambda: (W @ H, X))
    assert_unchanged(before, W, H)


@pytest.mark.parametrize("value", [NAN, -1.0])
def test_parameter_changed_behind_the_version_counter_is_still_named(value):
    X, W, H = problem()
    opt = MultiplicativeUpdate([W, H])
    opt.step(lambda: (W @ H, X))
    H.detach().numpy()[:] = value
    with pytest.raises(ValueError, match="parameter 1"):
        opt.step(lambda: (W @ H, X))


def test_unchanged_data_is_not_checked_again(monkeypatch):
    """The full checks of target, weight and parameters run only when a version counter moved."""
    X, W, H = problem()
    calls = {"data": 0, "param": 0}
    check_data, check_param = mu._check_data, mu._check_param
    monkeypatch.setattr(mu, "_check_data", lambda *a: (calls.__setitem__("data", calls["data"] + 1), check_data(*a)))
    monkeypatch.setattr(mu, "_check_param",
                        lambda *a: (calls.__setitem__("param", calls["param"] + 1), check_param(*a)))
    opt = MultiplicativeUpdate([W, H])
    for _ in range(5):
        opt.step(lambda: (W @ H, X))
    assert calls == {"data": 1, "param": 2}
    poke(X, 0.5)
    opt.step(lambda: (W @ H, X))
    assert calls == {"data": 2, "param": 2}
    poke(W, 0.5)
    opt.step(lambda: (W @ H, X))
    assert calls == {"data": 2, "param": 3}


# ---- nmf() ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("beta", [2.0, 1.0, 0.5])
@pytest.mark.parametrize("value, words", [(NAN, "1 NaN"), (INF, "1 infinite"), (-1.0, "1 negative")])
def test_nmf_refuses_bad_data(beta, value, words):
    X, _, _ = problem(8, 7)
    poke(X, value, (3, 4))
    with pytest.raises(ValueError, match=rf"nmf\(\): X \(shape \(8, 7\)\) has {words} entries; NMF needs finite "
                                         "non-negative data"):
        minigrad.nmf(X, 2, beta=beta, max_iter=5)
    Xn = X.numpy().copy()
    with pytest.raises(ValueError, match=rf"nmf\(\): X .* has {words}"):
        minigrad.nmf(Xn, 2, beta=beta, max_iter=5)                   # a NumPy array too


@pytest.mark.parametrize("which", ["W", "H"])
@pytest.mark.parametrize("value", [NAN, INF, -1.0])
def test_nmf_refuses_bad_initial_factors(which, value):
    X, W, H = problem()
    W0, H0 = W.detach().numpy().copy(), H.detach().numpy().copy()
    {"W": W0, "H": H0}[which][0, 0] = value
    with pytest.raises(ValueError, match=rf"nmf\(\): the initial {which} \(shape"):
        minigrad.nmf(X, 2, init=(W0, H0), max_iter=5)
    with pytest.raises(ValueError, match=rf"nmf\(\): the initial {which}"):
        minigrad.nmf(X, 2, beta=1.0, init=(W0, H0), max_iter=5)


@pytest.mark.parametrize("kwargs, match", [({"l1": NAN}, "l1 must be a finite number"),
                                            ({"l2": INF}, "l2 must be a finite number"),
                                            ({"l1": -1.0}, "l1 must be >= 0"),
                                            ({"beta": NAN}, "beta must be a finite number"),
                                            ({"tol": NAN}, "tol must be a finite number"),
                                            ({"max_iter": 0}, "max_iter must be a positive int")])
@pytest.mark.parametrize("closed_form", [True, False])
def test_nmf_refuses_bad_settings(kwargs, match, closed_form):
    X, _, _ = problem()
    with pytest.raises(ValueError, match=match):
        minigrad.nmf(X, 2, closed_form=closed_form, **kwargs)


def test_nmf_leaves_its_input_alone_and_returns_fresh_factors():
    X, W, H = problem()
    W0, H0 = W.detach().numpy().copy(), H.detach().numpy().copy()
    res = minigrad.nmf(X, 2, init=(W, H), max_iter=20, tol=0)
    assert_unchanged([W0, H0], W, H)
    assert np.isfinite(res.W.numpy()).all() and (res.W.numpy() >= 0).all()
    assert res.history[-1] < res.history[0]


@pytest.mark.parametrize("k", [0, -1, 2.5, True, "2", None])
def test_nmf_refuses_a_bad_rank(k):
    X, _, _ = problem()
    with pytest.raises(ValueError, match=r"k \(the number of components\) must be a positive int"):
        minigrad.nmf(X, k)
    assert minigrad.nmf(X, np.int64(2), max_iter=3).W.shape == (6, 2)


# ---- the prediction's check, shortened for a plain product of two parameters (fast/multiplicative.py) ---------
def test_plain_product_is_proved_finite_from_the_factors_only_when_it_can_be():
    """For W @ H of the optimizer's own parameters the (m, n) prediction is not scanned: its entries are
    non-negative and finite when the factors are non-negative and (largest row sum of W)·(max H) is far
    from overflow. Anything else is left to the full check (reference mode always runs it)."""
    from minigrad import fast
    X, W, H = problem()
    pred = W @ H
    if not fast.switch.SWITCH.on:
        assert fast.multiplicative.product_is_finite(pred, [W, H]) is False
        return
    assert fast.multiplicative.product_is_finite(pred, [W, H]) is True
    assert fast.multiplicative.product_is_finite(pred, [W]) is False          # H is not the optimizer's
    assert fast.multiplicative.product_is_finite(W @ H.detach(), [W, H]) is False
    assert fast.multiplicative.product_is_finite(W @ H * 2, [W, H]) is False  # not the product itself
    H.detach().numpy()[0, 0] = -1.0                                          # behind the version counter
    assert fast.multiplicative.product_is_finite(W @ H, [W, H]) is False
    big = minigrad.tensor(np.full((3, 2), 1e19, np.float32), requires_grad=True)
    big2 = minigrad.tensor(np.full((2, 3), 1e19, np.float32), requires_grad=True)
    assert fast.multiplicative.product_is_finite(big @ big2, [big, big2]) is False    # would overflow float32


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_a_product_that_overflows_is_refused_before_any_factor_changes(dtype):
    scale = 1e20 if dtype == np.float32 else 1e160
    X = minigrad.tensor(np.ones((3, 4), dtype))
    W = minigrad.tensor(np.full((3, 2), scale, dtype), requires_grad=True)
    H = minigrad.tensor(np.full((2, 4), scale, dtype), requires_grad=True)
    before = snapshot(W, H)
    with pytest.raises(ValueError, match="prediction .* infinite"):
        MultiplicativeUpdate([W, H]).step(lambda: (W @ H, X))
    assert_unchanged(before, W, H)
