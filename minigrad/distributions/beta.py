"""Beta(concentration1, concentration0) on [0, 1]: the first coordinate of a Dirichlet of the pair."""
from __future__ import annotations

from ..ops.shape import stack
from ..ops.special import digamma, lgamma, xlogy
from . import constraints
from .dirichlet import Dirichlet
from .distribution import Distribution, broadcast_all

__all__ = ["Beta"]


class Beta(Distribution):
    """Density x^(a-1) (1-x)^(b-1) / B(a, b) (a = concentration1, b = concentration0); rsample through
    the Dirichlet (two Gamma draws, implicit gradients)."""
    arg_constraints = {"concentration1": constraints.positive, "concentration0": constraints.positive}
    support = constraints.unit_interval
    has_rsample = True
    _expand_params = {"concentration1": 0, "concentration0": 0}

    def __init__(self, concentration1, concentration0, validate_args=None):
        self.concentration1, self.concentration0 = broadcast_all(concentration1, concentration0)
        super().__init__(self.concentration1.shape, validate_args=validate_args)

    def __repr__(self):
        return "Beta()"             # (torch's Beta keeps its parameters in a Dirichlet: its repr lists none)

    def _dirichlet(self):
        return Dirichlet(stack([self.concentration1, self.concentration0], -1), validate_args=False)

    @property
    def mean(self):
        return self.concentration1 / (self.concentration1 + self.concentration0)

    @property
    def mode(self):
        return self._dirichlet().mode.select(-1, 0)

    @property
    def variance(self):
        a, b = self.concentration1, self.concentration0
        total = a + b
        return a * b / (total ** 2 * (total + 1))

    def rsample(self, sample_shape=()):
        return self._dirichlet().rsample(sample_shape).select(-1, 0)

    def log_prob(self, value):
        value = self._value(value, self.concentration1)
        a, b = self.concentration1, self.concentration0
        return xlogy(a - 1.0, value) + xlogy(b - 1.0, 1 - value) + lgamma(a + b) - lgamma(a) - lgamma(b)

    def entropy(self):
        a, b = self.concentration1, self.concentration0
        a0 = a + b
        return (lgamma(a) + lgamma(b) - lgamma(a0) - (2 - a0) * digamma(a0)
                - (a - 1.0) * digamma(a) - (b - 1.0) * digamma(b))
