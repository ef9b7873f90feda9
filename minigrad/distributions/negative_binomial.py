"""NegativeBinomial(total_count, probs | logits): successes before total_count failures, each trial a
success with probability p; draws are Poisson(Gamma(total_count, rate = (1-p)/p))."""
from __future__ import annotations

from ..autograd.grad_mode import no_grad
from ..ops.pointwise import where
from ..ops.special import lgamma
from . import constraints
from .bernoulli import one_of
from .distribution import (Distribution, broadcast_all, draw, lazy_property, logits_to_probs, probs_to_logits)
from .gamma import standard_gamma

__all__ = ["NegativeBinomial"]


def _logsigmoid(x):
    from ..nn.functional import softplus   # minigrad.nn loads on first use
    return -softplus(-x)


class NegativeBinomial(Distribution):
    """log P(k) = log Γ(n+k) - log Γ(k+1) - log Γ(n) + n·log(1-p) + k·log p."""
    arg_constraints = {"total_count": constraints.greater_than_eq(0), "probs": constraints.half_open_interval(0.0, 1.0),
                       "logits": constraints.real}
    support = constraints.nonnegative_integer
    _expand_params = {"total_count": 0, "probs": 0, "logits": 0}

    def __init__(self, total_count, probs=None, logits=None, validate_args=None):
        one_of(probs, logits, "NegativeBinomial")
        if probs is not None:
            self.total_count, self.probs = broadcast_all(total_count, probs)
            self.total_count, self._given = self.total_count.to(self.probs.dtype), "probs"
        else:
            self.total_count, self.logits = broadcast_all(total_count, logits)
            self.total_count, self._given = self.total_count.to(self.logits.dtype), "logits"
        super().__init__(self._param.shape, validate_args=validate_args)

    @lazy_property
    def logits(self):
        return probs_to_logits(self.probs, is_binary=True)

    @lazy_property
    def probs(self):
        return logits_to_probs(self.logits, is_binary=True)

    @property
    def param_shape(self):
        return self._param.shape

    @property
    def mean(self):
        return self.total_count * self.logits.exp()

    @property
    def mode(self):
        return ((self.total_count - 1) * self.logits.exp()).floor().clamp(min=0.0)

    @property
    def variance(self):
        return self.mean / (-self.logits).sigmoid()

    def sample(self, sample_shape=()):
        with no_grad():
            shape = tuple(self._extended_shape(sample_shape))
            rate = standard_gamma(self.total_count.expand(shape)) * self.logits.expand(shape).exp()
            return draw(rate, "poisson", rate._data, shape=shape)

    def log_prob(self, value):
        value = self._value(value, self._param)
        n, lg = self.total_count, self.logits
        log_unnormalized = n * _logsigmoid(-lg) + value * _logsigmoid(lg)
        empty = n + value == 0                                   # n = 0, k = 0: P = 1 (lgamma(0) kept out)
        n_safe = where(empty, 1.0, n)
        log_normalization = -lgamma(n_safe + value) + lgamma(1.0 + value) + lgamma(n_safe)
        log_normalization = where(empty, 0.0, log_normalization)
        return log_unnormalized - log_normalization
