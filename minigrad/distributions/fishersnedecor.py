"""FisherSnedecor(df1, df2): the F distribution, the ratio X1 / X2 of X1 ~ Gamma(df1/2, rate df1) and
X2 ~ Gamma(df2/2, rate df2) (each a chi-squared over its degrees of freedom), reparameterised through the Gammas."""
from __future__ import annotations

import math

from ..ops.special import lgamma
from ..ops.pointwise import where
from . import constraints
from .distribution import Distribution, broadcast_all, finfo
from .gamma import Gamma

__all__ = ["FisherSnedecor"]


class FisherSnedecor(Distribution):
    """The mean is undefined (nan) for df2 <= 2, the variance for df2 <= 4, the mode for df1 <= 2 (as torch)."""
    arg_constraints = {"df1": constraints.positive, "df2": constraints.positive}
    support = constraints.positive
    has_rsample = True
    _expand_params = {"df1": 0, "df2": 0}

    def __init__(self, df1, df2, validate_args=None):
        self.df1, self.df2 = broadcast_all(df1, df2)
        super().__init__(self.df1.shape, validate_args=validate_args)

    @property
    def mean(self):
        return where(self.df2 > 2, self.df2 / (self.df2 - 2), math.nan)

    @property
    def mode(self):
        m = (self.df1 - 2) / self.df1 * self.df2 / (self.df2 + 2)
        return where(self.df1 > 2, m, math.nan)

    @property
    def variance(self):
        d1, d2 = self.df1, self.df2
        v = 2 * d2 ** 2 * (d1 + d2 - 2) / (d1 * (d2 - 2) ** 2 * (d2 - 4))
        return where(d2 > 4, v, math.nan)

    def rsample(self, sample_shape=()):
        # torch's draws: X1 from Gamma(df1/2, df1), then X2 from Gamma(df2/2, df2); both kept above the tiniest
        # positive number
        shape = tuple(self._extended_shape(sample_shape))
        x1 = Gamma(self.df1 * 0.5, self.df1).rsample(sample_shape).reshape(shape)
        x2 = Gamma(self.df2 * 0.5, self.df2).rsample(sample_shape).reshape(shape)
        tiny = float(finfo(x2).tiny)
        return (x1 / x2.clamp(min=tiny)).clamp(min=tiny)

    def log_prob(self, value):
        value = self._value(value, self.df1)
        h1, h2 = self.df1 * 0.5, self.df2 * 0.5
        ratio = self.df1 / self.df2
        t1 = lgamma(h1 + h2) - lgamma(h1) - lgamma(h2)
        t2 = h1 * ratio.log() + (h1 - 1) * value.log()
        t3 = (h1 + h2) * (ratio * value).log1p()
        return t1 + t2 - t3
