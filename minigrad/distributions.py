"""``minigrad.distributions``: the probability distributions scripts reach for first -- Normal,
Bernoulli, Categorical, Uniform -- with torch's names: ``sample``/``rsample``, ``log_prob``,
``entropy``, ``mean``/``variance``/``stddev``, and ``kl_divergence``.

Densities and entropies are compositions of differentiable ops, so their gradients (with respect
to the parameters) come for free; ``rsample`` is the reparameterised draw (loc + scale·ε) whose
gradient flows to the parameters, ``sample`` draws without a graph. Draws use minigrad's generator
(``minigrad.manual_seed``), so they differ from torch's draws.
"""
from __future__ import annotations

import math
import numbers

import numpy as np

from . import backend, dtypes
from .autograd.grad_mode import no_grad
from .factories import arange, multinomial, tensor
from .ops.pointwise import erf, where
from .ops.reduce import log_softmax, logsumexp, softmax
from .ops.special import erfinv
from .tensor import Size, Tensor, _wrap

__all__ = ["Distribution", "Normal", "Bernoulli", "Categorical", "Uniform", "kl_divergence"]


def _as_tensor(v, like=None):
    if isinstance(v, Tensor):
        return v
    dt = like.dtype if isinstance(like, Tensor) and like.dtype.is_floating_point else dtypes.get_default_dtype()
    return tensor(float(v), dtype=dt, device=like.device if isinstance(like, Tensor) else None)


def _shape(sample_shape):
    if isinstance(sample_shape, numbers.Integral):
        return (int(sample_shape),)
    return tuple(sample_shape)


class Distribution:
    """What every distribution has: batch/event shapes, and ``sample`` as ``rsample`` without a graph."""
    has_rsample = False

    def __init__(self, batch_shape=(), event_shape=(), validate_args=None):
        self._batch_shape, self._event_shape = Size(batch_shape), Size(event_shape)

    @property
    def batch_shape(self):
        return self._batch_shape

    @property
    def event_shape(self):
        return self._event_shape

    def sample(self, sample_shape=()):
        with no_grad():
            return self.rsample(sample_shape)

    def rsample(self, sample_shape=()):
        raise NotImplementedError(f"{type(self).__name__} has no reparameterised sampler (rsample)")

    @property
    def stddev(self):
        return self.variance.sqrt()

    def _extended(self, sample_shape):
        return _shape(sample_shape) + tuple(self._batch_shape) + tuple(self._event_shape)

    def __repr__(self):
        return f"{type(self).__name__}()"


class Normal(Distribution):
    """N(loc, scale²)."""
    has_rsample = True

    def __init__(self, loc, scale, validate_args=None):
        self.loc, self.scale = _as_tensor(loc, scale), _as_tensor(scale, loc)
        if validate_args and bool((self.scale <= 0).any()):
            raise ValueError("Expected parameter scale to be positive")
        shape = np.broadcast_shapes(tuple(self.loc.shape), tuple(self.scale.shape))
        self.loc, self.scale = self.loc.expand(shape), self.scale.expand(shape)
        super().__init__(shape)

    @property
    def mean(self):
        return self.loc

    @property
    def mode(self):
        return self.loc

    @property
    def variance(self):
        return self.scale ** 2

    @property
    def stddev(self):
        return self.scale

    def rsample(self, sample_shape=()):
        shape = self._extended(sample_shape)
        eps = _wrap(backend.random_normal(self.loc.device, shape, self.loc._data.dtype))
        return self.loc + eps * self.scale

    def log_prob(self, value):
        value = _as_tensor(value, self.loc)
        return -((value - self.loc) ** 2) / (2 * self.variance) - self.scale.log() - math.log(math.sqrt(2 * math.pi))

    def cdf(self, value):
        return 0.5 * (1 + erf((_as_tensor(value, self.loc) - self.loc) * self.scale.reciprocal() / math.sqrt(2)))

    def icdf(self, value):
        return self.loc + self.scale * erfinv(2 * _as_tensor(value, self.loc) - 1) * math.sqrt(2)

    def entropy(self):
        return 0.5 + 0.5 * math.log(2 * math.pi) + self.scale.log()

    def __repr__(self):
        return f"Normal(loc: {self.loc}, scale: {self.scale})"


class Uniform(Distribution):
    """Uniform on [low, high)."""
    has_rsample = True

    def __init__(self, low, high, validate_args=None):
        self.low, self.high = _as_tensor(low, high), _as_tensor(high, low)
        shape = np.broadcast_shapes(tuple(self.low.shape), tuple(self.high.shape))
        self.low, self.high = self.low.expand(shape), self.high.expand(shape)
        super().__init__(shape)

    @property
    def mean(self):
        return (self.high + self.low) / 2

    @property
    def variance(self):
        return (self.high - self.low) ** 2 / 12

    def rsample(self, sample_shape=()):
        u = _wrap(backend.random_uniform(self.low.device, self._extended(sample_shape), self.low._data.dtype))
        return self.low + u * (self.high - self.low)

    def log_prob(self, value):
        value = _as_tensor(value, self.low)
        inside = (value >= self.low) & (value < self.high)
        return where(inside, -(self.high - self.low).log(), float("-inf"))

    def cdf(self, value):
        return ((_as_tensor(value, self.low) - self.low) / (self.high - self.low)).clamp(0, 1)

    def entropy(self):
        return (self.high - self.low).log()


def _probs_logits(probs, logits, cls):
    if (probs is None) == (logits is None):
        raise ValueError("Either `probs` or `logits` must be specified, but not both.")
    return (_as_tensor(probs) if probs is not None else None), (_as_tensor(logits) if logits is not None else None)


