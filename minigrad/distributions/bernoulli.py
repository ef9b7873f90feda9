"""Bernoulli(probs | logits): 1 with probability p, else 0."""
from __future__ import annotations

import math

from ..autograd.grad_mode import no_grad
from ..factories import arange
from ..ops._helpers import _TORCH_NAMES
from ..ops.pointwise import where
from . import constraints
from .distribution import (Distribution, as_float, broadcast_all, lazy_property, logits_to_probs, probs_to_logits,
                           uniform_like)

__all__ = ["Bernoulli"]


def _bce_logits(logits, target):
    """-[t·log σ(l) + (1-t)·log(1-σ(l))], elementwise."""
    from ..nn.functional import binary_cross_entropy_with_logits   # minigrad.nn loads on first use
    return binary_cross_entropy_with_logits(logits, target, reduction="none")


def one_of(probs, logits, name):
    if (probs is None) == (logits is None):
        raise ValueError(f"{name}: either `probs` or `logits` must be specified, but not both.")


class Bernoulli(Distribution):
    """``probs`` or ``logits`` (one of them); the other is derived on first use."""
    arg_constraints = {"probs": constraints.unit_interval, "logits": constraints.real}
    support = constraints.boolean
    has_enumerate_support = True
    _expand_params = {"probs": 0, "logits": 0}

    def __init__(self, probs=None, logits=None, validate_args=None):
        one_of(probs, logits, "Bernoulli")
        if probs is not None:
            (self.probs,), self._given = broadcast_all(probs), "probs"
        else:
            (self.logits,), self._given = broadcast_all(logits), "logits"
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
        return self.probs

    @property
    def mode(self):
        m = (self.probs >= 0.5).to(self.probs.dtype)
        return where(self.probs == 0.5, math.nan, m)

    @property
    def variance(self):
        return self.probs * (1 - self.probs)

    def sample(self, sample_shape=()):
        with no_grad():
            p = self.probs.expand(tuple(self._extended_shape(sample_shape)))
            return (uniform_like(p, p.shape) < p).to(p.dtype)

    def log_prob(self, value):
        value = self._value(value, self._param)
        kind = getattr(getattr(value, "_data", None), "dtype", None)
        if kind is not None and kind.kind in "iub":          # torch refuses an integer or bool value
            if kind.kind == "b":
                raise NotImplementedError("Subtraction, the `-` operator, with two bool tensors is not supported. "
                                          "(Bernoulli.log_prob(): the value is torch.bool; convert it with .float())")
            raise RuntimeError(f"result type Float can't be cast to the desired output type "
                               f"{_TORCH_NAMES[kind.name]} (Bernoulli.log_prob(): the value is {value.dtype}; "
                               "convert it with .float())")
        logits, value = broadcast_all(self.logits, value)
        return -_bce_logits(logits, value)

    def entropy(self):
        return _bce_logits(self.logits, self.probs)

    def enumerate_support(self, expand=True):
        values = arange(2, dtype=self._param.dtype, device=self._param.device)
        values = values.reshape((-1,) + (1,) * len(self._batch_shape))
        return values.expand((2,) + tuple(self._batch_shape)) if expand else values
