"""Multinomial(total_count, probs | logits): counts of each of K categories in total_count draws."""
from __future__ import annotations

from ..autograd.grad_mode import no_grad
from ..ops.pointwise import where
from ..ops.special import lgamma
from . import constraints
from .categorical import Categorical
from .distribution import Distribution, broadcast_all, shape_of
from .one_hot_categorical import _one_hot

__all__ = ["Multinomial"]


class Multinomial(Distribution):
    """log P(x) = log n! - Σ log xᵢ! + Σ xᵢ log pᵢ (event_shape (K,)); ``total_count`` is an int."""
    arg_constraints = {"probs": constraints.simplex, "logits": constraints.independent(constraints.real, 1)}

    def __init__(self, total_count=1, probs=None, logits=None, validate_args=None):
        if not isinstance(total_count, int) or isinstance(total_count, bool):
            raise NotImplementedError("Multinomial: inhomogeneous total_count is not supported; pass an int, "
                                      f"got {type(total_count).__name__}")
        self.total_count = total_count
        self._categorical = Categorical(probs=probs, logits=logits, validate_args=validate_args)
        super().__init__(self._categorical.batch_shape, self._categorical.param_shape[-1:],
                         validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        return self._expand_wrapped("_categorical", batch_shape)

    @constraints.dependent_property(is_discrete=True, event_dim=1)
    def support(self):
        return constraints.multinomial(self.total_count)

    @property
    def probs(self):
        return self._categorical.probs

    @property
    def logits(self):
        return self._categorical.logits

    @property
    def param_shape(self):
        return self._categorical.param_shape

    @property
    def mean(self):
        return self.probs * self.total_count

    @property
    def variance(self):
        return self.total_count * self.probs * (1 - self.probs)

    def sample(self, sample_shape=()):
        """total_count Categorical draws per sample, counted per category (one-hot, summed)."""
        with no_grad():
            k = self._event_shape[0]
            draws = self._categorical.sample((self.total_count,) + shape_of(sample_shape))
            return _one_hot(draws, k, self.probs).sum(0)

    def log_prob(self, value):
        value = self._value(value, self.logits)
        logits, value = broadcast_all(self.logits, value)
        logits = where((value == 0) & (logits == float("-inf")), 0.0, logits)
        return lgamma(value.sum(-1) + 1) - lgamma(value + 1).sum(-1) + (logits * value).sum(-1)
