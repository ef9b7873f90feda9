"""Wishart(df, covariance_matrix | precision_matrix | scale_tril): the law of Σ_k x_k x_kᵀ for df draws x_k of
N(0, Σ) (df may be fractional, > dim - 1). Samples by the Bartlett decomposition: L·A with A lower triangular,
sqrt(χ²(df - i)) on the diagonal and standard normals below it, then (L·A)(L·A)ᵀ; reparameterised."""
from __future__ import annotations

import math
import warnings

import numpy as np

from ..factories import arange, eye, tensor
from ..linalg import cholesky, slogdet
from ..ops.algebra import tril_indices
from ..ops.linalg_decomp import cholesky_solve, solve_triangular
from ..ops.special import digamma, mvlgamma
from ..ops.pointwise import where
from . import constraints
from .distribution import Distribution, as_float, finfo, lazy_property, normal_like
from .gamma import Chi2

__all__ = ["Wishart"]

_LOG_2 = math.log(2)


def _mvdigamma(x, p):
    """Σ_{i<p} ψ(x - i/2), the derivative of log Γ_p(x)."""
    return digamma(x.unsqueeze(-1) - arange(p, dtype=x.dtype, device=x.device) / 2).sum(-1)


class Wishart(Distribution):
    arg_constraints = {"covariance_matrix": constraints.positive_definite,
                       "precision_matrix": constraints.positive_definite,
                       "scale_tril": constraints.lower_cholesky, "df": constraints.greater_than(0)}
    support = constraints.positive_definite
    has_rsample = True

    def __init__(self, df, covariance_matrix=None, precision_matrix=None, scale_tril=None, validate_args=None):
        given = [m is not None for m in (covariance_matrix, precision_matrix, scale_tril)]
        if sum(given) != 1:
            raise AssertionError("Exactly one of covariance_matrix or precision_matrix or scale_tril may be specified.")
        name, mat = next((n, m) for n, m, g in zip(("covariance_matrix", "precision_matrix", "scale_tril"),
                                                   (covariance_matrix, precision_matrix, scale_tril), given) if g)
        mat = as_float(mat)
        if mat.ndim < 2:
            raise ValueError("scale_tril must be at least two-dimensional, with optional leading batch dimensions")
        if isinstance(df, (int, float)):
            batch = tuple(mat.shape[:-2])
            self.df = tensor(float(df), dtype=mat.dtype, device=mat.device)
        else:
            batch = tuple(np.broadcast_shapes(tuple(mat.shape[:-2]), tuple(df.shape)))
            self.df = df.expand(batch)
        p = mat.shape[-1]
        if bool((self.df <= p - 1).any()):
            raise ValueError(f"Value of df={df} expected to be greater than ndim - 1 = {p - 1}.")
        setattr(self, name, mat.expand(batch + (-1, -1)))
        if bool((self.df < p).any()):
            warnings.warn("Low df values detected. Singular samples are highly likely to occur for ndim - 1 < df < "
                          "ndim.", stacklevel=2)
        super().__init__(batch, tuple(mat.shape[-2:]), validate_args=validate_args)
        if name == "scale_tril":
            self._unbroadcasted_scale_tril = mat
        elif name == "covariance_matrix":
            self._unbroadcasted_scale_tril = cholesky(mat)
        else:                                       # (torch's route: a Cholesky factor of the flipped precision)
            Lf = cholesky(mat.flip(-2, -1))
            L_inv = Lf.flip(-2, -1).transpose(-2, -1)
            self._unbroadcasted_scale_tril = solve_triangular(L_inv, eye(p, dtype=mat.dtype, device=mat.device),
                                                              upper=False)
        self._make_chi2()

    def _make_chi2(self):
        p = self._event_shape[-1]
        L = self._unbroadcasted_scale_tril
        steps = arange(p, dtype=L.dtype, device=L.device).expand(tuple(self._batch_shape) + (p,))
        self._dist_chi2 = Chi2(self.df.unsqueeze(-1) - steps)

    def expand(self, batch_shape, _instance=None):
        new = type(self).__new__(type(self))
        new.__dict__.update(self.__dict__)
        batch_shape = tuple(batch_shape)
        shape = batch_shape + tuple(self._event_shape)
        new._unbroadcasted_scale_tril = self._unbroadcasted_scale_tril.expand(shape)
        new.df = self.df.expand(batch_shape)
        for name in ("covariance_matrix", "precision_matrix", "scale_tril"):
            if name in self.__dict__:
                new.__dict__[name] = self.__dict__[name].expand(shape)
        Distribution.__init__(new, batch_shape, tuple(self._event_shape), validate_args=False)
        new._make_chi2()
        return new

    def _full(self, m):
        return m.expand(tuple(self._batch_shape) + tuple(self._event_shape))

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
        return self._full(cholesky_solve(eye(L.shape[-1], dtype=L.dtype, device=L.device), L))

    @property
    def mean(self):
        return self.df.view(tuple(self._batch_shape) + (1, 1)) * self.covariance_matrix

    @property
    def mode(self):
        factor = self.df - self.covariance_matrix.shape[-1] - 1
        factor = where(factor <= 0, math.nan, factor)
        return factor.view(tuple(self._batch_shape) + (1, 1)) * self.covariance_matrix

    @property
    def variance(self):
        V = self.covariance_matrix
        d = V.diagonal(0, -2, -1)
        return self.df.view(tuple(self._batch_shape) + (1, 1)) * (V ** 2 + d.unsqueeze(-1) * d.unsqueeze(-2))

    def _bartlett(self, sample_shape):
        p = self._event_shape[-1]
        root = self._dist_chi2.rsample(sample_shape).sqrt()
        noise = root.clamp(min=float(finfo(root).eps)).diag_embed(0, -2, -1)
        i, j = tril_indices(p, p, -1)
        below = normal_like(noise, tuple(sample_shape) + tuple(self._batch_shape) + (p * (p - 1) // 2,))
        noise = _fill_below(noise, i, j, below)
        chol = self._unbroadcasted_scale_tril @ noise
        return chol @ chol.transpose(-2, -1)

    def rsample(self, sample_shape=(), max_try_correction=None):
        # torch's rsample takes support.check(sample) (True for a valid sample) as "singular" and so draws every
        # sample a second time (warning 'Singular sample detected.'), keeping the second; done the same here so
        # that seeded samples, and the random numbers after them, are torch's
        max_try_correction = 10 if max_try_correction is None else max_try_correction
        sample_shape = tuple(sample_shape)
        sample = self._bartlett(sample_shape)
        redo = self.support.check(sample)
        if self._batch_shape:
            redo = redo.amax(tuple(range(-1, -len(self._batch_shape) - 1, -1)))
        if bool(redo.any()):
            warnings.warn("Singular sample detected.", stacklevel=2)
            for _ in range(max_try_correction):
                new = self._bartlett(tuple(redo[redo].shape))
                sample = sample.clone()
                sample[redo] = new
                bad = ~self.support.check(new)
                if self._batch_shape:
                    bad = bad.amax(tuple(range(-1, -len(self._batch_shape) - 1, -1)))
                redo = redo.clone()
                redo[redo.clone()] = bad
                if not bool(redo.any()):
                    break
        return sample

    def log_prob(self, value):
        value = self._value(value, self.df)
        nu, p = self.df, self._event_shape[-1]
        L = self._unbroadcasted_scale_tril
        return (-nu * (p * _LOG_2 / 2 + L.diagonal(0, -2, -1).log().sum(-1)) - mvlgamma(nu / 2, p)
                + (nu - p - 1) / 2 * slogdet(value).logabsdet
                - cholesky_solve(value, L).diagonal(0, -2, -1).sum(-1) / 2)

    def entropy(self):
        nu, p = self.df, self._event_shape[-1]
        L = self._unbroadcasted_scale_tril
        return ((p + 1) * (p * _LOG_2 / 2 + L.diagonal(0, -2, -1).log().sum(-1)) + mvlgamma(nu / 2, p)
                - (nu - p - 1) / 2 * _mvdigamma(nu / 2, p) + nu * p / 2)


def _fill_below(noise, i, j, values):
    """noise with values written at the strictly-lower positions (i, j) of its last two dims (in the graph)."""
    out = noise.clone()
    out[..., i, j] = values
    return out
