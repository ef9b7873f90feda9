"""fast/engine.py (the backward loop with its calls inlined), fast/gradients.py (array gradients of the
commonest ops) and fast/multiplicative.py against the reference engine and ops: the same gradients,
hooks, errors and iterates, and each function declines (None) what it does not handle."""
import numpy as np
import pytest

import minigrad
import minigrad.nn.functional as F
from minigrad import fast
from minigrad.autograd import engine
from minigrad.optim import MultiplicativeUpdate
from minigrad.optim.multiplicative import gradient_parts

from helpers import both_modes, rand



def _np(t):
    return None if t is None else t.detach().numpy()


def _leaf(shape, seed, dtype=np.float64):
    return minigrad.tensor(rand(*shape, dtype=dtype, seed=seed), requires_grad=True)


# (name, function of two leaves a (3, 4) and b, b's shape): covers every op in fast/gradients.py,
# with broadcasting (summed back on arrays, as the reference's sum_to) and constants.
CASES = [
    ("add", lambda a, b: a + b, (3, 4)), ("add broadcast", lambda a, b: a + b, (4,)),
    ("add number", lambda a, b: a + 0.5 + 0 * b.sum(), (4,)),
    ("sub", lambda a, b: a - b, (3, 4)), ("sub broadcast", lambda a, b: b - a, (1, 4)),
    ("mul", lambda a, b: a * b, (3, 4)), ("mul broadcast", lambda a, b: a * b, (3, 1)),
    ("mul number", lambda a, b: (a * 0.999) * b, (3, 4)), ("mul self", lambda a, b: a * a + b.sum(), (2,)),
    ("mul constant", lambda a, b: a * minigrad.tensor(rand(3, 4, seed=9)).to(a.dtype) + b.sum(), (2,)),
    ("neg", lambda a, b: -a * b, (3, 4)),
    ("relu", lambda a, b: (a * b).relu(), (3, 4)), ("leaky_relu", lambda a, b: F.leaky_relu(a * b, 0.1), (3, 4)),
    ("hardtanh", lambda a, b: F.hardtanh(a * b, -0.5, 0.5), (3, 4)),
    ("sum", lambda a, b: (a * b).sum(), (3, 4)), ("sum dim", lambda a, b: (a * b).sum(1), (3, 4)),
    ("sum keepdim", lambda a, b: (a * b).sum(0, keepdim=True), (3, 4)),
    ("mean", lambda a, b: (a * b).mean(), (3, 4)), ("mean dims", lambda a, b: (a * b).mean((0, 1)), (3, 4)),
    ("view", lambda a, b: (a * b).view(12), (3, 4)), ("transpose", lambda a, b: a.t() @ b, (3, 2)),
    ("mm", lambda a, b: a @ b, (4, 5)), ("mm constant",
     lambda a, b: a @ minigrad.tensor(rand(4, 2, seed=7)).to(a.dtype) + b, (1,)),
    ("linear", lambda a, b: F.linear(a, b, minigrad.ones(5, dtype=a.dtype)), (5, 4)),
    ("linear bias grad", lambda a, b: F.linear(a, b[:, :4], b[:, 4]), (5, 5)),
    ("0-d", lambda a, b: a.sum() * b.sum() + a.mean(), (2,)),
]


@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=["f64", "f32"])
@pytest.mark.parametrize("name,fn,b_shape", CASES, ids=[c[0] for c in CASES])
def test_plain_loop_and_array_gradients_match_the_reference(name, fn, b_shape, dtype):
    def run():
        a, b = _leaf((3, 4), 1, dtype), _leaf(b_shape, 2, dtype)
        out = fn(a, b)
        up = minigrad.tensor(rand(*out.shape, dtype=dtype, seed=3))
        out.backward(up)
        return _np(a.grad), _np(b.grad), a.grad.dtype if a.grad is not None else None
    (ga, gb, da), (ra, rb, rda) = both_modes(run)
    tol = 1e-6 if dtype == np.float32 else 1e-13
    for g, r in ((ga, ra), (gb, rb)):
        assert (g is None) == (r is None)
        if r is not None:
            np.testing.assert_allclose(g, r, rtol=tol, atol=tol)
    assert da == rda


def test_the_plain_loop_runs_in_normal_mode_only(monkeypatch):
    calls = []
    original = fast.engine.run_plain

    def counting(*args):
        calls.append(1)
        return original(*args)
    for reference in (False, True):
        with minigrad.reference_mode(reference):
            if not reference:
                monkeypatch.setattr(engine, "_fast_run", counting)
            x = _leaf((2, 3), 1)
            (x * 2).sum().backward()
            minigrad.autograd.grad((x * 3).sum(), x)          # autograd.grad: the engine's own loop
            (x * x).sum().backward(create_graph=True)          # create_graph: the engine's own loop
            assert engine._fast_run is (None if reference else counting)
            monkeypatch.undo()
    assert len(calls) == 1


