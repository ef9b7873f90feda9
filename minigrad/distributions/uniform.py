"""Uniform(low, high): the uniform distribution on [low, high), reparameterised (low + (high - low)·u)."""
from __future__ import annotations

import math

from ..ops.pointwise import where
from . import constraints
from .distribution import Distribution, broadcast_all, uniform_like

__all__ = ["Uniform"]


class Uniform(Distribution):
    """Uniform on [low, high). Validation refuses low >= high and values outside [low, high]."""
    has_rsample = True
    _expand_params = {"low": 0, "high": 0}

    def __init__(self, low, high, validate_args=None):
        self.low, self.high = broadcast_all(low, high)
        super().__init__(self.low.shape, validate_args=validate_args)

    @property
    def arg_constraints(self):
        return {"low": constraints.less_than(self.high), "high": constraints.greater_than(self.low)}

    @constraints.dependent_property(is_discrete=False, event_dim=0)
    def support(self):
        return constraints.interval(self.low, self.high)

    @property
    def mean(self):
        return (self.high + self.low) / 2

    @property
    def mode(self):
        return self.high * math.nan

    @property
    def stddev(self):
        return (self.high - self.low) / 12 ** 0.5

    @property
    def variance(self):
        return (self.high - self.low) ** 2 / 12

    def rsample(self, sample_shape=()):
        return self.low + uniform_like(self.low, self._extended_shape(sample_shape)) * (self.high - self.low)

    def log_prob(self, value):
        value = self._value(value, self.low)
        inside = (value >= self.low) & (value < self.high)
        return where(inside, 0.0, -math.inf) - (self.high - self.low).log()

    def cdf(self, value):
        value = self._value(value, self.low)
        return ((value - self.low) / (self.high - self.low)).clamp(0, 1)

    def icdf(self, value):
        return value * (self.high - self.low) + self.low

    def entropy(self):
        return (self.high - self.low).log()
