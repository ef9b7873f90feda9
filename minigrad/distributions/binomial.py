"""Binomial(total_count, probs | logits): successes in total_count independent Bernoulli trials."""
from __future__ import annotations

from ..autograd.grad_mode import no_grad
from ..factories import arange
from ..ops.special import lgamma
from . import constraints
from .bernoulli import one_of
from .distribution import (Distribution, broadcast_all, draw, lazy_property, logits_to_probs, probs_to_logits)

__all__ = ["Binomial"]


def _clamp_by_zero(x):
    """max(x, 0) with the derivative ½ at 0 (the mean of the two one-sided ones)."""
    return (x.clamp(min=0) + x - x.clamp(max=0)) / 2


class Binomial(Distribution):
    """log_prob(k) = log C(n, k) + k·logits - n·log(1 + e^logits), written stably for large |logits|."""
    arg_constraints = {"total_count": constraints.nonnegative_integer, "probs": constraints.unit_interval,
                       "logits": constraints.real}
    has_enumerate_support = True
    _expand_params = {"total_count": 0, "probs": 0, "logits": 0}

    def __init__(self, total_count=1, probs=None, logits=None, validate_args=None):
        one_of(probs, logits, "Binomial")
        if probs is not None:
            self.total_count, self.probs = broadcast_all(total_count, probs)
            self.total_count, self._given = self.total_count.to(self.probs.dtype), "probs"
        else:
            self.total_count, self.logits = broadcast_all(total_count, logits)
            self.total_count, self._given = self.total_count.to(self.logits.dtype), "logits"
        super().__init__(self._param.shape, validate_args=validate_args)

    @constraints.dependent_property(is_discrete=True, event_dim=0)
    def support(self):
        return constraints.integer_interval(0, self.total_count)

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
        return self.total_count * self.probs

    @property
    def mode(self):
        return ((self.total_count + 1) * self.probs).floor().clamp(max=self.total_count)

    @property
    def variance(self):
        return self.total_count * self.probs * (1 - self.probs)

    def sample(self, sample_shape=()):
        with no_grad():
            shape = tuple(self._extended_shape(sample_shape))
            n = self.total_count.expand(shape)._data.astype("int64")
            return draw(self.probs, "binomial", n, self.probs.expand(shape)._data, shape=shape)

    def log_prob(self, value):
        value = self._value(value, self._param)
        n, lg = self.total_count, self.logits
        log_choose = lgamma(n + 1) - lgamma(value + 1) - lgamma(n - value + 1)
        normalizer = n * _clamp_by_zero(lg) + n * (-lg.abs()).exp().log1p()
        return log_choose + value * lg - normalizer

    def entropy(self):
        n = int(self.total_count.max())
        if not bool((self.total_count == n).all()):
            raise NotImplementedError("Binomial.entropy needs the same total_count everywhere "
                                      f"(got values from {int(self.total_count.min())} to {n})")
        lp = self.log_prob(self.enumerate_support(False))
        return -(lp.exp() * lp).sum(0)

    def enumerate_support(self, expand=True):
        n = int(self.total_count.max())
        if not bool((self.total_count == n).all()):
            raise NotImplementedError("Binomial.enumerate_support needs the same total_count everywhere")
        values = arange(1 + n, dtype=self._param.dtype, device=self._param.device)
        values = values.reshape((-1,) + (1,) * len(self._batch_shape))
        return values.expand((-1,) + tuple(self._batch_shape)) if expand else values
