"""Poisson(rate): counts k = 0, 1, 2, ... with probability rate^k e^(-rate) / k!."""
from __future__ import annotations

from ..autograd.grad_mode import no_grad
from ..ops.special import lgamma, xlogy
from . import constraints
from .distribution import Distribution, broadcast_all, draw

__all__ = ["Poisson"]


class Poisson(Distribution):
    """Draws come from the generator's Poisson sampler (no rsample: the draws are integers)."""
    arg_constraints = {"rate": constraints.nonnegative}
    support = constraints.nonnegative_integer
    _expand_params = {"rate": 0}

    def __init__(self, rate, validate_args=None):
        (self.rate,) = broadcast_all(rate)
        super().__init__(self.rate.shape, validate_args=validate_args)

    @property
    def mean(self):
        return self.rate

    @property
    def mode(self):
        return self.rate.floor()

    @property
    def variance(self):
        return self.rate

    def sample(self, sample_shape=()):
        with no_grad():
            shape = tuple(self._extended_shape(sample_shape))
            return draw(self.rate, "poisson", self.rate.expand(shape)._data, shape=shape)

    def log_prob(self, value):
        value = self._value(value, self.rate)
        rate, value = broadcast_all(self.rate, value)
        return xlogy(value, rate) - rate - lgamma(value + 1)
