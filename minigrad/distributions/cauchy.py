"""Cauchy(loc, scale): the Lorentz distribution, reparameterised (loc + scale·tan(π(u - ½)))."""
from __future__ import annotations

import math

from . import constraints
from .distribution import Distribution, broadcast_all

__all__ = ["Cauchy"]


class Cauchy(Distribution):
    """Density 1 / (π·scale·(1 + ((x - loc)/scale)²)); no mean (nan) and an infinite variance."""
    arg_constraints = {"loc": constraints.real, "scale": constraints.positive}
    support = constraints.real
    has_rsample = True
    _expand_params = {"loc": 0, "scale": 0}

    def __init__(self, loc, scale, validate_args=None):
        self.loc, self.scale = broadcast_all(loc, scale)
        super().__init__(self.loc.shape, validate_args=validate_args)

    @property
    def mean(self):
        return self.loc.detach() * math.nan

    @property
    def mode(self):
        return self.loc

    @property
    def variance(self):
        return self.loc.detach() * 0 + math.inf

    def rsample(self, sample_shape=()):
        eps = self.loc.new_empty(tuple(self._extended_shape(sample_shape))).cauchy_()       # torch's draws
        return self.loc + eps * self.scale

    def log_prob(self, value):
        value = self._value(value, self.loc)
        return -math.log(math.pi) - self.scale.log() - (((value - self.loc) / self.scale) ** 2).log1p()

    def cdf(self, value):
        value = self._value(value, self.loc)
        return ((value - self.loc) / self.scale).atan() / math.pi + 0.5

    def icdf(self, value):
        return (math.pi * (value - 0.5)).tan() * self.scale + self.loc

    def entropy(self):
        return math.log(4 * math.pi) + self.scale.log()
