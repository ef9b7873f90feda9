"""Multiplicative updates from autograd: against hand-written Lee-Seung in torch, against
scikit-learn's MU solver, monotonicity for many beta, masks, models beyond W @ H, and errors."""
import warnings

import numpy as np
import pytest
import torch

import minigrad
from minigrad.optim import MultiplicativeUpdate
from minigrad.nn.functional import beta_divergence

sk_nmf = pytest.importorskip("sklearn.decomposition._nmf")


def data(m=30, n=20, k=4, seed=0, positive=True):
    rng = np.random.default_rng(seed)
    X = rng.gamma(1.0, 1.0, (m, k)) @ rng.gamma(1.0, 1.0, (k, n)) + (rng.uniform(0.05, 0.2, (m, n)) if positive else 0)
    W0 = np.abs(rng.standard_normal((m, k)))
    H0 = np.abs(rng.standard_normal((k, n)))
    return X, W0, H0


def leaves(*arrays, device="cpu"):
    return [minigrad.tensor(a, device=device, requires_grad=True) for a in arrays]


@pytest.mark.parametrize("beta", [2.0, 1.0])
def test_matches_hand_written_lee_seung_in_torch_step_by_step(beta, device):
    X, W0, H0 = data()
    Xt, Wt, Ht = (torch.tensor(a) for a in (X, W0, H0))
    W, H = leaves(W0, H0, device=device)
    Xm = minigrad.tensor(X, device=device)
    opt = MultiplicativeUpdate([W, H], beta=beta)
    for _ in range(15):
        if beta == 2:                             # Lee & Seung, squared error
            Wt = Wt * (Xt @ Ht.T) / (Wt @ Ht @ Ht.T)
            Ht = Ht * (Wt.T @ Xt) / (Wt.T @ Wt @ Ht)
        else:                                     # Lee & Seung, KL
            Wt = Wt * ((Xt / (Wt @ Ht)) @ Ht.T) / Ht.sum(1)
            Ht = Ht * (Wt.T @ (Xt / (Wt @ Ht))) / Wt.sum(0)[:, None]
        opt.step(lambda: (W @ H, Xm))
        np.testing.assert_allclose(W.detach().cpu().numpy(), Wt.numpy(), rtol=1e-10)
        np.testing.assert_allclose(H.detach().cpu().numpy(), Ht.numpy(), rtol=1e-10)