def test_array_gradients_sum_broadcasts_back_and_decline_stale_saves():
    a, b = _leaf((3, 4), 1), _leaf((4,), 2)
    node = (a * b).grad_fn
    gr = np.arange(12, dtype=np.float32).reshape(3, 4)                  # the loop passes arrays
    ga, gb = fast.gradients.TABLE[type(node)](node, gr)                # b was broadcast: summed back
    np.testing.assert_array_equal(ga, gr * b.detach().numpy())
    np.testing.assert_array_equal(gb, (gr * a.detach().numpy()).sum(0))
    for node, sign in (((a + b).grad_fn, 1), ((a - b).grad_fn, -1)):
        ga, gb = fast.gradients.TABLE[type(node)](node, gr)
        np.testing.assert_array_equal(ga, gr)
        np.testing.assert_array_equal(gb, sign * gr.sum(0))
    g = np.ones((3, 4), np.float32)
    c = _leaf((3, 4), 3)
    node = (a * c).grad_fn
    ga, gc = fast.gradients.TABLE[type(node)](node, g)
    np.testing.assert_array_equal(ga, c.detach().numpy())
    y = a * 1.0
    node = (y * c).grad_fn
    with minigrad.no_grad():
        y.add_(1)                                                      # a saved input changed in place
    assert fast.gradients.TABLE[type(node)](node, g) is None


def _error(fn):
    try:
        fn()
    except RuntimeError as exc:
        return str(exc)
    return None


def test_plain_loop_raises_what_the_reference_raises():
    def twice():
        x = _leaf((2, 2), 1)
        y = (x * x).relu().sum()
        y.backward()
        return _error(y.backward)

    def changed():
        x = _leaf((2, 2), 1)
        h = x * 2.0
        y = (h * h).sum()
        with minigrad.no_grad():
            h.mul_(3)
        return _error(y.backward)

    def relu_changed():
        x = _leaf((2, 2), 1)
        h = (x * 2.0).relu()
        y = h.sum()
        h.add_(1)
        return _error(y.backward)
    for case in (twice, changed, relu_changed):
        normal, reference = both_modes(case)
        assert normal is not None and normal == reference


def test_plain_loop_runs_hooks_in_the_reference_order():
    def run():
        log = []
        x = _leaf((2, 3), 1)
        h = x * 2.0
        h.register_hook(lambda g: log.append(("h", float(g.sum()))) or g * 3)
        h.retain_grad()
        z = h.relu() + h
        z.grad_fn.register_prehook(lambda gs: log.append(("pre", len(gs))))
        x.register_hook(lambda g: log.append(("x", float(g.sum()))))
        z.sum().backward(retain_graph=True)
        z.sum().backward()
        return log, _np(x.grad), _np(h.grad)
    (log, gx, gh), (rlog, rgx, rgh) = both_modes(run)
    assert log == rlog and len(log) == 6
    np.testing.assert_allclose(gx, rgx, rtol=1e-14)
    np.testing.assert_allclose(gh, rgh, rtol=1e-14)


def test_plain_loop_with_multi_output_ops_and_functions():
    class Scale(minigrad.autograd.Function):          # a user Function: its backward is validated
        @staticmethod
        def forward(ctx, x, k):
            ctx.k = k
            return x * k

        @staticmethod
        def backward(ctx, g):
            return g * ctx.k, None

    def run():
        x = _leaf((4, 3), 1)
        a, b = x.split(2)
        m = x.max(1)
        y = Scale.apply(a, 3.0).sum() + (b * 2).sum() + m.values.sum() + x.chunk(3, 1)[2].relu().sum()
        y.backward()
        return _np(x.grad)
    g, r = both_modes(run)
    np.testing.assert_allclose(g, r, rtol=1e-14)


def test_saved_intermediate_arrays_come_back_as_tensors():
    for reference in (False, True):
        with minigrad.reference_mode(reference):
            y = _leaf((2, 3), 1).relu()
            out, slope = y.grad_fn.saved_tensors
            assert isinstance(out, minigrad.Tensor) and isinstance(slope, minigrad.Tensor)
            assert slope.dtype == minigrad.bool


