"""``minigrad.nmf`` (this module): non-negative matrix factorisation X ≈ W H with multiplicative updates.

What a user who just wants NMF calls. It is built on ``optim.MultiplicativeUpdate`` (alternating W
and H, the updates taken from autograd) and follows scikit-learn's ``NMF(solver="mu")`` conventions
(initialisations, the γ exponent, float32-eps clipping, the convergence test every 10 iterations),
so the two can be compared.

For β = 2 the updates have a closed form that never builds W H (Lee & Seung):
W ← W ⊙ (X Hᵀ) / (W (H Hᵀ) + l1 + l2 W), H ← H ⊙ (Wᵀ X) / ((Wᵀ W) H + l1 + l2 H). It costs two
products with X per iteration instead of six; the tests check it gives the general path's iterates.
"""
from __future__ import annotations

from collections import namedtuple

import numpy as np

from . import backend
from .autograd.grad_mode import no_grad
from .nn.functional import beta_divergence
from .optim.multiplicative import EPS32, MultiplicativeUpdate
from .tensor import Tensor, _wrap, as_array

NMFResult = namedtuple("NMFResult", ["W", "H", "history"])
NMFResult.__doc__ = """W (m, k), H (k, n) and the β-divergence after 0, 1, 2, ... iterations."""


def nmf(X, k, beta=2.0, max_iter=200, tol=1e-4, init="random", l1=0.0, l2=0.0, device=None, seed=None,
        closed_form=True):
    """Factorise a non-negative (m, n) matrix X as W (m, k) @ H (k, n).

    ``beta``: 2 (squared error), 1 (generalised KL), 0 (Itakura-Saito) or any real.
    ``init``: 'random' (scaled |N(0, 1)| like scikit-learn), 'nndsvda' (SVD-based), or a pair (W, H).
    ``tol``: stop when the error sqrt(2 D) improved by less than tol (relative to the initial error)
    over the last 10 iterations (scikit-learn's test); ``tol=0`` runs all ``max_iter`` iterations.
    ``closed_form``: use the closed-form β = 2 updates (same iterates, fewer products).
    Returns ``NMFResult(W, H, history)``; ``history[i]`` is the divergence after i iterations."""
    Xt = _as_matrix(X, device)
    m, n = Xt.shape
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise ValueError(f"nmf(): k (the number of components) must be a positive int, got {k!r}")
    _check_settings(beta, max_iter, tol, l1, l2)
    _check_finite_non_negative(Xt, "X", "NMF needs finite non-negative data: fill or drop the missing entries "
                               "(or, to ignore them, use optim.MultiplicativeUpdate with a weight of 0 there: "
                               "docs/multiplicative-updates.md)")
    if beta <= 0 and bool((Xt._data == 0).any()):
        raise ValueError(f"nmf(): beta={beta} <= 0 and X contains zeros, where the divergence is infinite; add a "
                         "small value to X or use beta > 0")
    W, H = _initialise(Xt, k, init, seed)
    if closed_form and beta == 2:
        return _closed_form_beta2(Xt, W, H, max_iter, tol, l1, l2)
    W.requires_grad_(True)
    H.requires_grad_(True)
    opt = MultiplicativeUpdate([W, H], beta=beta, l1=l1, l2=l2)
    history = []

    def divergence():
        with no_grad():
            return beta_divergence(W @ H, Xt, beta).item()

    prev = None
    for it in range(1, max_iter + 1):
        pred, _ = opt.step(lambda: (W @ H, Xt))            # pred: W H before this iteration's updates
        with no_grad():
            history.append(beta_divergence(pred.detach(), Xt, beta).item())
        if prev is None:
            prev = err_init = _error(history[0])
        if tol > 0 and it % 10 == 0:                       # scikit-learn's test, after `it` iterations
            err = _error(divergence())
            if (prev - err) / err_init < tol:
                break
            prev = err
    history.append(divergence())
    return NMFResult(W.detach(), H.detach(), history)