@pytest.mark.parametrize("beta", [1.0, 1.5, 2.0, 3.0])
@pytest.mark.parametrize("closed_form", [True, False])
def test_reproduces_scikit_learn_mu(beta, closed_form):
    from sklearn.decomposition import NMF
    X, W0, H0 = data(40, 25, 5, seed=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = NMF(5, solver="mu", beta_loss=beta, init="custom", max_iter=150, tol=0)
        W_sk = model.fit_transform(X, W=W0.copy(), H=H0.copy())
    res = minigrad.nmf(X, 5, beta=beta, max_iter=150, tol=0, init=(W0, H0), closed_form=closed_form)
    err = sk_nmf._beta_divergence(X, res.W.numpy(), res.H.numpy(), beta, square_root=True)
    assert abs(err / model.reconstruction_err_ - 1) < 1e-9
    np.testing.assert_allclose(res.W.numpy(), W_sk, rtol=1e-7, atol=1e-12)


@pytest.mark.parametrize("closed_form", [True, False])
def test_zero_denominators_are_guarded_as_scikit_learn(closed_form):
    """A zero row of W and a zero column of H make zero denominators: both libraries put float32's eps
    there (0 / eps keeps the zeros; without the guard they would be 0 / 0 = NaN)."""
    from sklearn.decomposition import NMF
    X, W0, H0 = data(30, 20, 4, seed=5)
    W0[3] = 0.0
    H0[:, 7] = 0.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = NMF(4, solver="mu", beta_loss=2.0, init="custom", max_iter=40, tol=0)
        W_sk = model.fit_transform(X, W=W0.copy(), H=H0.copy())
    res = minigrad.nmf(X, 4, beta=2.0, max_iter=40, tol=0, init=(W0, H0), closed_form=closed_form)
    assert np.isfinite(res.W.numpy()).all() and np.isfinite(res.H.numpy()).all()
    assert (res.W.numpy()[3] == 0).all() and (res.H.numpy()[:, 7] == 0).all()
    np.testing.assert_allclose(res.W.numpy(), W_sk, rtol=1e-7, atol=1e-12)
    np.testing.assert_allclose(res.H.numpy(), model.components_, rtol=1e-7, atol=1e-12)


def test_scikit_learn_tol_stops_at_the_same_iteration():
    from sklearn.decomposition import NMF
    X, W0, H0 = data(40, 25, 5, seed=2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = NMF(5, solver="mu", beta_loss=1.0, init="custom", max_iter=500, tol=1e-3)
        model.fit_transform(X, W=W0.copy(), H=H0.copy())
    res = minigrad.nmf(X, 5, beta=1.0, max_iter=500, tol=1e-3, init=(W0, H0))
    assert len(res.history) - 1 == model.n_iter_


def test_closed_form_gives_the_general_paths_iterates():
    X, W0, H0 = data(50, 30, 6, seed=3)
    a = minigrad.nmf(X, 6, beta=2.0, max_iter=60, tol=0, init=(W0, H0), l1=0.1, l2=0.2, closed_form=True)
    b = minigrad.nmf(X, 6, beta=2.0, max_iter=60, tol=0, init=(W0, H0), l1=0.1, l2=0.2, closed_form=False)
    np.testing.assert_allclose(a.W.numpy(), b.W.numpy(), rtol=1e-9)
    np.testing.assert_allclose(a.H.numpy(), b.H.numpy(), rtol=1e-9)
    np.testing.assert_allclose(a.history, b.history, rtol=1e-8)


@pytest.mark.parametrize("beta", [0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0])
def test_divergence_never_increases_and_factors_stay_non_negative(beta, device):
    X, W0, H0 = data(25, 18, 3, seed=4)
    W, H = leaves(W0, H0, device=device)
    Xm = minigrad.tensor(X, device=device)
    opt = MultiplicativeUpdate([W, H], beta=beta)
    losses = []
    for _ in range(40):
        opt.step(lambda: (W @ H, Xm))
        with minigrad.no_grad():
            losses.append(beta_divergence(W @ H, Xm, beta).item())
        assert (W.detach().cpu().numpy() >= 0).all() and (H.detach().cpu().numpy() >= 0).all()
    assert all(b <= a * (1 + 1e-12) for a, b in zip(losses, losses[1:])), losses
    assert losses[-1] < losses[0]


def test_grad_is_the_divergence_gradient():
    X, W0, H0 = data(seed=5)
    W, H = leaves(W0, H0)
    Xm = minigrad.tensor(X)
    W_before = W.detach().clone()
    opt = MultiplicativeUpdate([W], beta=1.5)
    opt.step(lambda: (W @ H, Xm))
    Wc = minigrad.tensor(W_before.numpy(), requires_grad=True)
    (g,) = minigrad.autograd.grad(beta_divergence(Wc @ H.detach(), Xm, 1.5), Wc)
    np.testing.assert_allclose(W.grad.numpy(), g.numpy(), rtol=1e-9, atol=1e-12)


def test_mask_ignores_masked_entries():
    X, W0, H0 = data(seed=6)
    mask = (np.random.default_rng(0).uniform(size=X.shape) > 0.3).astype(np.float64)
    results = []
    for fill in (0.0, 1e3):                        # what sits under the mask must not matter
        Xf = np.where(mask > 0, X, fill)
        W, H = leaves(W0, H0)
        Xm, M = minigrad.tensor(Xf), minigrad.tensor(mask)
        opt = MultiplicativeUpdate([W, H], beta=1.0)
        for _ in range(20):
            opt.step(lambda: (W @ H, Xm, M))
        results.append(W.detach().numpy())
    np.testing.assert_allclose(results[0], results[1], rtol=1e-12)


def test_tri_factorisation_and_fixed_factor_converge():
    rng = np.random.default_rng(7)
    X = rng.gamma(1, 1, (30, 3)) @ rng.gamma(1, 1, (3, 3)) @ rng.gamma(1, 1, (3, 25))
    W, S, H = leaves(np.abs(rng.standard_normal((30, 3))), np.abs(rng.standard_normal((3, 3))),
                     np.abs(rng.standard_normal((3, 25))))
    Xm = minigrad.tensor(X)
    opt = MultiplicativeUpdate([W, S, H], beta=2.0)
    first = beta_divergence(W @ S @ H, Xm, 2).item()
    for _ in range(300):
        opt.step(lambda: (W @ S @ H, Xm))
    last = beta_divergence(W @ S @ H, Xm, 2).item()
    assert last < 0.02 * first
    # a fixed dictionary: only the activations are learned, the dictionary must not move
    D = W.detach().clone()
    A = minigrad.tensor(np.abs(rng.standard_normal((3, 25))), requires_grad=True)
    opt = MultiplicativeUpdate([A], beta=1.0)
    for _ in range(100):
        opt.step(lambda: (D @ A, Xm))
    assert np.array_equal(D.numpy(), W.detach().numpy())


def test_convolutive_model_with_conv_ops(device):
    """X (a 1-row 'spectrogram' image) is a sum of non-negative patterns placed by non-negative
    activations: X = conv2d(activations, patterns), learned with both factors unknown."""
    rng = np.random.default_rng(8)
    F = minigrad.nn.functional
    true_acts = rng.gamma(0.3, 1, (1, 2, 8, 30)) * (rng.uniform(size=(1, 2, 8, 30)) > 0.8)
    true_pat = rng.gamma(1, 1, (1, 2, 1, 5))
    X = F.conv2d(minigrad.tensor(true_acts), minigrad.tensor(true_pat)).detach() + 0.01
    X = X.to(device)
    acts, pat = leaves(np.abs(rng.standard_normal((1, 2, 8, 30))) + 0.1,
                       np.abs(rng.standard_normal((1, 2, 1, 5))) + 0.1, device=device)
    opt = MultiplicativeUpdate([acts, pat], beta=1.0)
    losses = []
    for _ in range(60):
        opt.step(lambda: (F.conv2d(acts, pat), X))
        losses.append(beta_divergence(F.conv2d(acts, pat), X, 1.0).item())
    assert all(b <= a * (1 + 1e-9) for a, b in zip(losses, losses[1:]))
    assert losses[-1] < 0.3 * losses[0]
    assert acts.detach().cpu().numpy().min() >= 0 and pat.detach().cpu().numpy().min() >= 0


def test_batched_factors():
    rng = np.random.default_rng(9)
    X = rng.gamma(1, 1, (4, 10, 2)) @ rng.gamma(1, 1, (4, 2, 12))
    W, H = leaves(np.abs(rng.standard_normal((4, 10, 2))), np.abs(rng.standard_normal((4, 2, 12))))
    Xm = minigrad.tensor(X)
    opt = MultiplicativeUpdate([W, H], beta=2.0)
    first = beta_divergence(W @ H, Xm, 2).item()
    for _ in range(200):
        opt.step(lambda: (minigrad.bmm(W, H), Xm))
    assert beta_divergence(W @ H, Xm, 2).item() < 0.05 * first


def test_regularisation_shrinks_and_param_groups():
    X, W0, H0 = data(seed=10)
    W, H = leaves(W0, H0)
    Xm = minigrad.tensor(X)
    opt = MultiplicativeUpdate([{"params": [W], "l1": 5.0}, {"params": [H]}], beta=2.0)
    assert opt.param_groups[0]["l1"] == 5.0 and opt.param_groups[1]["l1"] == 0.0
    for _ in range(50):
        opt.step(lambda: (W @ H, Xm))
    free = minigrad.nmf(X, 4, beta=2.0, max_iter=50, tol=0, init=(W0, H0))
    assert W.detach().numpy().sum() < free.W.numpy().sum()


def test_errors_are_clear():
    X, W0, H0 = data(seed=11)
    Xm = minigrad.tensor(X)
    W, H = leaves(W0, H0)
    with pytest.raises(ValueError, match="needs a closure"):
        MultiplicativeUpdate([W]).step()
    bad = minigrad.tensor(-W0, requires_grad=True)
    with pytest.raises(ValueError, match=r"parameter 0 \(shape \(30, 4\)\) has negative entries"):
        MultiplicativeUpdate([bad]).step(lambda: (bad.abs() @ H, Xm))
    with pytest.raises(ValueError, match="target has negative entries"):
        MultiplicativeUpdate([W]).step(lambda: (W @ H, -Xm))
    Xz = minigrad.tensor(np.where(X > 2, 0.0, X))
    with pytest.raises(ValueError, match="beta=0.0 <= 0 and the target contains zeros"):
        MultiplicativeUpdate([W], beta=0).step(lambda: (W @ H, Xz))
    with pytest.raises(ValueError, match="does not depend on parameter 1"):
        MultiplicativeUpdate([W, H]).step(lambda: (W @ H.detach(), Xm))
    with pytest.raises(TypeError, match=r"\(prediction, target\)"):
        MultiplicativeUpdate([W]).step(lambda: W @ H)
    with pytest.raises(ValueError, match="gamma"):
        MultiplicativeUpdate([W], gamma=2.0)
    with pytest.raises(ValueError, match="negative entries"):
        minigrad.nmf(-X, 3)


@pytest.mark.parametrize("beta", [0.0, 0.5, 1.0, 1.5, 2.0, 3.0])
def test_beta_divergence_matches_scikit_learn_and_its_gradient(beta):
    X, W0, H0 = data(seed=12)
    ref = sk_nmf._beta_divergence(X, W0, H0, beta)
    mine = beta_divergence(minigrad.tensor(W0 @ H0), minigrad.tensor(X), beta).item()
    assert abs(mine / ref - 1) < 1e-10
    y = minigrad.tensor(W0 @ H0, requires_grad=True)
    (g,) = minigrad.autograd.grad(beta_divergence(y, minigrad.tensor(X), beta), y)
    expected = (W0 @ H0) ** (beta - 1) - X * (W0 @ H0) ** (beta - 2)
    np.testing.assert_allclose(g.numpy(), expected, rtol=1e-9)
    assert minigrad.autograd.gradcheck(lambda t: beta_divergence(t, minigrad.tensor(X[:3, :3]), beta),
                                       [minigrad.tensor((W0 @ H0)[:3, :3], requires_grad=True)])


def test_beta_divergence_module_and_kl_with_zeros():
    x = minigrad.tensor([0.0, 1.0, 2.0])
    y = minigrad.tensor([0.5, 1.0, 1.0])
    loss = minigrad.nn.BetaDivergenceLoss(beta=1)(y, x)
    assert abs(loss.item() - (0.5 + 0 + (2 * np.log(2) - 1))) < 1e-6


def test_nmf_api_inits_and_history():
    X, _, _ = data(40, 30, 4, seed=13)
    for init in ("random", "nndsvda", "nndsvd"):
        res = minigrad.nmf(X, 4, beta=2.0, max_iter=80, init=init, seed=0)
        W, H, history = res
        assert W.shape == (40, 4) and H.shape == (4, 30)
        assert (W.numpy() >= 0).all() and (H.numpy() >= 0).all()
        assert history[-1] < history[0]
        assert all(b <= a * (1 + 1e-9) for a, b in zip(history, history[1:]))
    res = minigrad.nmf(minigrad.tensor(X, dtype=minigrad.float32), 4, beta=1.0, max_iter=30, seed=0)
    assert res.W.dtype == minigrad.float32


def test_checks_run_again_when_the_data_or_a_parameter_changes():
    X, W0, H0 = data(seed=14)
    W, H = leaves(W0, H0)
    Xm = minigrad.tensor(X)
    opt = MultiplicativeUpdate([W, H])
    opt.step(lambda: (W @ H, Xm))
    with minigrad.no_grad():
        Xm[0, 0] = -1.0                          # changed in place after it was checked
    with pytest.raises(ValueError, match="target has negative entries"):
        opt.step(lambda: (W @ H, Xm))
    with minigrad.no_grad():
        Xm[0, 0] = 1.0
        W[0, 0] = -1.0
    with pytest.raises(ValueError, match="parameter 0"):
        opt.step(lambda: (W @ H, Xm))
    import pickle
    assert pickle.loads(pickle.dumps(opt)).defaults["beta"] == 2.0