# ------------------------------------------------------------------------------- multiplicative updates
def _factors(m=6, n=5, k=3, seed=0):
    rng = np.random.default_rng(seed)
    W = minigrad.tensor(rng.random((m, k)), requires_grad=True)
    H = minigrad.tensor(rng.random((k, n)), requires_grad=True)
    X = minigrad.tensor(rng.random((m, n)))
    return W, H, X


def test_gradient_parts_of_a_product_match_the_two_autograd_passes():
    """∇⁺ from a k x k product (equal up to rounding) and ∇⁻ bit for bit: the same products in the same
    layout as autograd.grad (also for a factor stored transposed, whose gradient torch's mm lays out as
    (gᵀ a)ᵀ); the node then releases what it saved, as that call's pass does."""
    with minigrad.reference_mode(False):
        W, H, X = _factors(7, 5, 3)
        Wf = minigrad.tensor(np.asfortranarray(W.detach().numpy()), requires_grad=True)
        Hf = minigrad.tensor(np.asfortranarray(H.detach().numpy()), requires_grad=True)
        for a, b in ((W, H), (Wf, H), (W, Hf), (Wf, Hf)):
            for p in (a, b):
                fast_pos, fast_neg = fast.multiplicative.gradient_parts(a @ b, X, p, 2.0, None)
                pred = a @ b
                ref_pos, = minigrad.autograd.grad(pred, p, pred.detach(), retain_graph=True)
                ref_neg, = minigrad.autograd.grad(pred, p, X)
                np.testing.assert_allclose(fast_pos.numpy(), ref_pos.numpy(), rtol=1e-13)
                np.testing.assert_array_equal(fast_neg.numpy(), ref_neg.numpy())
                assert fast_neg.numpy().strides == ref_neg.numpy().strides
        pred = W @ H
        fast.multiplicative.gradient_parts(pred, X, W, 2.0, None)
        with pytest.raises(RuntimeError, match="second time"):
            pred.backward(X)


def test_gradient_parts_leave_to_autograd_whatever_could_make_the_passes_differ():
    with minigrad.reference_mode(False):
        W, H, X = _factors(7, 5, 3)
        parts = fast.multiplicative.gradient_parts
        assert parts(W @ H, X, W, 1.0, None) is None                                 # another β
        assert parts(W @ H, X, W, 2.0, X) is None                                    # a weight
        assert parts(W @ H, X.float(), W, 2.0, None) is None                         # another dtype
        assert parts((W @ H) * 1.0, X, W, 2.0, None) is None                         # not a product node
        assert parts(W @ (H * 2), X, H, 2.0, None) is None                           # H not a direct factor
        S = minigrad.tensor(np.eye(3), requires_grad=True)
        assert parts(S @ S, X[:3, :3], S, 2.0, None) is None                         # the same factor twice
        assert parts(W @ H.detach(), X, W, 2.0, None) is None                        # H not saved
        pred = W @ H
        pred.register_hook(lambda g: g * 2)                                         # a hook on the prediction
        assert parts(pred, X, W, 2.0, None) is None
        handle = W.register_hook(lambda g: g)                                        # a hook on the parameter
        assert parts(W @ H, X, W, 2.0, None) is None
        handle.remove()
        with minigrad.autograd.trace():                                              # a backward being watched
            assert parts(W @ H, X, W, 2.0, None) is None
        with minigrad.autograd.detect_anomaly():
            assert parts(W @ H, X, W, 2.0, None) is None
        assert parts(W @ H, X, W, 2.0, None) is not None
    with minigrad.reference_mode():
        assert fast.multiplicative.gradient_parts(W @ H, X, W, 2.0, None) is None


def test_a_hook_on_a_factor_still_runs_under_multiplicative_updates():
    W, H, X = _factors(7, 5, 3)
    seen = []
    W.register_hook(lambda g: seen.append(g.shape))
    MultiplicativeUpdate([W, H]).step(lambda: (W @ H, X))
    assert seen == [(7, 3), (7, 3)]    # ∇⁺ and ∇⁻ each through autograd.grad, in both modes


@pytest.mark.parametrize("where", ["pos", "neg", "new"])
@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -1.0, None])
def test_the_update_check_on_arrays_agrees_with_the_stacked_one(where, bad):
    from minigrad.optim.multiplicative import _update_ok
    rng = np.random.default_rng(3)
    parts = {k: rng.random((4, 3)) for k in ("pos", "neg", "new")}
    if bad is not None:
        parts[where][1, 2] = bad
    p = minigrad.tensor(rng.random((4, 3)))
    g_pos, g_neg, new = (minigrad.tensor(parts[k]) for k in ("pos", "neg", "new"))
    expected = _update_ok(p, g_pos, g_neg, new)
    assert expected is (bad is None or (bad == float("inf") and where != "new"))
    with minigrad.reference_mode(False):
        assert fast.multiplicative.update_is_ok(p, g_pos, g_neg, new) is expected
    with minigrad.reference_mode():
        assert fast.multiplicative.update_is_ok(p, g_pos, g_neg, new) is None


