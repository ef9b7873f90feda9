"""Weibull(scale, concentration): scale·E^(1/concentration) for E ~ Exponential(1), reparameterised."""
from __future__ import annotations


from ..ops.special import lgamma
from . import constraints
from .distribution import Distribution, broadcast_all

__all__ = ["Weibull"]

_EULER = 0.57721566490153286060


class Weibull(Distribution):
    """Density (k/λ)(x/λ)^(k-1) e^(-(x/λ)^k) on x > 0 (λ = scale, k = concentration)."""
    arg_constraints = {"scale": constraints.positive, "concentration": constraints.positive}
    support = constraints.positive
    has_rsample = True
    _expand_params = {"scale": 0, "concentration": 0}

    def __init__(self, scale, concentration, validate_args=None):
        self.scale, self.concentration = broadcast_all(scale, concentration)
        super().__init__(self.scale.shape, validate_args=validate_args)

    @property
    def mean(self):
        return self.scale * lgamma(1 + self.concentration.reciprocal()).exp()

    @property
    def mode(self):
        k = self.concentration
        return self.scale * ((k - 1) / k) ** k.reciprocal()

    @property
    def variance(self):
        k = self.concentration
        return self.scale ** 2 * (lgamma(1 + 2 / k).exp() - lgamma(1 + k.reciprocal()).exp() ** 2)

    def rsample(self, sample_shape=()):
        # torch's draws and roundings: Exponential(1) by exponential_(), then x^(1/k), then 0 + λ·x
        e = self.scale.new_empty(tuple(self._extended_shape(sample_shape))).exponential_()
        return self.scale * e.pow(self.concentration.reciprocal())

    def log_prob(self, value):
        value = self._value(value, self.scale)
        k, lam = self.concentration, self.scale
        return (k / lam).log() + (k - 1) * (value / lam).log() - (value / lam) ** k

    def cdf(self, value):
        value = self._value(value, self.scale)
        return 1 - (-(value / self.scale) ** self.concentration).exp()

    def icdf(self, value):
        return self.scale * (-(-value).log1p()) ** self.concentration.reciprocal()

    def entropy(self):
        k = self.concentration
        return _EULER * (1 - k.reciprocal()) + (self.scale / k).log() + 1


