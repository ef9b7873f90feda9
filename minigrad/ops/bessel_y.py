"""torch.special's Bessel functions of the second kind Y0, Y1, and the Airy function Ai (all computed in float64).

Y_n, n = 0 or 1, for 0 < x <= 3 from the series (ψ(k+1) = H_k - γ, H_k the k-th harmonic number)
    Y0 = (2/π)(ln(x/2) + γ) J0 + (2/π) Σ_{k≥1} (-1)^(k+1) H_k (x²/4)^k / (k!)²
    Y1 = (2/π) ln(x/2) J1 - 2/(πx) - (1/π) Σ_{k≥0} (-1)^k (ψ(k+1) + ψ(k+2)) (x/2)^(2k+1) / (k! (k+1)!),
and above 3 as the imaginary part of the Hankel function (its real part is J_n)
    H_n(x) = √(2/(πx)) e^(i(x - nπ/2 - π/4)) / Γ(n + 1/2) · ∫ e^(-s²) s^(2n) (1 + i s²/(2x))^(n - 1/2) ds  (s over ℝ):
the integrand is analytic for |Im s| < √x (its branch points are at s² = 2ix), so the trapezoid rule with step
1/4 over |s| <= 7 is exact to rounding there. Y_n(0) = -inf, Y_n(x < 0) = NaN, Y_n(inf) = NaN, as torch.
d/dx Y0 = -Y1,  d/dx Y1 = Y0 - Y1/x  (+inf at 0, as torch).

Ai(x): the Maclaurin series Ai = c1 f - c2 g (f = Σ 3^k (1/3)_k x^(3k)/(3k)!, g = Σ 3^k (2/3)_k x^(3k+1)/(3k+1)!,
c1 = Ai(0), c2 = -Ai'(0)) for -8 <= x <= 1; above 1 Ai(x) = e^(-ζ) / (2π x^(1/4)) ∫ e^(-u²) cos(u³ / (3 x^(3/4))) du
over ℝ (ζ = (2/3) x^(3/2); trapezoid, step 1/8); below -8 the asymptotic series Ai(-x) = (cos(ζ - π/4) P +
sin(ζ - π/4) Q) / (√π x^(1/4)), P = Σ (-1)^k u_2k / ζ^2k, Q = Σ (-1)^k u_(2k+1) / ζ^(2k+1),
u_k = u_(k-1) (6k-5)(6k-3)(6k-1) / (216 k (2k-1)). As torch: 0 past x = 103.892 (25.77 in float32), NaN at ±inf,
and no gradient (torch's airy_ai result does not require grad).
"""
from __future__ import annotations

import math

import numpy as np

from ..autograd.function import Op, named
from ..backend.quiet import quiet
from ..tensor import _wrap
from .bessel_k import _input
from .pointwise import ctx_xp, where
from .special import _bessel_j

_EULER = 0.5772156649015329


def _y_series(n, x, xp):
    """Y_n(x) for 0 < x <= 3 (float64 array) from its series (module doc)."""
    q, out = x * x / 4, 0.0
    if n == 0:
        term, h = 1.0, 0.0
        for k in range(1, 30):
            term, h = term * q / (k * k), h + 1 / k
            out = out + (-1) ** (k + 1) * h * term
        return 2 / np.pi * (xp.log(x / 2) + _EULER) * _bessel_j(0, x, xp) + 2 / np.pi * out
    term, h = x / 2, 0.0
    for k in range(30):
        out = out + (-1) ** k * (2 * (h - _EULER) + 1 / (k + 1)) * term      # ψ(k+1) + ψ(k+2)
        term, h = term * q / ((k + 1) * (k + 2)), h + 1 / (k + 1)
    return 2 / np.pi * xp.log(x / 2) * _bessel_j(1, x, xp) - 2 / (np.pi * x) - out / np.pi