def test_multiplicative_iterates_match_the_reference():
    def run():
        W, H, X = _factors(20, 15, 4, seed=1)
        opt = MultiplicativeUpdate([W, H], beta=2.0)
        for _ in range(25):
            opt.step(lambda: (W @ H, X))
        return _np(W), _np(H)
    (w, h), (rw, rh) = both_modes(run)
    np.testing.assert_allclose(w, rw, rtol=1e-10)
    np.testing.assert_allclose(h, rh, rtol=1e-10)


def test_gradient_parts_still_refuses_a_changed_factor():
    W, H, X = _factors()
    pred = W @ H
    with minigrad.no_grad():
        H.mul_(2)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        gradient_parts(pred, X, W, 2.0)


# ------------------------------------------------------------------------------- .grad without a copy
def _shares(a, b):
    return np.shares_memory(a.detach().numpy(), b.detach().numpy())


def test_a_new_gradient_becomes_grad_uncopied_only_when_no_one_else_holds_it():
    with minigrad.reference_mode(False):
        x = _leaf((3, 4), 1)
        up = minigrad.tensor(rand(3, 4, seed=2))
        (x + 1.0).backward(up)                        # the caller's own gradient reaches x: copied
        assert not _shares(x.grad, up)
        np.testing.assert_array_equal(x.grad.numpy(), up.numpy())

        a, b = _leaf((3, 4), 1), _leaf((3, 4), 2)
        (a + b).backward(up)                          # one gradient for two leaves: never shared
        assert not _shares(a.grad, b.grad) and not _shares(a.grad, up)

        x = _leaf((3, 4), 1)
        y = x * 1.0
        y.retain_grad()
        (y * 2.0).sum().backward()                    # y.grad holds the array that reaches x
        assert not _shares(x.grad, y.grad)
        x.grad.add_(1)
        np.testing.assert_array_equal(y.grad.numpy(), np.full((3, 4), 2.0))

        kept = []
        x = _leaf((3, 4), 1)
        h = x + 0.0
        h.register_hook(lambda g: kept.append(g))     # a hook keeps the gradient that flows on to x
        (h * 2.0).sum().backward()
        assert not _shares(x.grad, kept[0])
        x.grad.zero_()
        np.testing.assert_array_equal(kept[0].numpy(), np.full((3, 4), 2.0))

        w = _leaf((5, 4), 3)
        F.linear(minigrad.tensor(rand(2, 4, seed=4)), w).sum().backward()
        assert w.grad.is_contiguous()                 # W's gradient: its own C-contiguous array
        before = w.grad
        F.linear(minigrad.tensor(rand(2, 4, seed=4)), w).sum().backward()
        assert w.grad is before                       # the second pass adds into it, in place


def test_gradients_accumulated_over_passes_match_the_reference():
    def run():
        w = _leaf((5, 4), 3)
        b = _leaf((5,), 4)
        x = minigrad.tensor(rand(6, 4, seed=5))
        for _ in range(3):
            F.linear(x, w, b).relu().pow(2).sum().backward()
        return _np(w.grad), _np(b.grad), w.grad.is_contiguous()
    (gw, gb, c), (rw, rb, rc) = both_modes(run)
    np.testing.assert_allclose(gw, rw, rtol=1e-13)
    np.testing.assert_allclose(gb, rb, rtol=1e-13)
    assert c and rc


@pytest.mark.parametrize("reference", [False, True])
def test_backward_functions_run_with_recording_off(reference):
    """A plain backward records nothing: backward functions see grad mode off, and the gradients of
    an op without an array shortcut (exp, here) come back without a graph of their own."""
    seen = []

    class Spy(minigrad.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 1.0

        @staticmethod
        def backward(ctx, g):
            seen.append(minigrad.is_grad_enabled())
            return g

    with minigrad.reference_mode(reference):
        x = _leaf((3, 2), 5)
        y = Spy.apply(x.exp()).relu()
        hooked = []
        y.register_hook(lambda g: hooked.append((g.grad_fn, g.requires_grad)))
        y.sum().backward()
        assert seen == [False]
        assert hooked == [(None, False)]
        assert x.grad.grad_fn is None and not x.grad.requires_grad
        np.testing.assert_allclose(x.grad.numpy(), np.exp(x.detach().numpy()))     # relu of exp > 0: slope 1