def _guard_zeros(denom):
    """Replace the zeros of a non-negative denominator by float32's eps, in place (scikit-learn's guard)."""
    if not denom.all():                 # (the common case has none: no mask is made)
        denom[denom == 0] = EPS32


def _error(d):
    return float(np.sqrt(2 * max(d, 0.0)))


def _closed_form_beta2(X, W, H, max_iter, tol, l1, l2):
    """Lee & Seung's updates for ½‖X - WH‖², written with the k x k products only.

    W is kept transposed (k, m) while iterating: the two (m, n) products then come out with k rows,
    H Xᵀ and Wᵀ X, which BLAS computes about a third faster than X Hᵀ; the iterates are the same."""
    Xa, Ha = X._data, H._data
    Wt = W._data.T.copy()               # (k, m), contiguous; copied back into W at the end
    norm_x = float((Xa * Xa).sum())
    history = []
    prev = None

    def loss(XHt_t, WtW, HHt):   # ½‖X - WH‖² = ½(‖X‖² - 2⟨X Hᵀ, W⟩ + ⟨Wᵀ W, H Hᵀ⟩), with no (m, n) product
        return max(0.5 * (norm_x - 2 * float(XHt_t.ravel() @ Wt.ravel()) + float((WtW * HHt).sum())), 0.0)

    WtW = Wt @ Wt.T                     # each k x k product is made once and used twice
    for it in range(1, max_iter + 1):
        XHt_t = Ha @ Xa.T               # (X Hᵀ)ᵀ
        HHt = Ha @ Ha.T
        history.append(loss(XHt_t, WtW, HHt))
        denom = HHt @ Wt                # (W H Hᵀ)ᵀ; H Hᵀ is symmetric
        if l1:
            denom += l1
        if l2:
            denom = denom + l2 * Wt
        _guard_zeros(denom)
        XHt_t /= denom                  # (in place: not needed again this iteration)
        Wt *= XHt_t
        WtW = Wt @ Wt.T
        denom = WtW @ Ha
        if l1:
            denom += l1
        if l2:
            denom = denom + l2 * Ha
        _guard_zeros(denom)
        WtX = Wt @ Xa
        WtX /= denom
        Ha *= WtX
        if prev is None:
            prev = err_init = _error(history[0])
        if tol > 0 and it % 10 == 0:
            err = _error(loss(Ha @ Xa.T, WtW, Ha @ Ha.T))
            if (prev - err) / err_init < tol:
                break
            prev = err
    history.append(loss(Ha @ Xa.T, WtW, Ha @ Ha.T))
    W._data[...] = Wt.T
    return NMFResult(W, H, history)


def _check_settings(beta, max_iter, tol, l1, l2):
    for name, value in (("beta", beta), ("tol", tol), ("l1", l1), ("l2", l2)):
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
            raise TypeError(f"nmf(): {name} must be a number, got {type(value).__name__}")
        if not np.isfinite(value):
            raise ValueError(f"nmf(): {name} must be a finite number, got {value}")
    for name, value in (("tol", tol), ("l1", l1), ("l2", l2)):
        if value < 0:
            raise ValueError(f"nmf(): {name} must be >= 0, got {value}")
    if isinstance(max_iter, bool) or not isinstance(max_iter, (int, np.integer)) or max_iter < 1:
        raise ValueError(f"nmf(): max_iter must be a positive int, got {max_iter!r}")


def _check_finite_non_negative(t, name, fix):
    """Raise a ValueError naming the tensor if it has NaN, infinite or negative entries."""
    a = t._data
    counts = backend.to_numpy(_stack_counts(a))            # one transfer from the device
    n_nan, n_inf, n_neg = (int(c) for c in counts)
    if n_nan or n_inf or n_neg:
        what = ", ".join(f"{n} {kind}" for n, kind in ((n_nan, "NaN"), (n_inf, "infinite"), (n_neg, "negative"))
                         if n)
        raise ValueError(f"nmf(): {name} (shape {tuple(t.shape)}) has {what} entries; {fix}")


