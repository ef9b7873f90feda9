"""RelaxedOneHotCategorical(temperature, probs | logits): the Concrete / Gumbel-softmax distribution on the
simplex, reparameterised: softmax((logits + Gumbel noise) / temperature)."""
from __future__ import annotations


from ..ops.reduce import logsumexp
from ..ops.special import lgamma
from . import constraints
from .categorical import Categorical
from .distribution import Distribution, as_float, clamp_probs, uniform_like

__all__ = ["RelaxedOneHotCategorical", "ExpRelaxedCategorical"]


class ExpRelaxedCategorical(Distribution):
    """The log of a RelaxedOneHotCategorical draw (event_shape (K,))."""
    arg_constraints = {"probs": constraints.simplex, "logits": constraints.independent(constraints.real, 1)}
    support = constraints.independent(constraints.real, 1)
    has_rsample = True

    def __init__(self, temperature, probs=None, logits=None, validate_args=None):
        self._categorical = Categorical(probs, logits, validate_args=validate_args)
        self.temperature = as_float(temperature, (self._categorical._param,))
        super().__init__(self._categorical.batch_shape, self._categorical.param_shape[-1:],
                         validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        return self._expand_wrapped("_categorical", batch_shape)

    @property
    def logits(self):
        return self._categorical.logits

    @property
    def probs(self):
        return self._categorical.probs

    def rsample(self, sample_shape=()):
        u = clamp_probs(uniform_like(self.logits, self._extended_shape(sample_shape)))
        scores = (self.logits - (-u.log()).log()) / self.temperature
        return scores - logsumexp(scores, -1, keepdim=True)

    def log_prob(self, value):
        value = self._value(value, self.logits)
        k = self._event_shape[0]
        log_scale = lgamma(self.temperature * 0 + k) + (k - 1) * self.temperature.log()
        score = self.logits - value * self.temperature
        score = (score - logsumexp(score, -1, keepdim=True)).sum(-1)
        return score + log_scale


class RelaxedOneHotCategorical(Distribution):
    """exp of an ExpRelaxedCategorical draw; log_prob(x) = base.log_prob(log x) - Σ log x."""
    arg_constraints = {"probs": constraints.simplex, "logits": constraints.independent(constraints.real, 1)}
    support = constraints.simplex
    has_rsample = True

    def __init__(self, temperature, probs=None, logits=None, validate_args=None):
        self.base_dist = ExpRelaxedCategorical(temperature, probs, logits, validate_args=validate_args)
        super().__init__(self.base_dist.batch_shape, self.base_dist.event_shape, validate_args=validate_args)

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
        return self.base_dist.rsample(sample_shape).exp()

    def log_prob(self, value):
        value = self._value(value, self.logits)
        x = value.log()
        return self.base_dist.log_prob(x) - x.sum(-1)
