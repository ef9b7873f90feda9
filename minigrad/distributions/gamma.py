"""Gamma(concentration, rate) and Chi2(df), with torch's implicit reparameterisation for rsample.

A Gamma draw has no closed-form transform of a fixed noise, so the gradient of a draw x with respect to
the concentration α comes from holding its CDF value fixed (implicit reparameterisation):
    dx/dα = -(∂P(α, x)/∂α) / p(x; α),
P the regularised lower incomplete gamma function and p the density. ∂P/∂α is summed from the series
    P(α, x) = Σₙ tₙ,  tₙ = exp(-x + (α+n)·log x - lgamma(α+n+1)),  ∂tₙ/∂α = tₙ·(log x - ψ(α+n+1)),
with enough terms for the largest draw (about x + 10√x + 30). The rate enters as x / rate. The same
series gives ``Gamma.cdf``.
"""
from __future__ import annotations

import math

from .. import dtypes
from ..autograd.function import Function
from ..autograd.grad_mode import no_grad
from ..factories import arange
from ..ops.shape import cat
from ..ops.pointwise import where
from ..ops.special import digamma, lgamma, xlogy
from . import constraints
from .distribution import Distribution, broadcast_all, draw, finfo

__all__ = ["Gamma", "Chi2", "standard_gamma_grad"]


_CHUNK_NUMBERS = 20_000_000     # terms × elements per chunk of the series


def _series(alpha, x, with_dalpha):
    """P(α, x) and (with_dalpha) ∂P/∂α by the series above, elementwise over same-shaped α and x, in
    float64 and in chunks of elements (terms × elements near _CHUNK_NUMBERS numbers)."""
    with no_grad():
        a, x64 = alpha.to(dtypes.float64).reshape(-1), x.to(dtypes.float64).reshape(-1)
        if a.numel() == 0:
            return alpha * 0, alpha * 0
        lx = x64.clamp(min=float(finfo(x64).tiny)).log()
        xmax = float(x64.max())
        n = arange(int(xmax + 10 * math.sqrt(xmax) + 30), dtype=dtypes.float64, device=x.device).unsqueeze(1)
        step = max(1, _CHUNK_NUMBERS // n.shape[0])
        ps, dps = [], []
        for i in range(0, a.numel(), step):
            ai, xi, lxi = a[i:i + step], x64[i:i + step], lx[i:i + step]
            t = (-xi + (ai + n) * lxi - lgamma(ai + n + 1)).exp()
            ps.append(t.sum(0).clamp(max=1.0))
            if with_dalpha:
                dps.append((t * (lxi - digamma(ai + n + 1))).sum(0))
        out = [cat(v) if len(v) > 1 else v[0] for v in (ps, dps) if v]
        return [o.reshape(tuple(x.shape)) for o in out] + ([None] if not with_dalpha else [])


def _log_density(a, x):
    """log of the standard Gamma(α) density at x > 0."""
    return (a - 1) * x.log() - x - lgamma(a)


def standard_gamma_grad(alpha, x):
    """dx/dα = -(∂P/∂α) / p(x; α) for x a standard Gamma(α) draw (unit rate)."""
    with no_grad():
        _, dP = _series(alpha, x, True)
        a64, x64 = alpha.to(dtypes.float64), x.to(dtypes.float64).clamp(min=float(finfo(x).tiny))
        return (-dP / _log_density(a64, x64).exp()).to(alpha.dtype)


class _GammaCDF(Function):
    """P(α, z), the regularised lower incomplete gamma function of same-shaped α and z.
    d/dz = z^(α-1) e^(-z) / Γ(α);  d/dα = Σₙ tₙ (log z - ψ(α+n+1)) (the series above)."""

    @staticmethod
    def forward(ctx, alpha, z):
        ctx.save_for_backward(alpha, z)
        P, _ = _series(alpha, z, False)
        return P.to(alpha.dtype)

    @staticmethod
    def backward(ctx, g):
        alpha, z = ctx.saved_tensors
        with no_grad():
            _, dP = _series(alpha, z, True)
            density = _log_density(alpha.to(dtypes.float64), z.to(dtypes.float64)).exp()
            density = where(z > 0, density, 0.0)
        return g * dP.to(g.dtype), g * density.to(g.dtype)


class _StandardGamma(Function):
    """x ~ Gamma(α, 1) with the implicit gradient dx/dα above."""

    @staticmethod
    def forward(ctx, alpha):
        x = draw(alpha, "standard_gamma", alpha._data, shape=tuple(alpha.shape))
        x = x.clamp(min=float(finfo(x).tiny))
        ctx.save_for_backward(alpha, x)
        return x

    @staticmethod
    def backward(ctx, g):
        alpha, x = ctx.saved_tensors
        return g * standard_gamma_grad(alpha.detach(), x.detach())


def standard_gamma(alpha):
    """Draws of Gamma(α, 1), one per element of α, differentiable with respect to α."""
    return _StandardGamma.apply(alpha)


class Gamma(Distribution):
    """Density rate^α x^(α-1) e^(-rate·x) / Γ(α) on x > 0. rsample: standard_gamma(α) / rate, with the
    implicit gradient for α (torch's method; the per-draw gradients match torch's to ~1e-6)."""
    arg_constraints = {"concentration": constraints.positive, "rate": constraints.positive}
    support = constraints.nonnegative
    has_rsample = True
    _expand_params = {"concentration": 0, "rate": 0}

    def __init__(self, concentration, rate, validate_args=None):
        self.concentration, self.rate = broadcast_all(concentration, rate)
        super().__init__(self.concentration.shape, validate_args=validate_args)

    @property
    def mean(self):
        return self.concentration / self.rate

    @property
    def mode(self):
        return ((self.concentration - 1) / self.rate).clamp(min=0)

    @property
    def variance(self):
        return self.concentration / self.rate ** 2

    def rsample(self, sample_shape=()):
        shape = tuple(self._extended_shape(sample_shape))
        x = standard_gamma(self.concentration.expand(shape)) / self.rate.expand(shape)
        return x.clamp(min=float(finfo(x).tiny))

    def log_prob(self, value):
        value = self._value(value, self.rate)
        c, r = self.concentration, self.rate
        return xlogy(c, r) + xlogy(c - 1, value) - r * value - lgamma(c)

    def cdf(self, value):
        """P(concentration, rate·value); differentiable in all three (torch's is not in concentration)."""
        value = self._value(value, self.rate)
        c, z = broadcast_all(self.concentration, self.rate * value)
        return _GammaCDF.apply(c, z.clamp(min=0))

    def entropy(self):
        c = self.concentration
        return c - self.rate.log() + lgamma(c) + (1.0 - c) * digamma(c)


class Chi2(Gamma):
    """Chi-squared with ``df`` degrees of freedom: Gamma(df/2, 1/2)."""
    arg_constraints = {"df": constraints.positive}

    def __init__(self, df, validate_args=None):
        (df,) = broadcast_all(df)
        super().__init__(0.5 * df, 0.5, validate_args=validate_args)

    @property
    def df(self):
        return self.concentration * 2
