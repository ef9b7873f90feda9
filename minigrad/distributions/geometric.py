"""Geometric(probs | logits): the number of failures before the first success in Bernoulli(p) trials."""
from __future__ import annotations

from ..autograd.grad_mode import no_grad
from ..ops.pointwise import where
from . import constraints
from .bernoulli import _bce_logits, one_of
from .distribution import Distribution, broadcast_all, finfo, lazy_property, logits_to_probs, probs_to_logits

__all__ = ["Geometric"]


class Geometric(Distribution):
    """P(k) = (1 - p)^k p for k = 0, 1, 2, ...; draws floor(log u / log(1 - p))."""
    arg_constraints = {"probs": constraints.unit_interval, "logits": constraints.real}
    support = constraints.nonnegative_integer
    _expand_params = {"probs": 0, "logits": 0}

    def __init__(self, probs=None, logits=None, validate_args=None):
        one_of(probs, logits, "Geometric")
        if probs is not None:
            (self.probs,), self._given = broadcast_all(probs), "probs"
        else:
            (self.logits,), self._given = broadcast_all(logits), "logits"
        super().__init__(self._param.shape, validate_args=validate_args)
        if self._validate_args and probs is not None and not bool((self.probs > 0).all()):
            raise ValueError(f"Expected parameter probs of distribution Geometric to be positive, found "
                             f"{self.probs.detach()}")

    @lazy_property
    def logits(self):
        return probs_to_logits(self.probs, is_binary=True)

    @lazy_property
    def probs(self):
        return logits_to_probs(self.logits, is_binary=True)

    @property
    def mean(self):
        return 1.0 / self.probs - 1.0

    @property
    def mode(self):
        return self.probs.detach() * 0

    @property
    def variance(self):
        return (1.0 / self.probs - 1.0) / self.probs

    def sample(self, sample_shape=()):
        with no_grad():
            shape = tuple(self._extended_shape(sample_shape))
            u = self._param.new_empty(shape).uniform_(float(finfo(self._param).tiny), 1)
            return (u.log() / (-self.probs.expand(shape)).log1p()).floor()

    def log_prob(self, value):
        value = self._value(value, self._param)
        value, probs = broadcast_all(value, self.probs)
        probs = where((probs == 1) & (value == 0), 0.0, probs)      # 0·log(0) = 0 at p = 1, k = 0
        return value * (-probs).log1p() + self.probs.log()

    def entropy(self):
        return _bce_logits(self.logits, self.probs) / self.probs
