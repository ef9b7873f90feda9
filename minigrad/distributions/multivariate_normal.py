"""MultivariateNormal(loc, covariance_matrix | precision_matrix | scale_tril): a Gaussian over vectors,
parameterised through the lower Cholesky factor L of its covariance (Σ = L Lᵀ); rsample = loc + L·ε."""
from __future__ import annotations

import math

import numpy as np

from ..linalg import cholesky, inv, solve
from . import constraints
from .distribution import Distribution, as_float, lazy_property, normal_like

__all__ = ["MultivariateNormal"]


def _tri_solve(L, b):
    """L⁻¹ b for lower-triangular L (only L's lower triangle is read, so no gradient reaches the rest).
    One matrix L against many vectors b (..., k, 1) is one solve with all of them as right-hand sides."""
    if L.ndim == 2 and b.shape[-1] == 1 and b.ndim > 2:
        k = L.shape[-1]
        y = solve(L.tril(), b.reshape(-1, k).t())                            # (k, N)
        return y.t().reshape(tuple(b.shape))
    shape = np.broadcast_shapes(tuple(L.shape[:-2]), tuple(b.shape[:-2]))
    return solve(L.tril().expand(shape + tuple(L.shape[-2:])), b.expand(shape + tuple(b.shape[-2:])))


def batch_mahalanobis(L, x):
    """xᵀ Σ⁻¹ x for Σ = L Lᵀ, over batched L (..., k, k) and x (..., k): ‖L⁻¹ x‖²."""
    y = _tri_solve(L, x.unsqueeze(-1)).squeeze(-1)
    return (y ** 2).sum(-1)


def _half_log_det(L):
    return L.diagonal(0, -2, -1).log().sum(-1)


class MultivariateNormal(Distribution):
    """Exactly one of ``covariance_matrix`` (factorised by Cholesky), ``precision_matrix`` (inverted, then
    factorised) or ``scale_tril``."""
    arg_constraints = {"loc": constraints.real_vector, "covariance_matrix": constraints.positive_definite,
                       "precision_matrix": constraints.positive_definite, "scale_tril": constraints.lower_cholesky}
    support = constraints.real_vector
    has_rsample = True

    def __init__(self, loc, covariance_matrix=None, precision_matrix=None, scale_tril=None, validate_args=None):
        loc = as_float(loc)
        if loc.ndim < 1:
            raise ValueError(f"MultivariateNormal: loc must be at least one-dimensional, got shape {tuple(loc.shape)}")
        given = [m is not None for m in (covariance_matrix, precision_matrix, scale_tril)]
        if sum(given) != 1:
            raise ValueError("MultivariateNormal: exactly one of covariance_matrix or precision_matrix or "
                             "scale_tril may be specified.")
        name, mat = next((n, m) for n, m, g in zip(("covariance_matrix", "precision_matrix", "scale_tril"),
                                                   (covariance_matrix, precision_matrix, scale_tril), given) if g)
        mat = as_float(mat, (loc,))
        if mat.ndim < 2:
            raise ValueError(f"MultivariateNormal: {name} must be at least two-dimensional, with optional "
                             f"leading batch dimensions, got shape {tuple(mat.shape)}")
        batch = np.broadcast_shapes(tuple(mat.shape[:-2]), tuple(loc.shape[:-1]))
        k = loc.shape[-1]
        if tuple(mat.shape[-2:]) != (k, k):
            raise ValueError(f"MultivariateNormal: {name} of shape {tuple(mat.shape)} does not match loc of "
                             f"shape {tuple(loc.shape)}: expected (..., {k}, {k})")
        setattr(self, name, mat.expand(batch + (k, k)))
        self.loc = loc.expand(batch + (k,))
        super().__init__(batch, (k,), validate_args=validate_args)
        if name == "scale_tril":
            self._unbroadcasted_scale_tril = mat
        elif name == "covariance_matrix":
            self._unbroadcasted_scale_tril = cholesky(mat)
        else:
            self._unbroadcasted_scale_tril = cholesky(inv(mat))

    def expand(self, batch_shape, _instance=None):
        new = type(self).__new__(type(self))
        new.__dict__.update(self.__dict__)
        batch_shape = tuple(batch_shape)
        k = self._event_shape[0]
        new.loc = self.loc.expand(batch_shape + (k,))
        for name in ("covariance_matrix", "precision_matrix", "scale_tril"):
            if name in self.__dict__:
                new.__dict__[name] = self.__dict__[name].expand(batch_shape + (k, k))
        new._batch_shape = type(self._batch_shape)(batch_shape)
        return new

    def _full(self, m):
        return m.expand(tuple(self._batch_shape) + tuple(m.shape[-2:]))

    @lazy_property
    def scale_tril(self):
        return self._full(self._unbroadcasted_scale_tril)

    @lazy_property
    def covariance_matrix(self):
        L = self._unbroadcasted_scale_tril
        return self._full(L @ L.transpose(-2, -1))

    @lazy_property
    def precision_matrix(self):
        L = self._unbroadcasted_scale_tril
        return self._full(inv(L @ L.transpose(-2, -1)))

    @property
    def mean(self):
        return self.loc

    @property
    def mode(self):
        return self.loc

    @property
    def variance(self):
        return (self._unbroadcasted_scale_tril ** 2).sum(-1).expand(tuple(self._batch_shape) + tuple(self._event_shape))

    def rsample(self, sample_shape=()):
        eps = normal_like(self.loc, self._extended_shape(sample_shape))
        return self.loc + (self._unbroadcasted_scale_tril @ eps.unsqueeze(-1)).squeeze(-1)

    def log_prob(self, value):
        value = self._value(value, self.loc)
        diff = value - self.loc
        m = batch_mahalanobis(self._unbroadcasted_scale_tril, diff)
        k = self._event_shape[0]
        return -0.5 * (k * math.log(2 * math.pi) + m) - _half_log_det(self._unbroadcasted_scale_tril)

    def entropy(self):
        k = self._event_shape[0]
        h = 0.5 * k * (1.0 + math.log(2 * math.pi)) + _half_log_det(self._unbroadcasted_scale_tril)
        return h.expand(tuple(self._batch_shape)) if tuple(h.shape) != tuple(self._batch_shape) else h
