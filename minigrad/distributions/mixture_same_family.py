"""MixtureSameFamily(mixture_distribution, component_distribution): a mixture of K components of one family
(the right-most batch dim of the components), weighted by a Categorical -- e.g. a Gaussian mixture."""
from __future__ import annotations

from ..autograd.grad_mode import no_grad
from ..ops.reduce import log_softmax, logsumexp
from . import constraints
from .categorical import Categorical
from .distribution import Distribution, shape_of

__all__ = ["MixtureSameFamily"]


class MixtureSameFamily(Distribution):
    """log p(x) = logsumexp_k (log π_k + log p_k(x)); no rsample (the component choice is discrete)."""
    arg_constraints: dict = {}
    has_rsample = False

    def __init__(self, mixture_distribution, component_distribution, validate_args=None):
        if not isinstance(mixture_distribution, Categorical):
            raise ValueError("MixtureSameFamily: the mixture distribution must be a Categorical, got "
                             f"{type(mixture_distribution).__name__}")
        if not isinstance(component_distribution, Distribution):
            raise ValueError("MixtureSameFamily: the component distribution must be a Distribution, got "
                             f"{type(component_distribution).__name__}")
        mb, cb = tuple(mixture_distribution.batch_shape), tuple(component_distribution.batch_shape)
        if len(cb) < 1 or any(i != j and i != 1 and j != 1 for i, j in zip(reversed(mb), reversed(cb[:-1]))):
            raise ValueError("MixtureSameFamily: the mixture batch shape must match the component batch shape "
                             f"without its last dim: mixture {mb}, components {cb}")
        k = mixture_distribution.logits.shape[-1]
        if cb[-1] != k:
            raise ValueError(f"MixtureSameFamily: the mixture has {k} components but the component distribution's "
                             f"last batch dim is {cb[-1]}")
        self._mixture_distribution, self._component_distribution = mixture_distribution, component_distribution
        self._num_component, self._event_ndims = k, len(component_distribution.event_shape)
        super().__init__(cb[:-1], component_distribution.event_shape, validate_args=validate_args)

    @property
    def mixture_distribution(self):
        return self._mixture_distribution

    @property
    def component_distribution(self):
        return self._component_distribution

    @constraints.dependent_property
    def support(self):
        return self._component_distribution.support

    def _pad_weights(self, w):
        for _ in range(self._event_ndims):
            w = w.unsqueeze(-1)
        return w

    @property
    def mean(self):
        probs = self._pad_weights(self._mixture_distribution.probs)
        return (probs * self._component_distribution.mean).sum(-1 - self._event_ndims)

    @property
    def variance(self):
        probs = self._pad_weights(self._mixture_distribution.probs)
        comp = self._component_distribution
        d = -1 - self._event_ndims
        mean_cond_var = (probs * comp.variance).sum(d)
        var_cond_mean = (probs * (comp.mean - self._pad(self.mean)) ** 2).sum(d)
        return mean_cond_var + var_cond_mean

    def _pad(self, x):
        return x.unsqueeze(-1 - self._event_ndims)

    def cdf(self, x):
        x = self._pad(x)
        return (self._component_distribution.cdf(x) * self._mixture_distribution.probs).sum(-1)

    def log_prob(self, x):
        if self._validate_args:
            self._validate_sample(x)
        lp = self._component_distribution.log_prob(self._pad(x))                    # (..., K)
        return logsumexp(lp + log_softmax(self._mixture_distribution.logits, -1), -1)

    def sample(self, sample_shape=()):
        with no_grad():
            sample_shape = shape_of(sample_shape)
            idx = self._mixture_distribution.sample(sample_shape)                      # S + B
            comp = self._component_distribution.sample(sample_shape)                   # S + B + (K,) + E
            ev = tuple(self._event_shape)
            idx = idx.reshape(tuple(idx.shape) + (1,) + (1,) * len(ev))
            idx = idx.expand(tuple(idx.shape[:-1 - len(ev)]) + (1,) + ev)
            return comp.gather(len(sample_shape) + len(self._batch_shape), idx).squeeze(
                len(sample_shape) + len(self._batch_shape))

    def __repr__(self):
        return (f"MixtureSameFamily(\n  {self._mixture_distribution!r},\n  {self._component_distribution!r})")
