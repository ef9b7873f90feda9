"""TransformedDistribution(base, transforms): the law of y = tₖ(...t₁(x)) for x ~ base. Draws push the
base's draws through the transforms (rsample stays differentiable); log_prob(y) pulls y back:
    log p(y) = log p_base(x) - Σᵢ log|det ∂tᵢ/∂xᵢ|."""
from __future__ import annotations

from . import constraints
from .distribution import Distribution
from .transforms import ComposeTransform, Transform, _sum_rightmost

__all__ = ["TransformedDistribution"]


def _codomain_dim(t):
    """The event dims of a transform's output (its input's, t.event_dim, unless it changes the rank)."""
    codomain = t.codomain
    return codomain.event_dim if codomain is not None else t.event_dim


class TransformedDistribution(Distribution):
    arg_constraints: dict = {}

    def __init__(self, base_distribution, transforms, validate_args=None):
        if isinstance(transforms, Transform):
            transforms = [transforms]
        if not isinstance(transforms, (list, tuple)) or not all(isinstance(t, Transform) for t in transforms):
            raise ValueError("TransformedDistribution: transforms must be a Transform or a list of Transforms, "
                             f"got {transforms!r}")
        self.base_dist, self.transforms = base_distribution, list(transforms)
        shape = tuple(base_distribution.batch_shape) + tuple(base_distribution.event_shape)
        event_dim = len(base_distribution.event_shape)        # the event dims, followed through each transform
        for t in self.transforms:                             # (a transform may change the shape: stick-breaking
            shape = tuple(t.forward_shape(shape))             #  adds a coordinate, a reshape regroups them)
            event_dim = max(event_dim + _codomain_dim(t) - t.event_dim, _codomain_dim(t))
        super().__init__(shape[:len(shape) - event_dim], shape[len(shape) - event_dim:], validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        new = type(self).__new__(type(self))
        new.__dict__.update(self.__dict__)
        extra = len(self._event_shape) - len(self.base_dist.event_shape)
        new.base_dist = self.base_dist.expand(tuple(batch_shape) + tuple(self._event_shape[:extra]))
        new._batch_shape = type(self._batch_shape)(tuple(batch_shape))
        return new

    @property
    def has_rsample(self):
        return self.base_dist.has_rsample

    @constraints.dependent_property(is_discrete=False)
    def support(self):
        return self.transforms[-1].codomain if self.transforms else self.base_dist.support

    def sample(self, sample_shape=()):
        x = self.base_dist.sample(sample_shape)
        for t in self.transforms:
            x = t(x)
        return x

    def rsample(self, sample_shape=()):
        x = self.base_dist.rsample(sample_shape)
        for t in self.transforms:
            x = t(x)
        return x

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        event_dim = len(self._event_shape)
        lp, y = 0.0, value
        for t in reversed(self.transforms):
            x = t.inv(y)
            event_dim += t.event_dim - _codomain_dim(t)           # (the event dims before this transform)
            lp = lp - _sum_rightmost(t.log_abs_det_jacobian(x, y), event_dim - t.event_dim)
            y = x
        return lp + _sum_rightmost(self.base_dist.log_prob(y), event_dim - len(self.base_dist.event_shape))

    def _monotone(self):
        sign = ComposeTransform(self.transforms).sign
        if not isinstance(sign, int):
            raise NotImplementedError("TransformedDistribution.cdf needs a transform of one sign everywhere")
        return sign

    def cdf(self, value):
        sign = self._monotone()
        for t in reversed(self.transforms):
            value = t.inv(value)
        value = self.base_dist.cdf(value)
        return value if sign == 1 else 1 - value

    def icdf(self, value):
        value = value if self._monotone() == 1 else 1 - value
        value = self.base_dist.icdf(value)
        for t in self.transforms:
            value = t(value)
        return value
