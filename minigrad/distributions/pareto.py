"""Pareto(scale, alpha): density α·scale^α / x^(α+1) on x >= scale; reparameterised (scale·e^(E/α))."""
from __future__ import annotations

from ..ops.pointwise import where
from . import constraints
from .distribution import Distribution, broadcast_all

__all__ = ["Pareto"]


class Pareto(Distribution):
    """The mean is infinite for α <= 1, the variance for α <= 2 (as torch: the formulas at α clamped)."""
    arg_constraints = {"alpha": constraints.positive, "scale": constraints.positive}     # (torch's order)
    has_rsample = True
    _expand_params = {"scale": 0, "alpha": 0}

    def __init__(self, scale, alpha, validate_args=None):
        self.scale, self.alpha = broadcast_all(scale, alpha)
        super().__init__(self.scale.shape, validate_args=validate_args)

    @constraints.dependent_property(is_discrete=False, event_dim=0)
    def support(self):
        return constraints.greater_than_eq(self.scale)

    # α is held at the bound through ``where`` rather than clamp: minigrad's clamp passes an infinite upstream
    # gradient on as nan (inf·0) where torch's gives 0
    @property
    def mean(self):
        a = where(self.alpha > 1, self.alpha, 1.0)
        return a * self.scale / (a - 1)

    @property
    def mode(self):
        return self.scale

    @property
    def variance(self):
        a = where(self.alpha > 2, self.alpha, 2.0)
        return self.scale ** 2 * a / ((a - 1) ** 2 * (a - 2))

    def rsample(self, sample_shape=()):
        # torch's draws and steps: E ~ Exponential(alpha) as exponential_() / alpha, exp, then 0 + scale·x
        e = self.alpha.new_empty(tuple(self._extended_shape(sample_shape))).exponential_()
        return self.scale * (e / self.alpha).exp()

    def log_prob(self, value):
        value = self._value(value, self.scale)
        return self.alpha.log() + self.alpha * self.scale.log() - (self.alpha + 1) * value.log()

    def cdf(self, value):
        value = self._value(value, self.scale)
        return 1 - (self.scale / value) ** self.alpha

    def icdf(self, value):
        return self.scale * (-value).log1p().mul(-1 / self.alpha).exp()

    def entropy(self):
        return (self.scale / self.alpha).log() + self.alpha.reciprocal() + 1
