"""Gumbel(loc, scale): the law of the maximum, reparameterised (loc - scale·log(-log u))."""
from __future__ import annotations

import math

from . import constraints
from .distribution import Distribution, broadcast_all, finfo, uniform_like

__all__ = ["Gumbel"]

_EULER = 0.57721566490153286060


class Gumbel(Distribution):
    """CDF exp(-exp(-(x - loc)/scale))."""
    arg_constraints = {"loc": constraints.real, "scale": constraints.positive}
    support = constraints.real
    has_rsample = True
    _expand_params = {"loc": 0, "scale": 0}

    def __init__(self, loc, scale, validate_args=None):
        self.loc, self.scale = broadcast_all(loc, scale)
        super().__init__(self.loc.shape, validate_args=validate_args)

    @property
    def mean(self):
        return self.loc + self.scale * _EULER

    @property
    def mode(self):
        return self.loc

    @property
    def stddev(self):
        return (math.pi / math.sqrt(6)) * self.scale

    @property
    def variance(self):
        return self.stddev ** 2

    def rsample(self, sample_shape=()):
        info = finfo(self.loc)           # torch's Uniform(tiny, 1 - eps) draw, then -log(-log u)
        u = uniform_like(self.loc, self._extended_shape(sample_shape)) * float(1 - info.eps - info.tiny) \
            + float(info.tiny)
        return self.loc - self.scale * (-u.log()).log()

    def log_prob(self, value):
        value = self._value(value, self.loc)
        y = (self.loc - value) / self.scale
        return (y - y.exp()) - self.scale.log()

    def cdf(self, value):
        value = self._value(value, self.loc)
        return (-(-(value - self.loc) / self.scale).exp()).exp()

    def icdf(self, value):
        return self.loc - self.scale * (-value.log()).log()

    def entropy(self):
        return self.scale.log() + (1 + _EULER)
