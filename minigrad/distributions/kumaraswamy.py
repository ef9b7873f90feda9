"""Kumaraswamy(concentration1 a, concentration0 b): density a·b·x^(a-1)·(1 - x^a)^(b-1) on (0, 1), a Beta-like law
with a closed-form inverse CDF: x = (1 - u^(1/b))^(1/a) for u ~ Uniform(0, 1), reparameterised."""
from __future__ import annotations

import math

from ..ops.special import digamma, lgamma
from ..ops.pointwise import where
from . import constraints
from .distribution import Distribution, broadcast_all, uniform_like

__all__ = ["Kumaraswamy"]

_EULER = 0.57721566490153286060


def _moment(a, b, n):
    """E[X^n] = b·B(1 + n/a, b)."""
    arg = 1 + n / a
    return b * (lgamma(arg) + lgamma(b) - lgamma(arg + b)).exp()


class Kumaraswamy(Distribution):
    arg_constraints = {"concentration1": constraints.positive, "concentration0": constraints.positive}
    support = constraints.unit_interval
    has_rsample = True
    _expand_params = {"concentration1": 0, "concentration0": 0}

    def __init__(self, concentration1, concentration0, validate_args=None):
        self.concentration1, self.concentration0 = broadcast_all(concentration1, concentration0)
        super().__init__(self.concentration1.shape, validate_args=validate_args)

    @property
    def mean(self):
        return _moment(self.concentration1, self.concentration0, 1)

    @property
    def mode(self):
        a, b = self.concentration1, self.concentration0
        log_mode = b.reciprocal() * (-b).log1p() - (-b * a).log1p()
        return where((b < 1) | (a < 1), math.nan, log_mode.exp())

    @property
    def variance(self):
        return _moment(self.concentration1, self.concentration0, 2) - self.mean ** 2

    def rsample(self, sample_shape=()):
        # torch's draws and steps: u ~ Uniform(0, 1) (rand), u^(1/b), 1 - that, then ^(1/a)
        u = uniform_like(self.concentration0, self._extended_shape(sample_shape))
        x = u.pow(self.concentration0.reciprocal())
        return (1.0 + -1.0 * x).pow(self.concentration1.reciprocal())

    def log_prob(self, value):
        value = self._value(value, self.concentration1)
        a, b = self.concentration1, self.concentration0
        return a.log() + b.log() + (a - 1) * value.log() + (b - 1) * (-value.pow(a)).log1p()

    def entropy(self):
        a, b = self.concentration1, self.concentration0
        h0 = digamma(b + 1) + _EULER
        return (1 - b.reciprocal()) + (1 - a.reciprocal()) * h0 - a.log() - b.log()
