"""torch.special's modified Bessel functions of the second kind K0, K1 and their scaled forms e^x K0, e^x K1.

For 1e-8 <= x <= 25, e^x K_n(x) = ∫₀^∞ exp(-x (cosh t - 1)) cosh(n t) dt: the integrand is smooth and falls off
doubly exponentially, so the trapezoid rule with step 0.1 is exact to rounding; it runs until x (cosh t - 1) passes
800 (the integrand is below e^-800 beyond). Above 25: the asymptotic series √(π/2x) Σ a_k / x^k,
a_k = Π_{j≤k} (4n² - (2j-1)²) / (k! 8^k). Below 1e-8 the leading terms K0 = -ln(x/2) - γ, K1 = 1/x are exact to
rounding. K_n(0) = inf, K_n(x < 0) = NaN, K_n(inf) = 0, as torch.
d/dx K0 = -K1,  d/dx K1 = -K0 - K1/x  (the scaled forms: plus themselves, e^x K_n' = e^x K_n + e^x (d/dx K_n);
torch's scaled_modified_bessel_k0/k1 give no gradient, so neither does minigrad's, but BesselK can).
"""
from __future__ import annotations

import math

import numpy as np

from ..autograd.function import Op, named
from ..tensor import _wrap
from ._helpers import float_input
from .pointwise import ctx_xp
from .special import i0, i1

_EULER = 0.5772156649015329


def _scaled_k(n, x):
    """e^x K_n(x) of array ``x`` in float64 (any sign; see the module doc for x <= 0, inf and NaN)."""
    xp = ctx_xp(x)
    x = x.astype(np.float64)
    inner = (x >= 1e-8) & (x <= 25)
    a = xp.where(inner, x, 1.0)
    top = math.acosh(1 + 800 / float(a.min())) if a.size else 0.0
    h = 0.1
    total = xp.zeros_like(a) + 0.5                          # (the t = 0 end, weight 1/2, cosh 0 = 1)
    for k in range(1, int(top / h) + 2):
        t = k * h
        total = total + xp.exp(-a * (math.cosh(t) - 1)) * math.cosh(n * t)
    big = xp.where(x > 25, x, 26.0)                       # (NaN stays NaN)
    series, term = 0.0, 1.0
    for k in range(40):
        series = series + term
        term = term * (4 * n * n - (2 * k + 1) ** 2) / ((k + 1) * 8 * big)
    with np.errstate(all="ignore"):
        far = xp.sqrt(np.pi / (2 * big)) * series
        tiny = (-xp.log(x / 2) - _EULER) if n == 0 else 1 / xp.abs(x)      # (K1(-0.0) = +inf, as torch)
        out = xp.where(inner, total * h, xp.where(x > 25, far, tiny * xp.exp(x)))
        out = xp.where(x == xp.inf, 0.0, xp.where(x < 0, xp.nan, out))
    return out


def _k(n, x, scaled):
    out = _scaled_k(n, x)
    if not scaled:
        with np.errstate(all="ignore"):
            out = out * ctx_xp(x).exp(-x.astype(np.float64))
    return out.astype(x.dtype)


class BesselK(Op):
    """out = K_n(x) (scaled: e^x K_n(x)), n = 0 or 1.   d/dx K0 = -K1,  d/dx K1 = -K0 - K1/x  (scaled: + out)"""

    @staticmethod
    def forward(ctx, x, n, scaled):
        ctx.save_for_backward(x)
        ctx.n, ctx.scaled = n, scaled
        return _k(n, x, scaled)

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        k0, k1 = BesselK.apply(x, 0, ctx.scaled), BesselK.apply(x, 1, ctx.scaled)
        d = -k1 if ctx.n == 0 else -k0 - k1 / x
        if ctx.scaled:
            d = d + (k0 if ctx.n == 0 else k1)
        return g * d, None, None


def no_half(x, op):
    """``x`` (a floating tensor), refusing float16 as torch's CPU kernels of these functions do."""
    if x._data.dtype.itemsize < 4:
        raise NotImplementedError(f"\"{op}_cpu\" not implemented for 'Half' (special.{op}(): got {x.dtype}; "
                                  "convert the input with .float() first)")
    return x


def _input(input, op):
    return no_half(float_input(input, f"special.{op}"), op)


def _bessel_k(input, n, scaled):
    op = f"{'scaled_' if scaled else ''}modified_bessel_k{n}"
    x = _input(input, op)
    if scaled:                      # torch's scaled forms have no derivative: their results do not require grad
        return _wrap(_k(n, x._data, True))
    return named(BesselK.apply(x, n, False), f"SpecialModifiedBesselK{n}Backward0")


def modified_bessel_i0(input):
    """I0(x) (torch.special's second name for i0)."""
    return named(i0(_input(input, "modified_bessel_i0")), "SpecialModifiedBesselI0Backward0")


def modified_bessel_i1(input):
    """I1(x) (torch.special's second name for i1)."""
    return named(i1(_input(input, "modified_bessel_i1")), "SpecialModifiedBesselI1Backward0")


def modified_bessel_k0(input):
    return _bessel_k(input, 0, False)


def modified_bessel_k1(input):
    return _bessel_k(input, 1, False)


def scaled_modified_bessel_k0(input):
    return _bessel_k(input, 0, True)


def scaled_modified_bessel_k1(input):
    return _bessel_k(input, 1, True)
