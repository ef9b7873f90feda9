"""LowRankMultivariateNormal(loc, cov_factor, cov_diag): a Gaussian over vectors whose covariance is
Σ = W Wᵀ + D (W: k×m with m small, D diagonal). Densities never form Σ: log|Σ| by the matrix determinant
lemma and xᵀΣ⁻¹x by Woodbury, both through the Cholesky factor L of the m×m capacitance C = I + Wᵀ D⁻¹ W.
rsample = loc + W ε_m + √D ε_k."""
from __future__ import annotations

import math

import numpy as np

from ..factories import eye
from ..linalg import cholesky
from . import constraints
from .distribution import Distribution, as_float, lazy_property, normal_like
from .multivariate_normal import _tri_solve, batch_mahalanobis

__all__ = ["LowRankMultivariateNormal"]


def _plus_identity(k):
    """K + I for a batch of square matrices K."""
    return k + eye(k.shape[-1], dtype=k.dtype, device=k.device)


class LowRankMultivariateNormal(Distribution):
    arg_constraints = {"loc": constraints.real_vector, "cov_factor": constraints.independent(constraints.real, 2),
                       "cov_diag": constraints.independent(constraints.positive, 1)}
    support = constraints.real_vector
    has_rsample = True

    def __init__(self, loc, cov_factor, cov_diag, validate_args=None):
        loc = as_float(loc)
        if loc.ndim < 1:
            raise ValueError(f"loc must be at least one-dimensional (LowRankMultivariateNormal: got shape "
                             f"{tuple(loc.shape)})")
        k = loc.shape[-1]
        cov_factor, cov_diag = as_float(cov_factor, (loc,)), as_float(cov_diag, (loc,))
        if cov_factor.ndim < 2:
            raise ValueError("cov_factor must be at least two-dimensional, with optional leading batch dimensions "
                             f"(LowRankMultivariateNormal: got shape {tuple(cov_factor.shape)})")
        if cov_factor.shape[-2] != k:
            raise ValueError(f"cov_factor must be a batch of matrices with shape {k} x m (LowRankMultivariateNormal: "
                             f"got {tuple(cov_factor.shape)})")
        if cov_diag.ndim < 1 or cov_diag.shape[-1] != k:
            raise ValueError(f"cov_diag must be a batch of vectors with shape ({k},) (LowRankMultivariateNormal: got "
                             f"{tuple(cov_diag.shape)})")
        m = cov_factor.shape[-1]
        batch = np.broadcast_shapes(tuple(loc.shape[:-1]), tuple(cov_factor.shape[:-2]), tuple(cov_diag.shape[:-1]))
        self.loc = loc.expand(batch + (k,))
        self.cov_factor = cov_factor.expand(batch + (k, m))
        self.cov_diag = cov_diag.expand(batch + (k,))
        self._unbroadcasted_cov_factor, self._unbroadcasted_cov_diag = cov_factor, cov_diag
        super().__init__(batch, (k,), validate_args=validate_args)
        wt_dinv = cov_factor.transpose(-1, -2) / cov_diag.unsqueeze(-2)                       # Wᵀ D⁻¹ (m, k)
        self._capacitance_tril = cholesky(_plus_identity(wt_dinv @ cov_factor))           # chol(I + Wᵀ D⁻¹ W)

    def expand(self, batch_shape, _instance=None):
        new = type(self).__new__(type(self))
        new.__dict__.update({k: v for k, v in self.__dict__.items() if k not in ("scale_tril", "covariance_matrix",
                                                                                   "precision_matrix")})
        batch_shape = tuple(batch_shape)
        k, m = self.cov_factor.shape[-2:]
        new.loc, new.cov_diag = self.loc.expand(batch_shape + (k,)), self.cov_diag.expand(batch_shape + (k,))
        new.cov_factor = self.cov_factor.expand(batch_shape + (k, m))
        new._batch_shape = type(self._batch_shape)(batch_shape)
        return new

    def _full(self, t, event_dims):
        return t.expand(tuple(self._batch_shape) + tuple(t.shape[t.ndim - event_dims:]))

    mean = mode = property(lambda self: self.loc)

    @lazy_property
    def variance(self):
        return self._full((self._unbroadcasted_cov_factor ** 2).sum(-1) + self._unbroadcasted_cov_diag, 1)

    @lazy_property
    def scale_tril(self):
        """√D · chol(I + D^-½ W Wᵀ D^-½): a Cholesky factor of Σ without factorising Σ itself."""
        d_sqrt = self._unbroadcasted_cov_diag.sqrt().unsqueeze(-1)
        dw = self._unbroadcasted_cov_factor / d_sqrt
        return self._full(d_sqrt * cholesky(_plus_identity(dw @ dw.transpose(-1, -2))), 2)

    @lazy_property
    def covariance_matrix(self):
        w = self._unbroadcasted_cov_factor
        return self._full(w @ w.transpose(-1, -2) + self._unbroadcasted_cov_diag.diag_embed(), 2)

    @lazy_property
    def precision_matrix(self):
        """Woodbury: D⁻¹ - Aᵀ A with A = L⁻¹ Wᵀ D⁻¹."""
        wt_dinv = self._unbroadcasted_cov_factor.transpose(-1, -2) / self._unbroadcasted_cov_diag.unsqueeze(-2)
        a = _tri_solve(self._capacitance_tril, wt_dinv)
        return self._full(self._unbroadcasted_cov_diag.reciprocal().diag_embed() - a.transpose(-1, -2) @ a, 2)

    def rsample(self, sample_shape=()):
        shape = self._extended_shape(sample_shape)
        eps_w = normal_like(self.loc, tuple(shape[:-1]) + (self.cov_factor.shape[-1],))
        eps_d = normal_like(self.loc, shape)
        w_eps = (self._unbroadcasted_cov_factor @ eps_w.unsqueeze(-1)).squeeze(-1)
        return self.loc + w_eps + self._unbroadcasted_cov_diag.sqrt() * eps_d

    def _log_det(self):
        """log|Σ| = 2 Σ log diag(L) + Σ log D (matrix determinant lemma)."""
        return (2 * self._capacitance_tril.diagonal(0, -2, -1).log().sum(-1)
                + self._unbroadcasted_cov_diag.log().sum(-1))

    def log_prob(self, value):
        diff = self._value(value, self.loc) - self.loc
        d = self._unbroadcasted_cov_diag
        wt_dinv_x = (self._unbroadcasted_cov_factor.transpose(-1, -2) @ (diff / d).unsqueeze(-1)).squeeze(-1)
        m = (diff ** 2 / d).sum(-1) - batch_mahalanobis(self._capacitance_tril, wt_dinv_x)      # Woodbury
        k = self._event_shape[0]
        return -0.5 * (k * math.log(2 * math.pi) + m + self._log_det())

    def entropy(self):
        k = self._event_shape[0]
        h = 0.5 * (k * (1.0 + math.log(2 * math.pi)) + self._log_det())
        return h.expand(tuple(self._batch_shape)) if tuple(h.shape) != tuple(self._batch_shape) else h
