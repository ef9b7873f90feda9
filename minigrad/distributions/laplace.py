"""Laplace(loc, scale): density exp(-|x - loc| / scale) / (2·scale), reparameterised through the inverse CDF."""
from __future__ import annotations

import math

from ..ops.pointwise import sign
from . import constraints
from .distribution import Distribution, broadcast_all, finfo

__all__ = ["Laplace"]


class Laplace(Distribution):
    """rsample = loc - scale·sign(u)·log(1 - |u|), u uniform on (-1, 1)."""
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
    def variance(self):
        return 2 * self.scale ** 2

    @property
    def stddev(self):
        return math.sqrt(2) * self.scale

    def rsample(self, sample_shape=()):
        eps = float(finfo(self.loc).eps)
        u = self.loc.new_empty(tuple(self._extended_shape(sample_shape))).uniform_(eps - 1, 1)   # in (-1, 1)
        return self.loc - self.scale * sign(u) * (-u.abs()).log1p()

    def log_prob(self, value):
        value = self._value(value, self.loc)
        return -(2 * self.scale).log() - (value - self.loc).abs() / self.scale

    def cdf(self, value):
        value = self._value(value, self.loc)
        return 0.5 - 0.5 * sign(value - self.loc) * (-(value - self.loc).abs() / self.scale).expm1()

    def icdf(self, value):
        term = value - 0.5
        return self.loc - self.scale * sign(term) * (-2 * term.abs()).log1p()

    def entropy(self):
        return 1 + (2 * self.scale).log()
