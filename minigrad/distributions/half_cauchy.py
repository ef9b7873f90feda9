"""HalfCauchy(scale): |X| for X ~ Cauchy(0, scale), reparameterised (|scale·tan(π(u - ½))|), as torch builds it."""
from __future__ import annotations

import math

from ..factories import full_like
from .cauchy import Cauchy
from .half_normal import Folded

__all__ = ["HalfCauchy"]


class HalfCauchy(Folded):
    """Density 2·Cauchy(x; 0, scale) on x >= 0: a heavy-tailed prior for scales (no mean, infinite variance)."""

    def __init__(self, scale, validate_args=None):
        super().__init__(Cauchy(0, scale, validate_args=False), validate_args=validate_args)

    @property
    def mean(self):
        return full_like(self.scale.detach(), math.inf)

    @property
    def mode(self):
        return self.scale.detach() * 0

    @property
    def variance(self):
        return full_like(self.scale.detach(), math.inf)
