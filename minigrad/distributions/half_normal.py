"""HalfNormal(scale): |X| for X ~ Normal(0, scale), reparameterised (|scale·ε|); ``Folded``, what it shares with
HalfCauchy: the density of |X| for X symmetric about 0."""
from __future__ import annotations

import math

from ..ops.pointwise import where
from . import constraints
from .distribution import Distribution
from .normal import Normal

__all__ = ["HalfNormal"]


class Folded(Distribution):
    """|X| for X ~ ``base_dist`` (symmetric about 0, with a ``scale``): density 2·p(x) on x >= 0."""
    arg_constraints = {"scale": constraints.positive}
    support = constraints.nonnegative
    has_rsample = True

    def __init__(self, base_dist, validate_args=None):
        self.base_dist = base_dist
        super().__init__(self.base_dist.batch_shape, validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        return self._expand_wrapped("base_dist", batch_shape)

    @property
    def scale(self):
        return self.base_dist.scale

    def rsample(self, sample_shape=()):
        return self.base_dist.rsample(sample_shape).abs()

    def log_prob(self, value):
        value = self._value(value, self.scale)
        return where(value >= 0, self.base_dist.log_prob(value) + math.log(2), -math.inf)

    def cdf(self, value):
        value = self._value(value, self.scale)
        return 2 * self.base_dist.cdf(value) - 1

    def icdf(self, prob):
        return self.base_dist.icdf((prob + 1) / 2)

    def entropy(self):
        return self.base_dist.entropy() - math.log(2)


class HalfNormal(Folded):
    """Density 2·N(x; 0, scale²) on x >= 0."""

    def __init__(self, scale, validate_args=None):
        super().__init__(Normal(0, scale, validate_args=False), validate_args=validate_args)

    @property
    def mean(self):
        return self.scale * math.sqrt(2 / math.pi)

    @property
    def mode(self):
        return self.scale.detach() * 0

    @property
    def variance(self):
        return self.scale ** 2 * (1 - 2 / math.pi)
