"""InverseGamma(concentration, rate): 1/X for X ~ Gamma(concentration, rate), reparameterised through the Gamma's
draws, as torch builds it (a Gamma and the power -1)."""
from __future__ import annotations

import math

from ..ops.pointwise import where
from ..ops.special import digamma, lgamma
from . import constraints
from .distribution import Distribution
from .gamma import Gamma

__all__ = ["InverseGamma"]


class InverseGamma(Distribution):
    """Density rateᵃ/Γ(a) · x^(-a-1) · exp(-rate/x) on x > 0 (a = concentration): the conjugate prior of a Normal's
    variance."""
    arg_constraints = {"concentration": constraints.positive, "rate": constraints.positive}
    support = constraints.positive
    has_rsample = True

    def __init__(self, concentration, rate, validate_args=None):
        self.base_dist = Gamma(concentration, rate, validate_args=validate_args)
        super().__init__(self.base_dist.batch_shape, validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        return self._expand_wrapped("base_dist", batch_shape)

    concentration = property(lambda self: self.base_dist.concentration)
    rate = property(lambda self: self.base_dist.rate)

    @property
    def mean(self):
        a = self.concentration
        return where(a > 1, self.rate / (a - 1), math.inf)

    @property
    def mode(self):
        return self.rate / (self.concentration + 1)

    @property
    def variance(self):
        a = self.concentration
        return where(a > 2, self.rate ** 2 / ((a - 1) ** 2 * (a - 2)), math.inf)

    def rsample(self, sample_shape=()):
        return self.base_dist.rsample(sample_shape).reciprocal()

    def log_prob(self, value):
        """log Gamma(1/x) - 2 log x (the change of variables x = 1/g: |dg/dx| = 1/x²)"""
        value = self._value(value, self.rate)
        return self.base_dist.log_prob(value.reciprocal()) - 2 * value.log()

    def entropy(self):
        a = self.concentration
        return a + self.rate.log() + lgamma(a) - (1 + a) * digamma(a)