def _stack_counts(a):
    """How many entries of an array are NaN, infinite, negative (as one small array)."""
    return backend.array_module(a).stack([(a != a).sum(), (abs(a) == float("inf")).sum(), (a < 0).sum()])


def _as_matrix(X, device):
    if isinstance(X, Tensor):
        arr = X.detach()._data
        if device is not None:
            arr = backend.to_device(arr, backend.as_device(device))
    else:
        arr = as_array(X, device=device)
    if arr.ndim != 2:
        raise ValueError(f"nmf(): X must be a 2-D matrix, got shape {tuple(arr.shape)}")
    if arr.dtype.kind != "f":
        arr = arr.astype(np.float32)
    return _wrap(arr)


def _initialise(X, k, init, seed):
    m, n = X.shape
    dt = X._data.dtype
    if isinstance(init, (tuple, list)):
        W0, H0 = init
        W = _wrap(as_array(W0, dtype=X.dtype, device=X.device, copy=True))
        H = _wrap(as_array(H0, dtype=X.dtype, device=X.device, copy=True))
        if tuple(W.shape) != (m, k) or tuple(H.shape) != (k, n):
            raise ValueError(f"nmf(): init W, H must have shapes {(m, k)} and {(k, n)}, got {tuple(W.shape)} and "
                             f"{tuple(H.shape)}")
        for name, t in (("W", W), ("H", H)):
            _check_finite_non_negative(t, f"the initial {name}", "multiplicative updates can only scale a factor, "
                                       "never repair it: start from finite non-negative W and H (or init='random')")
        return W, H
    rng = np.random.default_rng(seed)
    if init == "random":
        avg = np.sqrt(float(X._data.mean()) / k)
        H = avg * np.abs(rng.standard_normal((k, n)))
        W = avg * np.abs(rng.standard_normal((m, k)))
    elif init in ("nndsvd", "nndsvda"):
        W, H = _nndsvd(backend.to_numpy(X._data).astype(np.float64), k)
        if init == "nndsvda":
            avg = float(X._data.mean())
            W[W == 0] = avg
            H[H == 0] = avg
    else:
        raise ValueError(f"nmf(): init must be 'random', 'nndsvda', 'nndsvd' or a pair (W, H), got {init!r}")
    return (_wrap(backend.to_device(W.astype(dt), X.device)), _wrap(backend.to_device(H.astype(dt), X.device)))


def _nndsvd(X, k):
    """Non-negative double SVD (Boutsidis & Gallopoulos, 2008): for each singular pair keep the
    positive or the negative parts of the vectors, whichever carries more of the singular value."""
    U, S, Vt = np.linalg.svd(X, full_matrices=False)
    m, n = X.shape
    W, H = np.zeros((m, k)), np.zeros((k, n))
    W[:, 0] = np.sqrt(S[0]) * np.abs(U[:, 0])
    H[0, :] = np.sqrt(S[0]) * np.abs(Vt[0, :])
    for j in range(1, k):                 # a loop over components, not over data
        x, y = U[:, j], Vt[j, :]
        xp_, yp_ = np.maximum(x, 0), np.maximum(y, 0)
        xn_, yn_ = np.abs(np.minimum(x, 0)), np.abs(np.minimum(y, 0))
        xp_n, yp_n, xn_n, yn_n = (np.linalg.norm(v) for v in (xp_, yp_, xn_, yn_))
        if xp_n * yp_n > xn_n * yn_n:
            u, v, sigma = xp_ / xp_n, yp_ / yp_n, xp_n * yp_n
        else:
            u, v, sigma = xn_ / xn_n, yn_ / yn_n, xn_n * yn_n
        lam = np.sqrt(S[j] * sigma)
        W[:, j], H[j, :] = lam * u, lam * v
    eps = 1e-6
    W[W < eps] = 0
    H[H < eps] = 0
    return W, H
