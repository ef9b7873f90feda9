"""Categorical(probs | logits): one of K categories (the last dim of the parameter)."""
from __future__ import annotations

import math

import numpy as np

from ..autograd.grad_mode import no_grad
from ..factories import arange, multinomial
from ..ops.reduce import logsumexp
from . import constraints
from .bernoulli import one_of
from .distribution import Distribution, as_float, finfo, lazy_property, logits_to_probs, probs_to_logits, shape_of

__all__ = ["Categorical"]


class Categorical(Distribution):
    """``probs`` (normalised along the last dim) or ``logits`` (normalised: logits - logsumexp)."""
    arg_constraints = {"probs": constraints.simplex, "logits": constraints.independent(constraints.real, 1)}
    has_enumerate_support = True
    _expand_params = {"probs": 1, "logits": 1}

    def __init__(self, probs=None, logits=None, validate_args=None):
        one_of(probs, logits, type(self).__name__)
        src = as_float(probs if probs is not None else logits)
        if src.ndim < 1:
            raise ValueError(f"{type(self).__name__}: `probs` or `logits` parameter must be at least "
                             f"one-dimensional, got shape {tuple(src.shape)}")
        if probs is not None:
            self.probs = src / src.sum(-1, keepdim=True)
            self._given = "probs"
        else:
            self.logits = src - logsumexp(src, -1, keepdim=True)
            self._given = "logits"
        self._num_events = src.shape[-1]
        super().__init__(src.shape[:-1], validate_args=validate_args)

    @constraints.dependent_property(is_discrete=True, event_dim=0)
    def support(self):
        return constraints.integer_interval(0, self._num_events - 1)

    @lazy_property
    def logits(self):
        return probs_to_logits(self.probs)

    @lazy_property
    def probs(self):
        return logits_to_probs(self.logits)

    @property
    def param_shape(self):
        return self._param.shape

    @property
    def mean(self):
        return self._param.detach()[..., 0] * math.nan

    @property
    def mode(self):
        return self.probs.argmax(-1)

    @property
    def variance(self):
        return self._param.detach()[..., 0] * math.nan

    def sample(self, sample_shape=()):
        with no_grad():
            sample_shape = shape_of(sample_shape)
            n = int(np.prod(sample_shape)) if sample_shape else 1
            rows = self.probs.reshape(-1, self._num_events)
            draws = multinomial(rows, n, True)                                  # (B, n)
            return draws.t().reshape(sample_shape + tuple(self._batch_shape))

    def log_prob(self, value):
        value = self._value(value, self._param).long()
        shape = np.broadcast_shapes(tuple(value.shape), tuple(self._batch_shape))
        lp = self.logits.expand(shape + (self._num_events,))
        return lp.gather(-1, value.expand(shape).unsqueeze(-1)).squeeze(-1)

    def entropy(self):
        logits = self.logits.clamp(min=float(finfo(self.logits).min))
        return -(logits * self.probs).sum(-1)

    def enumerate_support(self, expand=True):
        values = arange(self._num_events, device=self._param.device)
        values = values.reshape((-1,) + (1,) * len(self._batch_shape))
        return values.expand((self._num_events,) + tuple(self._batch_shape)) if expand else values
