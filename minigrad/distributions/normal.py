"""Normal(loc, scale): N(loc, scale²), reparameterised (loc + scale·ε)."""
from __future__ import annotations

import math

from ..ops.pointwise import erf
from ..ops.special import erfinv
from . import constraints
from .distribution import Distribution, broadcast_all, normal_like

__all__ = ["Normal"]


class Normal(Distribution):
    """N(loc, scale²). ``rsample`` = loc + scale·ε with ε ~ N(0, 1), so its gradient reaches both parameters."""
    arg_constraints = {"loc": constraints.real, "scale": constraints.positive}
    support = constraints.real
    has_rsample = True
    _expand_params = {"loc": 0, "scale": 0}

    def __init__(self, loc, scale, validate_args=None):
        self.loc, self.scale = broadcast_all(loc, scale)
        super().__init__(self.loc.shape, validate_args=validate_args)

    @property
    def mean(self):
        return self.loc

    @property
    def mode(self):
        return self.loc

    @property
    def stddev(self):
        return self.scale

    @property
    def variance(self):
        return self.scale ** 2

    def rsample(self, sample_shape=()):
        return self.loc + normal_like(self.loc, self._extended_shape(sample_shape)) * self.scale

    def log_prob(self, value):
        value = self._value(value, self.loc)
        return -((value - self.loc) ** 2) / (2 * self.variance) - self.scale.log() - math.log(math.sqrt(2 * math.pi))

    def cdf(self, value):
        value = self._value(value, self.loc)
        return 0.5 * (1 + erf((value - self.loc) * self.scale.reciprocal() / math.sqrt(2)))

    def icdf(self, value):
        return self.loc + self.scale * erfinv(2 * value - 1) * math.sqrt(2)

    def entropy(self):
        return 0.5 + 0.5 * math.log(2 * math.pi) + self.scale.log()
