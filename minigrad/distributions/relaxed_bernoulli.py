"""RelaxedBernoulli(temperature, probs | logits): the binary Concrete / Gumbel-softmax distribution on
(0, 1), reparameterised: sigmoid((logits + log u - log(1 - u)) / temperature)."""
from __future__ import annotations

from . import constraints
from .bernoulli import one_of
from .distribution import (Distribution, as_float, broadcast_all, clamp_probs, finfo, lazy_property, logits_to_probs,
                           probs_to_logits, uniform_like)

__all__ = ["RelaxedBernoulli", "LogitRelaxedBernoulli"]


def _softplus(x):
    from ..nn.functional import softplus   # minigrad.nn loads on first use
    return softplus(x)


class LogitRelaxedBernoulli(Distribution):
    """The logit of a RelaxedBernoulli draw: density T·e^(l - yT) / (1 + e^(l - yT))² on the reals."""
    arg_constraints = {"probs": constraints.unit_interval, "logits": constraints.real}
    support = constraints.real
    has_rsample = True
    _expand_params = {"probs": 0, "logits": 0}

    def __init__(self, temperature, probs=None, logits=None, validate_args=None):
        one_of(probs, logits, type(self).__name__)
        if probs is not None:
            (self.probs,) = broadcast_all(probs)
            self._given = "probs"
        else:
            (self.logits,) = broadcast_all(logits)
            self._given = "logits"
        self.temperature = as_float(temperature, (self._param,))
        super().__init__(self._param.shape, validate_args=validate_args)

    @lazy_property
    def logits(self):
        return probs_to_logits(self.probs, is_binary=True)

    @lazy_property
    def probs(self):
        return logits_to_probs(self.logits, is_binary=True)

    def rsample(self, sample_shape=()):
        shape = tuple(self._extended_shape(sample_shape))
        p = clamp_probs(self.probs.expand(shape))
        u = clamp_probs(uniform_like(self._param, shape))
        return (u.log() - (-u).log1p() + p.log() - (-p).log1p()) / self.temperature

    def log_prob(self, value):
        value = self._value(value, self._param)
        logits, value = broadcast_all(self.logits, value)
        diff = logits - value * self.temperature
        return self.temperature.log() + diff - 2 * _softplus(diff)


class RelaxedBernoulli(Distribution):
    """sigmoid of a LogitRelaxedBernoulli draw; log_prob(x) = base.log_prob(logit x) - log σ'(logit x)."""
    arg_constraints = {"probs": constraints.unit_interval, "logits": constraints.real}
    support = constraints.unit_interval
    has_rsample = True

    def __init__(self, temperature, probs=None, logits=None, validate_args=None):
        self.base_dist = LogitRelaxedBernoulli(temperature, probs, logits, validate_args=validate_args)
        super().__init__(self.base_dist.batch_shape, validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        return self._expand_wrapped("base_dist", batch_shape)

    @property
    def temperature(self):
        return self.base_dist.temperature

    @property
    def logits(self):
        return self.base_dist.logits

    @property
    def probs(self):
        return self.base_dist.probs

    def rsample(self, sample_shape=()):
        return clamp_probs(self.base_dist.rsample(sample_shape).sigmoid())

    def log_prob(self, value):
        value = self._value(value, self.base_dist._param)
        eps = float(finfo(value).eps)
        y = value.clamp(float(finfo(value).tiny), 1 - eps)
        x = y.log() - (-y).log1p()
        return self.base_dist.log_prob(x) + _softplus(-x) + _softplus(x)