class Bernoulli(Distribution):
    """1 with probability ``probs`` (or sigmoid(``logits``)), else 0."""

    def __init__(self, probs=None, logits=None, validate_args=None):
        p, lg = _probs_logits(probs, logits, "Bernoulli")
        self._given_probs = p is not None
        self._p, self._l = p, lg
        super().__init__(tuple((p if p is not None else lg).shape))

    @property
    def probs(self):
        return self._p if self._given_probs else self._l.sigmoid()

    @property
    def logits(self):
        if not self._given_probs:
            return self._l
        eps = float(np.finfo(self._p._data.dtype).eps)
        p = self._p.clamp(eps, 1 - eps)
        return p.log() - (1 - p).log()

    @property
    def mean(self):
        return self.probs

    @property
    def variance(self):
        return self.probs * (1 - self.probs)

    def sample(self, sample_shape=()):
        with no_grad():
            p = self.probs.expand(self._extended(sample_shape))
            u = backend.random_uniform(p.device, tuple(p.shape), p._data.dtype)
            return _wrap((u < p._data).astype(p._data.dtype))

    def log_prob(self, value):
        from .nn.functional import binary_cross_entropy_with_logits   # minigrad.nn loads on first use
        lg = self.logits
        value = _as_tensor(value, lg)
        shape = np.broadcast_shapes(tuple(lg.shape), tuple(value.shape))
        return -binary_cross_entropy_with_logits(lg.expand(shape), value.expand(shape), reduction="none")

    def entropy(self):
        from .nn.functional import binary_cross_entropy_with_logits   # minigrad.nn loads on first use
        return binary_cross_entropy_with_logits(self.logits, self.probs, reduction="none")


class Categorical(Distribution):
    """One of K categories (the last dim of ``probs`` or ``logits``)."""

    def __init__(self, probs=None, logits=None, validate_args=None):
        p, lg = _probs_logits(probs, logits, "Categorical")
        src = p if p is not None else lg
        if src.ndim < 1:
            raise ValueError("`probs` or `logits` parameter must be at least one-dimensional.")
        self._given_probs = p is not None
        self._p = p / p.sum(-1, keepdim=True) if p is not None else None
        self._l = lg - logsumexp(lg, -1, keepdim=True) if lg is not None else None
        self._num_events = src.shape[-1]
        super().__init__(tuple(src.shape[:-1]))

    @property
    def probs(self):
        return self._p if self._given_probs else softmax(self._l, -1)

    @property
    def logits(self):
        if not self._given_probs:
            return self._l
        eps = float(np.finfo(self._p._data.dtype).eps)
        return self._p.clamp(eps, 1 - eps).log()

    @property
    def param_shape(self):
        return Size(tuple(self._batch_shape) + (self._num_events,))

    @property
    def mean(self):
        return _wrap(self.probs.xp.full(tuple(self._batch_shape), np.nan, self.probs._data.dtype))

    @property
    def mode(self):
        return self.probs.argmax(-1)

    def sample(self, sample_shape=()):
        with no_grad():
            n = int(np.prod(_shape(sample_shape))) if _shape(sample_shape) else 1
            rows = self.probs.reshape(-1, self._num_events)
            draws = multinomial(rows, n, True)                              # (B, n)
            out = draws.t().reshape(_shape(sample_shape) + tuple(self._batch_shape))
            return out

    def log_prob(self, value):
        value = value.long() if isinstance(value, Tensor) else tensor(value)
        lp = self.logits if not self._given_probs else log_softmax(self.logits, -1)
        shape = np.broadcast_shapes(tuple(value.shape), tuple(lp.shape[:-1]))
        lp = lp.expand(shape + (self._num_events,))
        return lp.gather(-1, value.expand(shape).unsqueeze(-1)).squeeze(-1)

    def entropy(self):
        lg = self.logits
        lg = lg.clamp(min=float(np.finfo(lg._data.dtype).min))
        return -(lg * self.probs).sum(-1)

    def enumerate_support(self, expand=True):
        vals = arange(self._num_events, device=self.probs.device).reshape((-1,) + (1,) * len(self._batch_shape))
        return vals.expand((self._num_events,) + tuple(self._batch_shape)) if expand else vals


def kl_divergence(p, q):
    """KL(p ‖ q) for two distributions of the same kind (Normal, Bernoulli, Categorical, Uniform)."""
    if isinstance(p, Normal) and isinstance(q, Normal):
        var_ratio = (p.scale / q.scale) ** 2
        t1 = ((p.loc - q.loc) / q.scale) ** 2
        return 0.5 * (var_ratio + t1 - 1 - var_ratio.log())
    if isinstance(p, Categorical) and isinstance(q, Categorical):
        t = p.probs * (p.logits - q.logits)
        t = where(q.probs == 0, float("inf"), t)
        t = where(p.probs == 0, 0.0, t)
        return t.sum(-1)
    if isinstance(p, Bernoulli) and isinstance(q, Bernoulli):
        from .nn.functional import binary_cross_entropy_with_logits as bce   # minigrad.nn loads on first use
        return bce(q.logits, p.probs, reduction="none") - bce(p.logits, p.probs, reduction="none")
    if isinstance(p, Uniform) and isinstance(q, Uniform):
        inside = (q.low <= p.low) & (p.high <= q.high)
        return where(inside, ((q.high - q.low) / (p.high - p.low)).log(), float("inf"))
    raise NotImplementedError(f"kl_divergence({type(p).__name__}, {type(q).__name__}) is not implemented")
