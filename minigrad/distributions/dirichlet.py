"""Dirichlet(concentration) on the simplex of the last dim; rsample normalises Gamma draws."""
from __future__ import annotations

import numpy as np

from ..dtypes import float64
from ..ops.pointwise import where
from ..ops.special import digamma, lgamma, xlogy
from . import constraints
from .distribution import Distribution, as_float, finfo
from .gamma import standard_gamma

__all__ = ["Dirichlet"]


class Dirichlet(Distribution):
    """Density Γ(Σα)/ΠΓ(αᵢ) · Π xᵢ^(αᵢ-1). rsample = g / Σg with gᵢ ~ Gamma(αᵢ, 1) drawn with their implicit
    gradients: an unbiased pathwise gradient, though per draw not torch's (torch differentiates the
    Dirichlet's own CDF)."""
    arg_constraints = {"concentration": constraints.independent(constraints.positive, 1)}
    support = constraints.simplex
    has_rsample = True
    _expand_params = {"concentration": 1}

    def __init__(self, concentration, validate_args=None):
        concentration = as_float(concentration)
        if concentration.ndim < 1:
            raise ValueError("Dirichlet: `concentration` parameter must be at least one-dimensional, "
                             f"got shape {tuple(concentration.shape)}")
        self.concentration = concentration
        super().__init__(concentration.shape[:-1], concentration.shape[-1:], validate_args=validate_args)

    @property
    def mean(self):
        return self.concentration / self.concentration.sum(-1, keepdim=True)

    @property
    def mode(self):
        """(α - 1)₊ / Σ(α - 1)₊; where every αᵢ < 1 the density is unbounded at every corner and, as torch,
        the first corner (1, 0, ..., 0) is returned."""
        cm1 = (self.concentration - 1).clamp(min=0)
        all_small = (self.concentration < 1).all(-1, keepdim=True)
        mode = cm1 / where(all_small, 1.0, cm1.sum(-1, keepdim=True))
        first = (_arange_like(self.concentration, self.concentration.shape[-1]) == 0).to(mode.dtype)
        return where(all_small, first, mode)

    @property
    def variance(self):
        c0 = self.concentration.sum(-1, keepdim=True)
        return self.concentration * (c0 - self.concentration) / (c0 ** 2 * (c0 + 1))

    def rsample(self, sample_shape=()):
        # torch's draws and roundings: the Gamma draws and their sum in float64, then the dtype's, clamped
        # into [tiny, the number just below 1]
        c = self.concentration.expand(tuple(self._extended_shape(sample_shape)))
        g = standard_gamma(c.to(float64))
        x = (g / g.sum(-1, keepdim=True)).to(c.dtype)
        return x.clamp(min=float(finfo(x).tiny), max=float(np.nextafter(finfo(x).dtype.type(1), 0)))

    def log_prob(self, value):
        value = self._value(value, self.concentration)
        c = self.concentration
        return xlogy(c - 1.0, value).sum(-1) + lgamma(c.sum(-1)) - lgamma(c).sum(-1)

    def entropy(self):
        c = self.concentration
        k, a0 = c.shape[-1], c.sum(-1)
        return lgamma(c).sum(-1) - lgamma(a0) - (k - a0) * digamma(a0) - ((c - 1.0) * digamma(c)).sum(-1)


def _arange_like(t, k):
    from ..factories import arange
    return arange(k, device=t.device)
