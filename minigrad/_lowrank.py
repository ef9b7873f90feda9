"""``torch.svd_lowrank`` / ``torch.pca_lowrank``: randomized low-rank SVD (Halko, Martinsson & Tropp 2009).

A random Gaussian sketch R (n x q) of A's row space gives Y = A R, whose orthonormal basis Q (QR) nearly spans
A's top-q column space; ``niter`` power iterations (Q <- qr(A Q'), Q' = qr(Aᴴ Q)) sharpen it. Then the small
B = Qᴴ A has an exact SVD B = Û S Vᴴ, and A ≈ (Q Û) S Vᴴ. The sketch is drawn with ``randn`` from the global
generator, as torch's, so a seeded program gets torch's factors. All steps are differentiable ops.
"""
from __future__ import annotations

from . import linalg
from .factories import randn

__all__ = ["svd_lowrank", "pca_lowrank"]


def _approximate_basis(A, q, niter):
    """Q (m x q) with orthonormal columns spanning nearly A's top-q column space."""
    R = randn(A.shape[-1], q, dtype=A.dtype, device=A.device)
    Q = linalg.qr(A @ R).Q
    for _ in range(niter):
        Q = linalg.qr(A.mH @ Q).Q
        Q = linalg.qr(A @ Q).Q
    return Q


def svd_lowrank(A, q=6, niter=2, M=None):
    """(U, S, V) with A ≈ U diag(S) Vᴴ, of rank q (of A - M when M is given)."""
    q = 6 if q is None else q
    if M is not None:
        A = A - M.broadcast_to(A.shape)
    m, n = A.shape[-2:]
    wide = m < n
    if wide:                                      # sketch the smaller side
        A = A.mH
    Q = _approximate_basis(A, q, 2 if niter is None else niter)
    U, S, Vh = linalg.svd(Q.mH @ A, full_matrices=False)
    U, V = Q @ U, Vh.mH
    return (V, S, U) if wide else (U, S, V)


def pca_lowrank(A, q=None, center=True, niter=2):
    """(U, S, V) of the rank-q SVD of A with its column means removed (``center``): V's columns are the principal
    directions, S**2 / (m - 1) the variances along them."""
    m, n = A.shape[-2:]
    if q is None:
        q = min(6, m, n)
    elif not (q >= 0 and q <= min(m, n)):
        raise ValueError(f"q(={q}) must be non-negative integer and not greater than min(m, n)={min(m, n)}")
    if not niter >= 0:
        raise ValueError(f"niter(={niter}) must be non-negative integer")
    if center:
        A = A - A.mean(dim=-2, keepdim=True)
    return svd_lowrank(A, q, niter=niter)
