"""ContinuousBernoulli(probs | logits): the density on [0, 1] proportional to p^x (1-p)^(1-x) (the normalised
Bernoulli likelihood of a continuous x, for VAEs of grey-level images). Near p = 1/2 the closed forms divide
0 by 0, so inside ``lims`` they are replaced by their Taylor series around 1/2 (torch's scheme and cut-offs)."""
from __future__ import annotations

import math

from ..ops.pointwise import where
from . import constraints
from .bernoulli import _bce_logits, one_of
from .distribution import (Distribution, broadcast_all, clamp_probs, lazy_property, logits_to_probs,
                           probs_to_logits, uniform_like)

__all__ = ["ContinuousBernoulli"]


class ContinuousBernoulli(Distribution):
    """``probs`` (clamped away from 0 and 1) or ``logits``; the other is derived on first use."""
    arg_constraints = {"probs": constraints.unit_interval, "logits": constraints.real}
    support = constraints.unit_interval
    has_rsample = True
    _expand_params = {"probs": 0, "logits": 0}

    def __init__(self, probs=None, logits=None, lims=(0.499, 0.501), validate_args=None):
        one_of(probs, logits, "ContinuousBernoulli")
        if probs is not None:
            (p,) = broadcast_all(probs)
            if validate_args is not None and not bool(self.arg_constraints["probs"].check(p).all()):
                raise ValueError("The parameter probs has invalid values")
            self.probs, self._given = clamp_probs(p), "probs"
        else:
            (self.logits,), self._given = broadcast_all(logits), "logits"
        self._lims = lims
        super().__init__(self._param.shape, validate_args=validate_args)

    @lazy_property
    def logits(self):
        return probs_to_logits(self.probs, is_binary=True)

    @lazy_property
    def probs(self):
        return clamp_probs(logits_to_probs(self.logits, is_binary=True))

    @property
    def param_shape(self):
        return self._param.shape

    def _stable(self):
        """Where p is outside (lims[0], lims[1]]: the closed forms hold there."""
        return (self.probs <= self._lims[0]) | (self.probs > self._lims[1])

    def _cut_probs(self):
        return where(self._stable(), self.probs, self._lims[0])

    def _log_norm(self):
        """log C(p), C(p) = 2 artanh(1 - 2p) / (1 - 2p) (log 2 at p = 1/2)."""
        p = self._cut_probs()
        below, above = where(p <= 0.5, p, 0.0), where(p >= 0.5, p, 1.0)
        closed = ((-p).log1p() - p.log()).abs().log() - where(p <= 0.5, (-2.0 * below).log1p(),
                                                              (2.0 * above - 1.0).log())
        x = (self.probs - 0.5) ** 2
        taylor = math.log(2.0) + (4.0 / 3.0 + 104.0 / 45.0 * x) * x
        return where(self._stable(), closed, taylor)

    @property
    def mean(self):
        p = self._cut_probs()
        closed = p / (2.0 * p - 1.0) + 1.0 / ((-p).log1p() - p.log())
        x = self.probs - 0.5
        return where(self._stable(), closed, 0.5 + (1.0 / 3.0 + 16.0 / 45.0 * x ** 2) * x)

    @property
    def variance(self):
        p = self._cut_probs()
        closed = p * (p - 1.0) / (1.0 - 2.0 * p) ** 2 + 1.0 / ((-p).log1p() - p.log()) ** 2
        x = (self.probs - 0.5) ** 2
        return where(self._stable(), closed, 1.0 / 12.0 - (1.0 / 15.0 - 128.0 / 945.0 * x) * x)

    @property
    def stddev(self):
        return self.variance.sqrt()

    def rsample(self, sample_shape=()):
        return self.icdf(uniform_like(self.probs, self._extended_shape(sample_shape)))

    def log_prob(self, value):
        value = self._value(value, self._param)
        logits, value = broadcast_all(self.logits, value)
        return -_bce_logits(logits, value) + self._log_norm()

    def cdf(self, value):
        p = self._cut_probs()
        closed = (p ** value * (1.0 - p) ** (1.0 - value) + p - 1.0) / (2.0 * p - 1.0)
        inside = where(self._stable(), closed, value)
        return where(value <= 0.0, 0.0, where(value >= 1.0, 1.0, inside))

    def icdf(self, value):
        p = self._cut_probs()
        closed = ((-p + value * (2.0 * p - 1.0)).log1p() - (-p).log1p()) / (p.log() - (-p).log1p())
        return where(self._stable(), closed, value)

    def entropy(self):
        log_p0, log_p1 = (-self.probs).log1p(), self.probs.log()
        return self.mean * (log_p0 - log_p1) - self._log_norm() - log_p0