def _y_hankel(n, x, xp):
    """Y_n(x) for x > 3 (float64 array): Im H_n(x) by the trapezoid rule (module doc)."""
    s = xp.arange(-28, 29) * 0.25
    integral = (xp.exp(-s * s) * s ** (2 * n) * (1 + 1j * s * s / (2 * x[..., None])) ** (n - 0.5)).sum(-1) * 0.25
    phase = xp.exp(1j * x) * np.exp(-1j * (n * np.pi / 2 + np.pi / 4))      # (e^ix apart: exact for large x)
    return (xp.sqrt(2 / (np.pi * x)) * phase * integral / math.gamma(n + 0.5)).imag


def _y(n, x):
    xp = ctx_xp(x)
    x = x.astype(np.float64)
    near, far = (x > 0) & (x <= 3), (x > 3) & (x < np.inf)
    out = xp.where(near, _y_series(n, xp.where(near, x, 1.0), xp), _y_hankel(n, xp.where(far, x, 4.0), xp))
    return xp.where(x == 0, -np.inf, xp.where((x < 0) | (x == np.inf) | (x != x), np.nan, out))


class BesselY(Op):
    """out = Y_n(x), n = 0 or 1.   d/dx Y0 = -Y1,  d/dx Y1 = Y0 - Y1/x  (+inf at x = 0)"""

    @staticmethod
    def forward(ctx, x, n):
        ctx.save_for_backward(x)
        ctx.n = n
        return quiet(_y, n, x).astype(x.dtype)

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        y1 = BesselY.apply(x, 1)
        if ctx.n == 0:
            return -g * y1, None
        return g * where(x == 0, float("inf"), BesselY.apply(x, 0) - y1 / x), None


def bessel_y0(input):
    return named(BesselY.apply(_input(input, "bessel_y0"), 0), "SpecialBesselY0Backward0")


def bessel_y1(input):
    return named(BesselY.apply(_input(input, "bessel_y1"), 1), "SpecialBesselY1Backward0")


_C1, _C2 = 0.355028053887817239, 0.258819403792806798      # Ai(0), -Ai'(0)


def _airy_ai(x):
    xp = ctx_xp(x)
    top = 103.892 if x.dtype == np.float64 else 25.77          # (torch's: the result is 0 past it)
    x = x.astype(np.float64)
    mid, right, left = (x >= -8) & (x <= 1), (x > 1) & (x <= top), x < -8
    m = xp.where(mid, x, 0.0)                                  # Maclaurin
    f, g, tf, tg = 1.0, m, 1.0, m
    for k in range(1, 60):
        tf, tg = tf * m ** 3 / ((3 * k - 1) * (3 * k)), tg * m ** 3 / ((3 * k) * (3 * k + 1))
        f, g = f + tf, g + tg
    r = xp.where(right, x, 2.0)[..., None]                     # right: the integral
    u = xp.arange(-52, 53) * 0.125
    integral = (xp.exp(-u * u) * xp.cos(u ** 3 / (3 * r ** 0.75))).sum(-1) * 0.125
    r = r[..., 0]
    on_right = xp.exp(-2 / 3 * r ** 1.5) / (2 * np.pi * r ** 0.25) * integral
    a = xp.where(left, -x, 9.0)                                # left: the asymptotic series of Ai(-a)
    zeta, P, Q, uk = 2 / 3 * a ** 1.5, 0.0, 0.0, 1.0
    for k in range(30):
        uk = uk if k == 0 else uk * (6 * k - 5) * (6 * k - 3) * (6 * k - 1) / (216 * k * (2 * k - 1))
        if k % 2 == 0:
            P = P + (-1) ** (k // 2) * uk / zeta ** k
        else:
            Q = Q + (-1) ** (k // 2) * uk / zeta ** k
    on_left = (xp.cos(zeta - np.pi / 4) * P + xp.sin(zeta - np.pi / 4) * Q) / (np.sqrt(np.pi) * a ** 0.25)
    out = xp.where(mid, _C1 * f - _C2 * g, xp.where(right, on_right, xp.where(left, on_left, 0.0)))
    return xp.where(xp.isinf(x) | (x != x), np.nan, out)


def airy_ai(input):
    """Ai(x), the Airy function of the first kind (no gradient, as torch's)."""
    x = _input(input, "airy_ai")._data
    return _wrap(quiet(_airy_ai, x).astype(x.dtype))
