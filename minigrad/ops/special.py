"""More elementwise math and the activations that are primitives of their own.

Inverse trigonometric and hyperbolic functions, erfc/erfinv, exp2, atan2, hypot, logaddexp,
copysign, bit shifts; and SiLU, GELU, Mish, ELU/SELU/CELU, softplus, logsigmoid, hardsigmoid,
hardswish as single ops (one graph node each, named as torch names them, with a backward written in
tensor ops so that second derivatives work). Same layout as ``pointwise.py``: the class, its
derivative in the docstring, then the function.
"""
from __future__ import annotations

import math
import numbers

import numpy as np

from .. import backend, dtypes, fast
from ..autograd.function import Op, _check_same_device, named
from ..tensor import Tensor, _wrap
from ._helpers import (cast, common_float, float_input, float_operands, number_arg, operands, quiet, sum_to, tensor_arg,
                       tensor_other)
from .inplace import run_inplace
from .pointwise import _both_tensors, ctx_xp, erf, where

_SQRT_PI_2 = math.sqrt(math.pi) / 2          # erfinv' = √π/2 · exp(erfinv(x)²)
_TWO_SQRT_PI = 2 / math.sqrt(math.pi)        # erf' = 2/√π · exp(-x²)
_INV_SQRT_2PI = 1 / math.sqrt(2 * math.pi)
_LN2 = math.log(2)


# =============================================================================================
# Unary math: each op's class, then its function
# =============================================================================================
class _Unary:
    """Mixed into the unary ops below: forward applies ``fn`` and saves the input and the output (None in the
    place of the one backward does not read, so that changing it in place later is allowed, as torch)."""
    fn = None
    uses_x, uses_out = True, False

    @classmethod
    def _array_fn(cls, x):
        return getattr(ctx_xp(x), cls.fn)(x)

    @classmethod
    def forward(cls, ctx, x):
        with np.errstate(all="ignore"):
            out = cls._array_fn(x)
        ctx.save_for_backward(x if cls.uses_x else None, out if cls.uses_out else None)
        return out


def _unary(cls, name):
    def fn(input):
        return cls.apply(float_input(input, name))
    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = cls.__doc__
    return fn


class Asin(_Unary, Op):
    """out = asin(x).   d/dx = 1/√(1 - x²)"""
    fn = "arcsin"

    @staticmethod
    def backward(ctx, g):
        x, _ = ctx.saved_tensors
        return g * (1 - x * x).rsqrt()


asin = arcsin = _unary(Asin, "asin")


class Acos(_Unary, Op):
    """out = acos(x).   d/dx = -1/√(1 - x²)"""
    fn = "arccos"

    @staticmethod
    def backward(ctx, g):
        x, _ = ctx.saved_tensors
        return -g * (1 - x * x).rsqrt()


acos = arccos = _unary(Acos, "acos")


class Atan(_Unary, Op):
    """out = atan(x).   d/dx = 1/(1 + x²)"""
    fn = "arctan"

    @staticmethod
    def backward(ctx, g):
        x, _ = ctx.saved_tensors
        return g / (1 + x * x)


atan = arctan = _unary(Atan, "atan")


class Sinh(_Unary, Op):
    """out = sinh(x).   d/dx = cosh(x)"""
    fn = "sinh"

    @staticmethod
    def backward(ctx, g):
        x, _ = ctx.saved_tensors
        return g * cosh(x)


sinh = _unary(Sinh, "sinh")


class Cosh(_Unary, Op):
    """out = cosh(x).   d/dx = sinh(x)"""
    fn = "cosh"

    @staticmethod
    def backward(ctx, g):
        x, _ = ctx.saved_tensors
        return g * sinh(x)


cosh = _unary(Cosh, "cosh")


class Asinh(_Unary, Op):
    """out = asinh(x).   d/dx = 1/√(x² + 1)"""
    fn = "arcsinh"

    @staticmethod
    def backward(ctx, g):
        x, _ = ctx.saved_tensors
        return g * (x * x + 1).rsqrt()


asinh = arcsinh = _unary(Asinh, "asinh")


class Acosh(_Unary, Op):
    """out = acosh(x).   d/dx = 1/√(x² - 1)"""
    fn = "arccosh"

    @staticmethod
    def backward(ctx, g):
        x, _ = ctx.saved_tensors
        return g * (x * x - 1).rsqrt()


acosh = arccosh = _unary(Acosh, "acosh")


class Atanh(_Unary, Op):
    """out = atanh(x).   d/dx = 1/(1 - x²)"""
    fn = "arctanh"

    @staticmethod
    def backward(ctx, g):
        x, _ = ctx.saved_tensors
        return g / (1 - x * x)


atanh = arctanh = _unary(Atanh, "atanh")


class Exp2(_Unary, Op):
    """out = 2^x.   d/dx = ln 2 · 2^x"""
    uses_x, uses_out = False, True
    fn = "exp2"

    @staticmethod
    def backward(ctx, g):
        _, out = ctx.saved_tensors
        return g * out * _LN2


exp2 = _unary(Exp2, "exp2")


class Erfc(_Unary, Op):
    """out = erfc(x) = 1 - erf(x).   d/dx = -(2/√π) e^(-x²)"""

    @classmethod
    def _array_fn(cls, x):
        return _host_special("erfc", x)

    @staticmethod
    def backward(ctx, g):
        x, _ = ctx.saved_tensors
        return g * (-(x * x)).exp() * -_TWO_SQRT_PI


erfc = _unary(Erfc, "erfc")


def _host_special(name, x):
    """A SciPy special function on the host (math's scalar version without SciPy); a GPU array makes a
    round trip to the host. Only for functions NumPy lacks (erfc)."""
    host = backend.to_numpy(x)
    try:
        import scipy.special as sp          # here, not at the top: SciPy is optional (math's version without it)
        out = getattr(sp, name)(host).astype(host.dtype, copy=False)
    except ImportError:
        out = np.frompyfunc(getattr(math, name), 1, 1)(host).astype(host.dtype)
    return out if isinstance(x, np.ndarray) else backend.to_device(out, backend.device_of(x))


# =============================================================================================
# Modified Bessel functions I0, I1 (plain and scaled by e^-|x|) and erfcx, in float64 on any device
# =============================================================================================
def _bessel_i_scaled(x, n):
    """e^-|x|·I_n(|x|) for n = 0 or 1 (float64): the power series Σ (x/2)^(2k+n) / (k!(k+n)!) up to |x| = 20,
    Hankel's asymptotic series e^x/√(2πx) · Σ_k Π_{j<=k} -(4n² - (2j-1)²)/(8jx) above (both ~1e-15 there)."""
    xp = ctx_xp(x)
    a = xp.abs(x.astype(np.float64))
    small = a <= 20
    s = xp.where(small, a, 0.0)
    q, term = s * s / 4, (xp.ones_like(s) if n == 0 else s / 2)
    series = term
    for k in range(1, 60):
        term = term * q / (k * (k + n))
        series = series + term
    b = xp.where(small, 30.0, a)
    term = total = xp.ones_like(b)
    for k in range(1, 25):
        term = term * -(4 * n * n - (2 * k - 1) ** 2) / (8 * k * b)
        total = total + term
    return xp.where(small, series * xp.exp(-s), total / xp.sqrt(2 * math.pi * b))


def _bessel_array(x, n, scaled):
    xp = ctx_xp(x)
    with np.errstate(all="ignore"):
        out = _bessel_i_scaled(x, n)
        if not scaled:
            out = out * xp.exp(xp.abs(x.astype(np.float64)))        # beyond e^709: inf, as torch
        if n == 1:
            out = xp.sign(x) * out
        return out.astype(x.dtype)


class BesselI(Op):
    """out = I_n(x) (n = 0, 1), or e^-|x|·I_n(x) when scaled.
    d/dx: I0' = I1;  I1' = I0 - I1/x (½ at 0);  scaled: the same of the scaled functions, - sign(x)·out"""

    @staticmethod
    def forward(ctx, x, n, scaled):
        out = _bessel_array(x, n, scaled)
        ctx.save_for_backward(x, out)
        ctx.n, ctx.scaled = n, scaled
        return out

    @staticmethod
    def backward(ctx, g):
        x, out = ctx.saved_tensors
        other = BesselI.apply(x, 1 - ctx.n, ctx.scaled)           # I1 for I0, I0 for I1
        if ctx.n == 0:
            d = other
        else:
            d = other - out / where(x == 0, 1.0, x)
            d = where(x == 0, 0.5, d)
        if ctx.scaled:
            d = d - x.sign() * out
        return g * d, None, None


def i0(input):
    """The modified Bessel function of the first kind, order 0."""
    return named(BesselI.apply(float_input(input, "i0"), 0, False), "I0Backward0")


def i0e(input):
    """e^-|x|·I0(x): I0 without its exponential growth."""
    return named(BesselI.apply(float_input(input, "special.i0e"), 0, True), "SpecialI0EBackward0")


def i1(input):
    """The modified Bessel function of the first kind, order 1."""
    return named(BesselI.apply(float_input(input, "special.i1"), 1, False), "SpecialI1Backward0")


def i1e(input):
    """e^-|x|·I1(x)."""
    return named(BesselI.apply(float_input(input, "special.i1e"), 1, True), "SpecialI1EBackward0")


def _erfcx_array(x):
    """e^(x²)·erfc(x) in float64: e^(x²)(1 - erf x) for 0 <= x < 2, Laplace's continued fraction
    1/√π · 1/(x + ½/(x + 1/(x + (3/2)/(x + ...)))) (60 terms) above, and 2e^(x²) - erfcx(-x) for x < 0."""
    xp = ctx_xp(x)
    a = xp.abs(x.astype(np.float64))
    near = a < 2
    b = xp.where(near, 2.0, a)
    t = xp.zeros_like(b)
    for k in range(60, 0, -1):
        t = (k / 2) / (b + t)
    with np.errstate(all="ignore"):
        c = xp.where(near, a, 0.0)
        pos = xp.where(near, xp.exp(c * c) * (1 - backend.erf(c)), 1 / (math.sqrt(math.pi) * (b + t)))
        out = xp.where(x < 0, 2 * xp.exp(a * a) - pos, pos)              # x < -26.6: inf, as torch
    return out.astype(x.dtype)


class Erfcx(_Unary, Op):
    """out = erfcx(x) = e^(x²)·erfc(x), the scaled complementary error function.   d/dx = 2x·out - 2/√π"""
    uses_out = True
    _array_fn = staticmethod(_erfcx_array)

    @staticmethod
    def backward(ctx, g):
        x, out = ctx.saved_tensors
        return g * (2 * x * out - _TWO_SQRT_PI)


def erfcx(input):
    """e^(x²)·erfc(x), the scaled complementary error function (no overflow where erfc underflows)."""
    return named(Erfcx.apply(float_input(input, "special.erfcx")), "SpecialErfcxBackward0")


def _entr_array(x):
    xp = ctx_xp(x)
    positive = x > 0
    return xp.where(positive, -x * xp.log(xp.where(positive, x, 1)), xp.where(x < 0, -math.inf, xp.where(x == 0, 0, x)))


class Entr(_Unary, Op):
    """out = -x·log(x) (0 at 0, -inf below 0, NaN at NaN).   d/dx = -(1 + log(x)), everywhere (NaN below 0
    and inf at 0, as torch)"""
    _array_fn = staticmethod(_entr_array)

    @staticmethod
    def backward(ctx, g):
        x, _ = ctx.saved_tensors
        return g * -(1 + x.log())


def entr(input):
    """-x·log(x) elementwise (0 at 0, -inf for x < 0)."""
    return named(Entr.apply(float_input(input, "special.entr")), "SpecialEntrBackward0")


class Erfinv(_Unary, Op):
    """out = erfinv(x), the y with erf(y) = x.   d/dx = (√π/2) e^(out²)"""
    uses_x, uses_out = False, True

    @classmethod
    def _array_fn(cls, x):
        return _erfinv_array(x)

    @staticmethod
    def backward(ctx, g):
        _, out = ctx.saved_tensors
        return g * (out * out).exp() * _SQRT_PI_2


erfinv = _unary(Erfinv, "erfinv")


def _log_ndtr_array(x):
    """log Φ(x) of a float64 array: log(erfcx(-x/√2)/2) - x²/2 below -1 (no underflow), log(½ erfc(-x/√2)) above."""
    xp = ctx_xp(x)
    low = xp.where(x < -1, x, -1.0)
    left = xp.log(_erfcx_array(-low / math.sqrt(2)) / 2) - low * low / 2
    return xp.where(x < -1, left, xp.log(0.5 * (1 + backend.erf(x / math.sqrt(2)))))


def _ndtri_array(p):
    """ndtri in float64: √2·erfinv(2p - 1); below p = 0.5, where 2p - 1 has lost p's low digits, four Newton steps on
    log Φ(x) = log p, x ← x - (log Φ(x) - log p)·Φ(x)/φ(x), started at -√(-2 log p) below p = 1e-10."""
    xp = ctx_xp(p)
    pd = p.astype(np.float64)
    x = math.sqrt(2) * _erfinv_array(2 * pd - 1)
    low = (pd > 0) & (pd < 0.5)
    q = xp.where(low, pd, 0.25)
    y = xp.where(q < 1e-10, -xp.sqrt(-2 * xp.log(q)), xp.where(low, x, 0.0))
    for _ in range(4):
        log_cdf = _log_ndtr_array(y)
        y = y - (log_cdf - xp.log(q)) * xp.exp(log_cdf + y * y / 2 + 0.5 * math.log(2 * math.pi))
    return xp.where(low, y, x).astype(p.dtype)


class Ndtri(_Unary, Op):
    """out = ndtri(p), the x with Φ(x) = p (the standard normal quantile).   d/dp = √(2π)·e^(out²/2)"""
    uses_x, uses_out = False, True

    @classmethod
    def _array_fn(cls, p):
        return _ndtri_array(p)

    @staticmethod
    def backward(ctx, g):
        _, out = ctx.saved_tensors
        return g * (out * out / 2).exp() * math.sqrt(2 * math.pi)


def ndtri(input):
    """The inverse of special.ndtr: the standard normal quantile."""
    return named(Ndtri.apply(float_input(input, "special.ndtri")), "SpecialNdtriBackward0")


def _erfinv_array(y):
    """erfinv by Newton's method on erf (any device): a rational first guess (Giles 2010, ~1e-7), then
    two Newton steps y ← y - (erf(y) - x)/erf'(y) bring it to full float64 precision."""
    xp = ctx_xp(y)
    yd = y.astype(np.float64)
    w = -xp.log((1.0 - yd) * (1.0 + yd))
    small = w < 5.0
    ws, wl = w - 2.5, xp.sqrt(xp.where(small, 5.0, w)) - 3.0
    ps = 2.81022636e-08
    for c in (3.43273939e-07, -3.5233877e-06, -4.39150654e-06, 0.00021858087, -0.00125372503, -0.00417768164,
              0.246640727, 1.50140941):
        ps = c + ps * ws
    pl = -0.000200214257
    for c in (0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773, -0.0076224613, 0.00943887047,
              1.00167406, 2.83297682):
        pl = c + pl * wl
    x = xp.where(small, ps, pl) * yd
    inside = xp.abs(yd) < 1
    for _ in range(2):
        step = (backend.erf(x) - yd) / (_TWO_SQRT_PI * xp.exp(-x * x))
        x = xp.where(inside, x - step, x)
    x = xp.where(yd == 1, np.inf, xp.where(yd == -1, -np.inf, xp.where(xp.abs(yd) > 1, np.nan, x)))
    return x.astype(y.dtype, copy=False)


# ---------------------------------------------------------------------------------------------
# The gamma family: log|Γ|, digamma ψ and polygamma ψ⁽ⁿ⁾, by recurrence up to x >= 10 and then the
# asymptotic series (Bernoulli numbers B2..B14), with the reflection formulas for negative x.
# ---------------------------------------------------------------------------------------------
_B2K = (1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730, 7 / 6)
_SHIFT_TO = 10.0


def _shift_steps(x, xp):
    finite = x[xp.isfinite(x)]                                  # a NaN or ±inf elsewhere must not stop the shift
    lowest = float(xp.min(finite)) if finite.size else _SHIFT_TO
    return int(min(max(0.0, math.ceil(_SHIFT_TO - lowest)), 10000))


def _lgamma_array(x):
    xp = ctx_xp(x)
    xd = x.astype(np.float64)
    with np.errstate(all="ignore"):
        neg = xd < 0.5
        z = xp.where(neg, 1.0 - xd, xd)                        # >= 0.5
        acc = xp.zeros_like(z)
        for _ in range(_shift_steps(z, xp)):                    # lgamma(z) = lgamma(z + 1) - log z
            low = z < _SHIFT_TO
            acc = acc - xp.where(low, xp.log(z), 0.0)
            z = xp.where(low, z + 1, z)
        r = 1 / z
        series = r * (1 / 12 + r * r * (-1 / 360 + r * r * (1 / 1260 + r * r * (-1 / 1680 + r * r / 1188))))
        out = (z - 0.5) * xp.log(z) - z + 0.5 * math.log(2 * math.pi) + series + acc
        refl = math.log(math.pi) - xp.log(xp.abs(xp.sin(math.pi * xd))) - out
        out = xp.where(neg, refl, out)
        out = xp.where(((xd <= 0) & (xd == xp.floor(xd))) | xp.isinf(xd), np.inf, out)
        out = xp.where((xd == 1) | (xd == 2), 0.0, out)       # log Γ(1) = log Γ(2) = 0 exactly (the series: ~1e-14)
        return out.astype(x.dtype, copy=False)


def _polygamma_array(n, x):
    """ψ⁽ⁿ⁾(x) for n >= 0 (n = 0: digamma)."""
    xp = ctx_xp(x)
    xd = x.astype(np.float64)
    with np.errstate(all="ignore"):
        if n == 0:                                          # reflection: ψ(x) = ψ(1 - x) - π/tan(πx)
            neg = xd < 0
            z = xp.where(neg, 1.0 - xd, xd)
        else:
            neg, z = None, xd
        sign = -1.0 if n % 2 == 0 else 1.0                  # (-1)^(n+1)
        fact = math.factorial(n)
        acc = xp.zeros_like(z)
        for _ in range(_shift_steps(z, xp)):      # ψ⁽ⁿ⁾(z) = ψ⁽ⁿ⁾(z + 1) + (-1)^(n+1) n!/z^(n+1)
            low = z < _SHIFT_TO
            acc = acc + xp.where(low, sign * fact / z ** (n + 1), 0.0)
            z = xp.where(low, z + 1, z)
        if n == 0:
            series = xp.log(z) - 0.5 / z
            for k, b in enumerate(_B2K, 1):
                series = series - b / (2 * k * z ** (2 * k))
        else:
            series = math.factorial(n - 1) / z ** n + fact / (2 * z ** (n + 1))
            for k, b in enumerate(_B2K, 1):
                series = series + b * math.factorial(2 * k + n - 1) / (math.factorial(2 * k) * z ** (2 * k + n))
            series = sign * series
        out = series + acc
        if n == 0:
            out = xp.where(neg, out - math.pi / xp.tan(math.pi * xd), out)
            out = xp.where(xd == 0, xp.copysign(np.inf, -xd), xp.where((xd < 0) & (xd == xp.floor(xd)), np.nan, out))
            out = xp.where(xd == -np.inf, np.nan, out)
        elif n == 1:                # trigamma's poles as torch's reflection meets them: π²/sin²(πx) in x's precision
            pole = (xd < 0) & (xd == xp.floor(xd))              # (finite: sin(π·(-1)) is 1.2e-16, not 0)
            t = np.float32 if x.dtype.itemsize <= 4 else np.float64
            sine = xp.sin(t(math.pi) * x.astype(t))
            out = xp.where(pole, (t(math.pi) * t(math.pi)) / (sine * sine), out)
            out = xp.where(xd == 0, np.inf, xp.where(xd == -np.inf, np.nan, out))
        else:                       # (-1)^(n+1) n! ζ(n + 1, x), as torch: ζ is inf at q = 0, -1, ..., -inf; NaN at inf
            pole = ((xd <= 0) & (xd == xp.floor(xd))) | (xd == -np.inf)
            out = xp.where(pole, sign * np.inf, xp.where(xd == np.inf, np.nan, out))
        return out.astype(x.dtype, copy=False)


class Lgamma(_Unary, Op):
    """out = log|Γ(x)|.   d/dx = ψ(x) (digamma)"""

    @classmethod
    def _array_fn(cls, x):
        return _lgamma_array(x)

    @staticmethod
    def backward(ctx, g):
        x, _ = ctx.saved_tensors
        return g * digamma(x)


lgamma = _unary(Lgamma, "lgamma")


def mvlgamma(input, p):
    """The multivariate log-gamma: p(p-1)/4·log π + Σ_{j<p} log Γ(x - j/2) (defined for x > (p-1)/2; torch does
    not check the domain: lgamma's values beyond it)."""
    if tensor_arg(input, "mvlgamma").dtype is dtypes.bool:
        raise RuntimeError("mvlgamma(): The input tensor may not be a boolean tensor (convert it with .float())")
    x = float_input(input, "mvlgamma")
    if p < 1:
        raise RuntimeError(f"mvlgamma(): p has to be greater than or equal to 1, got {p}")
    out = lgamma(x) + p * (p - 1) / 4 * math.log(math.pi)
    for j in range(1, p):
        out = out + lgamma(x - j / 2)
    return named(out, "MvlgammaBackward0", inputs=(x,))                   # (one node in torch)


class Digamma(_Unary, Op):
    """out = ψ(x) = d/dx log Γ(x).   d/dx = ψ⁽¹⁾(x) (trigamma)"""

    @classmethod
    def _array_fn(cls, x):
        return _polygamma_array(0, x)

    @staticmethod
    def backward(ctx, g):
        x, _ = ctx.saved_tensors
        return g * polygamma(1, x)


digamma = _unary(Digamma, "digamma")


class Polygamma(Op):
    """out = ψ⁽ⁿ⁾(x), the n-th derivative of digamma.   d/dx = ψ⁽ⁿ⁺¹⁾(x)"""

    @staticmethod
    def forward(ctx, x, n):
        ctx.save_for_backward(x)
        ctx.n = n
        return _polygamma_array(n, x)

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return g * polygamma(ctx.n + 1, x), None


def polygamma(n, input):
    """ψ⁽ⁿ⁾(x) = the (n+1)-th derivative of log Γ(x) (n >= 0)."""
    if not isinstance(n, int) or n < 0:
        raise RuntimeError(f"polygamma(n, x) does not support negative n, got n={n!r}")
    x = float_input(input, "polygamma")
    return Digamma.apply(x) if n == 0 else Polygamma.apply(x, n)


# =============================================================================================
# Binary math: each op's class, then its function
# =============================================================================================
class _Binary:
    """Mixed into the binary ops below: forward saves both inputs, the output (None if backward does not read
    it, or b if it does not read b) and their shapes."""
    uses_out = True
    uses_b = True

    @classmethod
    def forward(cls, ctx, a, b, *args):
        with np.errstate(all="ignore"):
            out = cls.compute(ctx_xp(a, b), a, b, *args)
        ctx.save_for_backward(a, b if cls.uses_b else None, out if cls.uses_out else None)
        ctx.shape_a, ctx.shape_b = np.shape(a), np.shape(b)
        return out

    @classmethod
    def grads(cls, ctx, ga, gb):
        need_a, need_b = ctx.needs_input_grad[:2]
        return (sum_to(ga, ctx.shape_a) if need_a else None, sum_to(gb, ctx.shape_b) if need_b else None)


def floating_only(x, op):
    """``x`` itself if it is a floating-point tensor; else torch's NotImplementedError."""
    x = tensor_arg(x, op)
    if x._data.dtype.kind != "f":
        raise NotImplementedError(f'"{op}" not implemented for \'{x.dtype.name}\' (the input must be a floating-point '
                                  "tensor; convert it with .float())")
    return x


def _float_pair(a, b, op):
    """Two tensors (a number becomes a tensor of the other's dtype) in one floating dtype."""
    a, b = float_operands(a, b, op)
    a, b = _both_tensors(a, b, op)
    if a._data.dtype.kind != "f" or b._data.dtype.kind != "f":
        dt = common_float(a, b)
        a, b = cast(a, dt), cast(b, dt)
    return a, b


def _float_only_pair(a, b, op):
    a, b = _float_pair(a, b, op) if any(isinstance(t, Tensor) and t._data.dtype.kind == "f" for t in (a, b)) \
        else (a, b)
    return floating_only(a, op), floating_only(b, op)


class Atan2(_Binary, Op):
    """out = atan2(a, b), the angle of the point (b, a).   d/da = b/(a² + b²),  d/db = -a/(a² + b²)
    (both 0 at the origin, as torch)"""
    uses_out = False

    @staticmethod
    def compute(xp, a, b):
        return xp.arctan2(a, b)

    @classmethod
    def backward(cls, ctx, g):
        a, b, _ = ctx.saved_tensors
        r2 = a * a + b * b
        r2 = where(r2 == 0, 1.0, r2)
        return cls.grads(ctx, g * b / r2, -g * a / r2)


def atan2(input, other):
    """The angle of the point (other, input), in (-π, π]."""
    return Atan2.apply(*_float_pair(tensor_arg(input, "atan2"), tensor_other(other, "atan2"), "atan2"))


arctan2 = atan2


class Hypot(_Binary, Op):
    """out = √(a² + b²).   d/da = a/out,  d/db = b/out"""

    @staticmethod
    def compute(xp, a, b):
        return xp.hypot(a, b)

    @classmethod
    def backward(cls, ctx, g):
        a, b, out = ctx.saved_tensors
        return cls.grads(ctx, g * a / out, g * b / out)


def hypot(input, other):
    return Hypot.apply(*_float_only_pair(tensor_arg(input, "hypot"), tensor_other(other, "hypot"), "hypot"))


def _igamma_array(a, x, upper):
    """P(a, x) = γ(a, x)/Γ(a), the regularized lower incomplete gamma function, or Q = 1 - P when ``upper``, in
    float64: P from its power series e^-x x^a/Γ(a+1) Σ_n x^n/((a+1)…(a+n)) where x < a + 1, Q from its continued
    fraction (modified Lentz) elsewhere, a fixed number of steps over the whole array. At the edges torch's values:
    P = 0 at x = 0 or a = inf, 1 at a = 0 or x = inf; NaN for a or x below 0 (or both 0, or both inf)."""
    xp = ctx_xp(a, x)
    ad, xd = xp.broadcast_arrays(a.astype(np.float64), x.astype(np.float64))
    with np.errstate(all="ignore"):
        inside = (ad > 0) & (xd > 0) & xp.isfinite(ad) & xp.isfinite(xd)
        a1, x1 = xp.where(inside, ad, 1.0), xp.where(inside, xd, 1.0)
        front = xp.exp(a1 * xp.log(x1) - x1 - _lgamma_array(a1))            # e^-x x^a / Γ(a)
        term = total = 1 / a1
        for n in range(1, 600):
            term = term * x1 / (a1 + n)
            total = total + term
        p_series = front * total
        tiny = 1e-300
        b = x1 + 1 - a1
        c, d = xp.full_like(b, 1 / tiny), 1 / xp.where(xp.abs(b) < tiny, tiny, b)
        h = d
        for i in range(1, 300):
            an, b = -i * (i - a1), b + 2
            d = an * d + b
            d = 1 / xp.where(xp.abs(d) < tiny, tiny, d)
            c = b + an / c
            c = xp.where(xp.abs(c) < tiny, tiny, c)
            h = h * d * c
        q_fraction = front * h
        series_side = x1 < a1 + 1
        p = xp.where(series_side, p_series, 1 - q_fraction)
        q = xp.where(series_side, 1 - p_series, q_fraction)
        out = q if upper else p
        low, high = (1.0, 0.0) if upper else (0.0, 1.0)                   # the values at P = 0 and at P = 1
        out = xp.where((xd == 0) & (ad > 0) | (ad == np.inf) & (xd >= 0) & (xd < np.inf), low, out)
        out = xp.where((ad == 0) & (xd > 0) | (xd == np.inf) & (ad >= 0) & (ad < np.inf), high, out)
        both = (ad == 0) & (xd == 0) | (ad == np.inf) & (xd == np.inf)
        out = xp.where((ad < 0) | (xd < 0) | both | xp.isnan(ad) | xp.isnan(xd), np.nan, out)
    return out.astype(xp.result_type(a, x), copy=False)


class Igamma(_Binary, Op):
    """out = P(a, x) (or Q(a, x) = 1 - P when upper), the regularized incomplete gamma function.
    d/dx = ±e^-x x^(a-1) / Γ(a); d/da: not implemented (torch raises too)"""
    uses_out = False

    @staticmethod
    def compute(xp, a, x, upper):
        return _igamma_array(a, x, upper)

    @classmethod
    def backward(cls, ctx, g, *_):
        a, x, _ = ctx.saved_tensors
        if ctx.needs_input_grad[0]:
            raise NotImplementedError(f"the derivative for '{'igammac' if ctx.upper else 'igamma'}: input' is not "
                                      "implemented (minigrad, as torch: only `other`, x, gets a gradient)")
        dx = ((a - 1) * x.log() - x - a.lgamma()).exp()
        return cls.grads(ctx, None, -g * dx if ctx.upper else g * dx) + (None,)

    @classmethod
    def forward(cls, ctx, a, x, upper):
        ctx.upper = upper
        return super().forward(ctx, a, x, upper)


_ZETA_BERNOULLI = (12.0, -720.0, 30240.0, -1209600.0, 47900160.0, -1.8924375803183791606e9, 7.47242496e10,
                   -2.950130727918164224e12, 1.1646782814350067249e14, -4.5979787224074726105e15,
                   1.8152105401943546773e17, -7.1661652561756670113e18)     # (2j)!/B_2j, j = 1..12


def _zeta_array(x, q):
    """The Hurwitz zeta function ζ(x, q) = Σ_k (q + k)^-x in float64: the terms up to w = q + N >= 9 (N >= 9)
    summed, the rest by Euler–Maclaurin (w^(1-x)/(x-1) - w^-x/2 + Bernoulli terms). inf at x = 1 and (x not < 1) at
    q = 0, -1, -2...; NaN for x < 1, for q < 0 with x not an integer, and where q is ±inf; at x = inf: 1 for q = 1,
    inf for q < 1, else NaN (torch's values)."""
    xp = ctx_xp(x, q)
    xd, qd = xp.broadcast_arrays(x.astype(np.float64), q.astype(np.float64))
    with np.errstate(all="ignore"):
        n = xp.maximum(9, xp.ceil(9 - xp.where(xp.isfinite(qd), qd, 0))).astype(np.int64)     # terms k = 0..n
        total = xp.zeros_like(xd)
        for k in range(int(n.max()) + 1 if n.size else 0):
            total = total + xp.where(k <= n, (qd + k) ** -xd, 0.0)
        w = qd + n
        b = w ** -xd
        total = total + b * w / (xd - 1) - 0.5 * b
        a, k = 1.0, 0.0
        for coef in _ZETA_BERNOULLI:
            a, b = a * (xd + k), b / w
            total = total + a * b / coef
            a, b, k = a * (xd + k + 1), b / w, k + 2
        pole = (xd == 1) | ~(xd < 1) & (qd <= 0) & (qd == xp.floor(qd))
        undefined = (xd < 1) | (qd < 0) & (xd != xp.floor(xd)) | xp.isinf(xd) | xp.isinf(qd)
        out = xp.where(pole, np.inf, xp.where(undefined, np.nan, total))
        at_inf = xp.where(qd == 1, 1.0, xp.where(qd < 1, np.inf, np.nan))   # x = inf: Σ (q+k)^-inf, as torch's sum
        out = xp.where(xd == np.inf, at_inf, out)
    return out.astype(xp.result_type(x, q), copy=False)


class Zeta(_Binary, Op):
    """out = ζ(x, q), the Hurwitz zeta function.   d/dq = -x·ζ(x + 1, q); d/dx: not implemented (as torch)"""
    uses_out = False

    @staticmethod
    def compute(xp, x, q):
        return _zeta_array(x, q)

    @classmethod
    def backward(cls, ctx, g):
        x, q, _ = ctx.saved_tensors
        if ctx.needs_input_grad[0]:
            raise NotImplementedError("the derivative for 'special_zeta: self' is not implemented (minigrad, as "
                                      "torch: only `other`, q, gets a gradient)")
        return cls.grads(ctx, None, -g * x * Zeta.apply(x + 1, q))


def zeta(input, other):
    """The Hurwitz zeta function ζ(input, other) = Σ_k (other + k)^-input (the Riemann zeta at other = 1)."""
    return named(Zeta.apply(*_float_pair(input, other, "special.zeta")), "SpecialZetaBackward0")


def spherical_bessel_j0(input):
    """j0(x) = sin(x)/x (1 at 0, 0 at ±inf), the spherical Bessel function of the first kind of order 0. Outside
    the graph, as torch's (its result does not require grad)."""
    x = float_input(input, "special.spherical_bessel_j0")._data
    xp = ctx_xp(x)
    with np.errstate(all="ignore"):
        safe = xp.where(x == 0, 1, x)
        out = xp.where(x == 0, 1, xp.where(xp.isinf(x), 0, xp.sin(safe) / safe))
    return _wrap(out.astype(x.dtype, copy=False))


def _bessel_j(n, x, xp):
    """J_n(x) for n = 0, 1 (float64 array). |x| < 0.01: the Taylor series. |x| <= 25: Bessel's integral
    J_n(x) = (1/2π) ∫ cos(nτ - x sin τ) dτ over a period by the trapezoid rule on 64 points (exact to rounding
    there: the integrand is periodic and smooth; J1's relative error grows as x shrinks, hence the series). Beyond:
    the asymptotic expansion √(2/πx) (P cos χ - Q sin χ), χ = x - (n/2 + 1/4)π, P and Q the even and odd terms
    of Σ (-1)^⌊k/2⌋ a_k / x^k with a_k = Π_{j≤k} (4n² - (2j-1)²) / (k! 8^k)."""
    a = xp.abs(x)
    small = xp.where(a <= 25, a, 0)[..., None]
    tau = xp.arange(64) * (2 * np.pi / 64)
    near = xp.cos(n * tau - small * xp.sin(tau)).mean(axis=-1)
    big = xp.where(a <= 25, 26, a)                # (NaN stays NaN)
    P, Q, term, k = 0.0, 0.0, 1.0, 0
    while k < 30:                                 # (the terms shrink until k ≈ 2x > 50)
        if k % 2 == 0:
            P = P + (-1) ** (k // 2) * term
        else:
            Q = Q + (-1) ** (k // 2) * term
        k += 1
        term = term * (4 * n * n - (2 * k - 1) ** 2) / (k * 8 * big)
    chi = big - (n / 2 + 0.25) * np.pi
    far = xp.sqrt(2 / (np.pi * big)) * (P * xp.cos(chi) - Q * xp.sin(chi))
    out = xp.where(a <= 25, near, far)
    a2 = a * a
    if n == 0:
        series = 1 - a2 / 4 * (1 - a2 / 16 * (1 - a2 / 36))
    else:
        series = a / 2 * (1 - a2 / 8 * (1 - a2 / 24 * (1 - a2 / 48)))
    out = xp.where(a < 0.01, series, out)
    return out if n == 0 else xp.where(x == 0, x, xp.sign(x) * out)    # (J0 even, J1 odd: ±0 kept; NaN, ±inf: NaN)


def _bessel_j_array(n, x):
    """J_n of array ``x``, computed in float64 and given in x's dtype (NaN and ±inf give NaN, silently)."""
    with np.errstate(all="ignore"):
        return _bessel_j(n, x.astype(np.float64), ctx_xp(x)).astype(x.dtype, copy=False)


def _bessel_j_input(input, n):
    """An integer input computes in the default float dtype; float16 is refused, as torch."""
    x = float_input(input, f"special.bessel_j{n}")
    if x.dtype == dtypes.float16:
        raise NotImplementedError(f"\"bessel_j{n}_cpu\" not implemented for 'Half' (special.bessel_j{n}(): convert "
                                  "the input with .float())")
    return x


class BesselJ(Op):
    """out = J_n(x), the Bessel function of the first kind of order n = 0 or 1.   d/dx J0 = -J1,
    d/dx J1 = J0 - J1/x, with J1(x)/x = 1/2 - x²/16 + ... near 0 (exact there to rounding, and differentiable
    again without cancelling)"""

    @staticmethod
    def forward(ctx, x, n):
        ctx.save_for_backward(x)
        ctx.n = n
        return _bessel_j_array(n, x)

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        if ctx.n == 0:
            return -g * bessel_j1(x), None
        tiny = x.abs() < 1e-4
        ratio = where(tiny, 0.5 - x * x / 16, bessel_j1(x) / where(tiny, 1.0, x))
        return g * (bessel_j0(x) - ratio), None


def bessel_j0(input):
    """special.bessel_j0 (in the graph as torch 2.15's; torch 2.13's result does not require grad)."""
    return named(BesselJ.apply(_bessel_j_input(input, 0), 0), "SpecialBesselJ0Backward0")


def bessel_j1(input):
    """special.bessel_j1 (in the graph as torch 2.15's; torch 2.13's result does not require grad)."""
    return named(BesselJ.apply(_bessel_j_input(input, 1), 1), "SpecialBesselJ1Backward0")


def igamma(input, other):
    """The regularized lower incomplete gamma function P(input, other) = γ(a, x)/Γ(a)."""
    a, x = _float_only_pair(tensor_arg(input, "igamma"), tensor_other(other, "igamma"), "igamma")
    return named(Igamma.apply(a, x, False), "IgammaBackward0")


def igammac(input, other):
    """The regularized upper incomplete gamma function Q(input, other) = 1 - P(input, other)."""
    a, x = _float_only_pair(tensor_arg(input, "igammac"), tensor_other(other, "igammac"), "igammac")
    return named(Igamma.apply(a, x, True), "IgammacBackward0")


class Logaddexp(_Binary, Op):
    """out = log(e^a + e^b).   d/da = 1/(1 + e^(b - a)),  d/db = 1/(1 + e^(a - b))  (finite at ±inf, as torch)"""

    @staticmethod
    def compute(xp, a, b):
        return xp.logaddexp(a, b)

    @classmethod
    def backward(cls, ctx, g):
        a, b, out = ctx.saved_tensors
        return cls.grads(ctx, g / (1 + (b - a).exp()), g / (1 + (a - b).exp()))


def logaddexp(input, other):
    return Logaddexp.apply(*_float_only_pair(tensor_arg(input, "logaddexp"), tensor_other(other, "logaddexp"),
                                             "logaddexp"))


class Logaddexp2(_Binary, Op):
    """out = log2(2^a + 2^b).   d/da = 1/(1 + 2^(b - a)),  d/db = 1/(1 + 2^(a - b))"""

    @staticmethod
    def compute(xp, a, b):
        return xp.logaddexp2(a, b)

    @classmethod
    def backward(cls, ctx, g):
        a, b, out = ctx.saved_tensors
        return cls.grads(ctx, g / (1 + exp2(b - a)), g / (1 + exp2(a - b)))


def logaddexp2(input, other):
    return Logaddexp2.apply(*_float_only_pair(tensor_arg(input, "logaddexp2"), tensor_other(other, "logaddexp2"),
                                              "logaddexp2"))


class Copysign(_Binary, Op):
    """out = |a| with the sign of b.   d/da = out/a (0 where a = 0),  d/db = 0"""
    uses_b = False              # (b is not saved, so x.copysign_(x) can be differentiated, as torch)

    @staticmethod
    def compute(xp, a, b):
        return xp.copysign(a, b)

    @classmethod
    def backward(cls, ctx, g):
        a, _, out = ctx.saved_tensors
        zero = a == 0
        ratio = where(zero, 0.0, out / where(zero, 1.0, a))
        gb = g * 0.0 if ctx.needs_input_grad[1] else None
        return cls.grads(ctx, g * ratio, gb)


def copysign(input, other):
    """|input| with the sign of ``other`` (a tensor or a number; -0.0 counts as negative)."""
    tensor_arg(input, "copysign")
    if type(other) is int or type(other) is bool:        # (as a float: -1 must not wrap to 255 for a uint8 input)
        other = float(other)
    elif isinstance(other, Tensor) and other._data.dtype.kind in "iub" and isinstance(input, Tensor):
        other = cast(other, input.dtype if input._data.dtype.kind == "f" else dtypes.get_default_dtype())
    a, b = operands(input, other, "copysign")
    if not isinstance(a, Tensor):
        a, b = _both_tensors(a, b, "copysign")
    if a._data.dtype.kind != "f":           # an int/bool input computes in the float it promotes to (bool with half: half)
        float_b = isinstance(b, Tensor) and b._data.dtype.kind == "f"
        a = cast(a, dtypes.result_type(a, b) if float_b else dtypes.get_default_dtype())
    if isinstance(b, Tensor) and b._data.dtype != a._data.dtype:
        b = cast(b, dtypes.result_type(a, b)) if b._data.dtype.kind == "f" else cast(b, a.dtype)
        a = cast(a, b.dtype)
    return Copysign.apply(a, float(b) if isinstance(b, (int, bool)) else b)


# ---------------------------------------------------------------------------------------------
# Bit shifts (integer tensors; no gradient)
# ---------------------------------------------------------------------------------------------
def _shift(input, other, left, op):
    a, b = operands(input, other, op)
    for t in (a, b):
        if isinstance(t, Tensor) and t._data.dtype.kind not in "iub" or isinstance(t, float):
            kind = t.dtype if isinstance(t, Tensor) else "a float"
            raise NotImplementedError(f"{op}(): shifts are defined for integer tensors only, got {kind}; "
                                      "multiply by 2**n for floats")
    if not isinstance(a, Tensor):
        a, b = _both_tensors(a, b, op)
    _check_same_device(op, [t for t in (a, b) if isinstance(t, Tensor)])
    x = a._data
    y = b._data if isinstance(b, Tensor) else b
    xp = ctx_xp(x)
    rt = np.result_type(x.dtype, y.dtype if hasattr(y, "dtype") else y)
    if rt == np.bool_:                              # (bool shifted by bool: torch has no kernel; bool << int is int)
        raise NotImplementedError(f"\"{'lshift' if left else 'rshift'}_cpu\" not implemented for 'Bool' ({op}(): "
                                  "convert the masks with .int() first)")
    bits = rt.itemsize * 8
    too_far = xp.asarray(y) >= bits
    y_safe = xp.where(too_far, 0, y).astype(rt)
    if left:
        out = xp.where(too_far, 0, xp.left_shift(x.astype(rt, copy=False), y_safe))   # as torch: all shifted out
    else:
        out = xp.where(too_far, xp.where(x < 0, -1, 0), xp.right_shift(x.astype(rt, copy=False), y_safe))
    return _wrap(xp.asarray(out).astype(rt, copy=False))


def bitwise_left_shift(input, other):
    """input · 2^other for integer tensors (bits shifted out are lost)."""
    return _shift(input, other, True, "bitwise_left_shift")


def bitwise_right_shift(input, other):
    """input // 2^other for integer tensors (an arithmetic shift: the sign is kept)."""
    return _shift(input, other, False, "bitwise_right_shift")


# =============================================================================================
# Activations: each op's class, then its function (also in nn.functional)
# =============================================================================================
class Silu(Op):
    """out = x·σ(x).   d/dx = σ(x)·(1 + x·(1 - σ(x)))"""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        fused = fast.activations.silu(x)                 # normal mode: σ(x) kept for the backward
        ctx.kept = None if fused is None else fused[1]
        if fused is not None:
            return fused[0]
        return quiet(lambda v: v / (1 + ctx_xp(v).exp(-v)), x)    # (torch's formula: -inf gives NaN, as there)

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        fused = fast.activations.silu_backward(x, g, ctx.kept)     # normal mode, nothing recorded
        if fused is not None:
            return fused
        s = x.sigmoid()
        return g * s * (1 + x * (1 - s))


def silu(input, inplace=False):
    return Silu.apply(floating_only(input, "silu"))


class Mish(Op):
    """out = x·tanh(softplus(x)).   d/dx = tanh(sp) + x·σ(x)·(1 - tanh²(sp)),  sp = softplus(x)"""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return quiet(lambda v: v * ctx_xp(v).tanh(_softplus_array(v, 1.0, 20.0)), x)     # (-inf · 0: NaN, silently)

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        t = softplus(x).tanh()
        return g * (t + x * x.sigmoid() * (1 - t * t))


def mish(input, inplace=False):
    return Mish.apply(floating_only(input, "mish"))


def _softplus_array(x, beta, threshold):
    """log(1 + e^(βx))/β without overflow: max(βx, 0) + log1p(e^-|βx|), linear above the threshold."""
    xp = ctx_xp(x)
    bx = x * beta
    soft = (xp.maximum(bx, 0) + xp.log1p(xp.exp(-xp.abs(bx)))) / beta
    return xp.where(bx > threshold, x, soft).astype(x.dtype, copy=False)


class Gelu(Op):
    """out = x·Φ(x) (Φ the normal CDF; 'tanh': Φ(x) ≈ ½(1 + tanh(√(2/π)(x + 0.044715x³)))).
    d/dx = Φ(x) + x·φ(x)  (φ the normal density; the tanh form differentiated as written)"""

    @staticmethod
    def forward(ctx, x, approximate):
        ctx.save_for_backward(x)
        ctx.approximate = approximate
        fused = fast.activations.gelu(x, approximate)    # normal mode: Φ without SciPy's erf, kept for backward
        ctx.kept = None if fused is None else fused[1]
        if fused is not None:
            return fused[0]
        xp = ctx_xp(x)
        v = x.astype(np.float32) if x.dtype == np.float16 else x        # (float16: in float32, rounded once, as torch)
        if approximate == "tanh":
            out = quiet(lambda: 0.5 * v * (1 + xp.tanh(math.sqrt(2 / math.pi) * (v + 0.044715 * v * v * v))))
        else:
            out = quiet(lambda: 0.5 * v * (1 + backend.erf(v * (1 / math.sqrt(2)))))       # (-inf · 0: NaN, silently)
        return out.astype(x.dtype, copy=False)

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        fused = fast.activations.gelu_backward(x, g, ctx.approximate, ctx.kept)   # normal mode, nothing recorded
        if fused is not None:
            return fused, None
        if ctx.approximate == "tanh":
            k = math.sqrt(2 / math.pi)
            t = (k * (x + 0.044715 * x * x * x)).tanh()
            d = 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * k * (1 + 3 * 0.044715 * x * x)
        else:
            d = 0.5 * (1 + erf(x * (1 / math.sqrt(2)))) + x * (x * x * -0.5).exp() * _INV_SQRT_2PI
        return g * d, None


def gelu(input, approximate="none"):
    if not isinstance(approximate, str):
        raise TypeError(f"gelu(): argument 'approximate' must be str, not {type(approximate).__name__} (use 'none' or "
                        f"'tanh')")
    if approximate not in ("none", "tanh"):
        raise RuntimeError(f"gelu(): approximate must be 'none' or 'tanh', got {approximate!r}")
    return Gelu.apply(floating_only(input, "gelu"), approximate)


class Elu(Op):
    """out = scale·x for x > 0, else scale·α·(e^(x·input_scale) - 1) (ELU, SELU and CELU).
    d/dx = scale for x > 0, else scale·α·input_scale·e^(x·input_scale)"""

    @staticmethod
    def forward(ctx, x, alpha, scale, input_scale):
        ctx.save_for_backward(x)
        ctx.params = alpha, scale, input_scale
        xp = ctx_xp(x)
        neg = alpha * xp.expm1(xp.minimum(0, x) * input_scale)     # (minimum(0, x) keeps x = -0.0: NumPy
        #                                                             returns its second argument on a tie)
        return scale * fast.select.where(x > 0, x, neg)     # (np.where; normal mode: without branches)

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        alpha, scale, input_scale = ctx.params
        neg = (x.clamp(max=0.0) * input_scale).exp() * (scale * alpha * input_scale)
        return g * where(x <= 0, neg, scale), None, None, None          # (NaN: the x > 0 side, as torch)


def elu(input, alpha=1.0, inplace=False):
    if isinstance(alpha, str):
        raise TypeError(f"elu(): argument 'alpha' (position 2) must be Number, not str ({alpha!r})")
    return Elu.apply(floating_only(input, "elu"), float(alpha), 1.0, 1.0)


_SELU_ALPHA, _SELU_SCALE = 1.6732632423543772848170429916717, 1.0507009873554804934193349852946


def selu(input, inplace=False):
    """scale·elu(x, α) with torch's self-normalising constants."""
    return Elu.apply(floating_only(input, "selu"), _SELU_ALPHA, _SELU_SCALE, 1.0)


class Celu(Elu):
    """out = x for x > 0, else α·(e^(x/α) - 1).   d/dx = 1 for x > 0, else e^(x/α)"""


def celu(input, alpha=1.0, inplace=False):
    if alpha == 0:
        raise RuntimeError("celu(): ZeroDivisionError: alpha cannot be 0 for CELU")
    return Celu.apply(floating_only(input, "celu"), float(alpha), 1.0, 1.0 / alpha)


class Softplus(Op):
    """out = log(1 + e^(βx))/β (x itself where βx > threshold).   d/dx = σ(βx) (1 above the threshold)"""

    @staticmethod
    def forward(ctx, x, beta, threshold):
        ctx.save_for_backward(x)
        ctx.beta, ctx.threshold = beta, threshold
        return _softplus_array(x, beta, threshold)

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        bx = x * ctx.beta
        return g * where(bx > ctx.threshold, 1.0, bx.sigmoid()), None, None


def softplus(input, beta=1.0, threshold=20.0):
    return Softplus.apply(floating_only(input, "softplus"), beta, threshold)


class LogSigmoid(Op):
    """out = log σ(x) = -softplus(-x).   d/dx = σ(-x) = 1 - σ(x)"""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return -_softplus_array(-x, 1.0, np.inf)

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return g * (-x).sigmoid()


def logsigmoid(input):
    return LogSigmoid.apply(floating_only(input, "logsigmoid"))


class Hardsigmoid(Op):
    """out = clamp(x/6 + 1/2, 0, 1).   d/dx = 1/6 where -3 < x < 3, else 0"""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        xp = ctx_xp(x)
        return xp.clip(x / 6 + 0.5, 0, 1).astype(x.dtype, copy=False)

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return g * ((x > -3) & (x < 3)) * (1 / 6)


def hardsigmoid(input, inplace=False):
    return Hardsigmoid.apply(floating_only(input, "hardsigmoid"))


class Hardswish(Op):
    """out = x·clamp(x + 3, 0, 6)/6.   d/dx = 0 for x <= -3, x/3 + 1/2 for -3 < x < 3, 1 for x >= 3 (torch's
    choice at the two kinks)"""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        xp = ctx_xp(x)
        return quiet(lambda v: (v * xp.clip(v + 3, 0, 6) / 6).astype(v.dtype, copy=False), x)     # (-inf · 0: NaN)

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return g * where(x <= -3, 0.0, where(x < 3, x / 3 + 0.5, 1.0))


def hardswish(input, inplace=False):
    return Hardswish.apply(floating_only(input, "hardswish"))


# ---------------------------------------------------------------------------------------------
# Activations without an op of their own: compositions of where, abs, tanh, sigmoid
# ---------------------------------------------------------------------------------------------
def softsign(input):
    """x / (1 + |x|)"""
    if isinstance(input, Tensor) and input._data.dtype.kind == "b":
        raise NotImplementedError("\"abs_cpu\" not implemented for 'Bool' (softsign(): convert the mask with "
                                  ".float() first)")
    input = float_input(input, "softsign")
    return input / (input.abs() + 1)


def tanhshrink(input):
    return input - input.tanh()


def _lambd_arg(lambd, op):
    """The shrink ops' threshold: a number (a 0-d tensor reads as one, as torch)."""
    if not isinstance(lambd, numbers.Number) and not (isinstance(lambd, Tensor) and lambd.ndim == 0):
        raise TypeError(f"{op}(): argument 'lambd' (position 2) must be Number, not {type(lambd).__name__} "
                        f"({lambd!r}; give the threshold as a number, e.g. 0.5)")


def hardshrink(input, lambd=0.5):
    input = floating_only(input, "hardshrink")
    _lambd_arg(lambd, "hardshrink")
    return named(where((input >= -lambd) & (input <= lambd), 0.0, input), "HardshrinkBackward0")   # (NaN passes)


def softshrink(input, lambd=0.5):
    input = floating_only(input, "softshrink")
    _lambd_arg(lambd, "softshrink")
    if lambd < 0:
        name = {"float16": "Half", "float32": "Float", "float64": "Double"}[input._data.dtype.name]
        raise RuntimeError(f"lambda must be in range [0, {float(np.finfo(input._data.dtype).max):g}] for input dtype "
                           f"{name}, but found {lambd:g} (softshrink(): give lambd >= 0)")
    out = where((input >= -lambd) & (input <= lambd), 0.0, where(input < -lambd, input + lambd, input - lambd))
    return named(out, "SoftshrinkBackward0")                                # (NaN passes, as torch)


def threshold(input, threshold, value, inplace=False):
    input = tensor_arg(input, "threshold")
    for name, pos, v in (("threshold", 2, threshold), ("value", 3, value)):
        if not isinstance(v, (numbers.Number, Tensor)):
            raise TypeError(f"threshold(): argument '{name}' (position {pos}) must be Number, not {type(v).__name__}")
    out = named(where(input <= threshold, value, input), "ThresholdBackward0")        # (NaN passes, as torch)
    return out if out.dtype == input.dtype else out.to(input.dtype)        # (an int input stays int: torch)


def prelu(input, weight):
    """x for x > 0, else weight·x (weight: one value, or one per channel along dim 1)."""
    input = tensor_arg(input, "prelu")
    if weight.numel() != 1:
        if input.ndim < 2 or input.shape[1] != weight.numel():
            raise RuntimeError(f"prelu(): the weight has {weight.numel()} values but the input {tuple(input.shape)} "
                               f"has {input.shape[1] if input.ndim >= 2 else 1} channels (dim 1)")
        weight = weight.reshape((-1,) + (1,) * (input.ndim - 2))
    else:
        weight = weight.reshape(())                     # (a 0-d input stays 0-d, as torch)
    return where(input > 0, input, input * weight)


def glu(input, dim=-1):
    """a·σ(b), where a and b are the two halves of ``input`` along ``dim``."""
    input = floating_only(input, "glu")
    if input.ndim == 0:
        raise RuntimeError("glu does not support scalars because halving size must be even (glu(): a 0-d input)")
    if input.shape[dim] % 2:
        raise RuntimeError(f"glu(): halving dimension must be even, but dimension {dim} is size {input.shape[dim]}")
    a, b = input.chunk(2, dim)
    return a * b.sigmoid()


# =============================================================================================
# Compositions of pointwise ops: logit, sinc, xlogy, degrees and radians
# =============================================================================================
class Logit(Op):
    """out = log(p / (1 - p)), p = x clamped to [eps, 1 - eps] when eps is given.
    d/dx = 1/(p(1 - p)): NaN outside [0, 1], +inf at 0 and 1 (as torch); with eps, 0 outside [eps, 1 - eps]"""

    @staticmethod
    def forward(ctx, x, eps):
        ctx.save_for_backward(x)
        ctx.eps = eps
        p = x if eps is None else ctx_xp(x).clip(x, eps, 1 - eps)
        with np.errstate(all="ignore"):
            return ctx_xp(x).log(p / (1 - p))

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        lo, hi = (0.0, 1.0) if ctx.eps is None else (ctx.eps, 1 - ctx.eps)
        outside = float("nan") if ctx.eps is None else 0.0
        return where((x < lo) | (x > hi), outside, g / (x * (1 - x)).abs()), None


def logit(input, eps=None):
    """log(p / (1 - p)), with p clamped to [eps, 1 - eps] when eps is given."""
    if eps is not None:
        eps = number_arg(eps, "logit", "eps", kind="float")
    return Logit.apply(float_input(input, "logit"), None if eps is None or eps < 0 else float(eps))  # (eps < 0: none)


class Sinc(_Unary, Op):
    """out = sin(πx)/(πx), 1 at 0.   d/dx = (cos(πx) - out)/x, from its Taylor series where |πx| < ½
    (the difference cancels there: π·Σ_k (-1)^k 2k (πx)^(2k-1)/(2k+1)!, six terms)"""
    uses_out = True

    @classmethod
    def _array_fn(cls, x):
        xf = x.astype(np.float32) if x.dtype == np.float16 else x     # (half: computed in float32, as torch)
        px = xf * math.pi
        safe = ctx_xp(x).where(xf == 0, 1.0, px)
        return ctx_xp(x).where(xf == 0, 1.0, ctx_xp(x).sin(safe) / safe).astype(x.dtype, copy=False)

    @staticmethod
    def backward(ctx, g):
        x, out = ctx.saved_tensors
        px = x * math.pi
        small = px.abs() < 0.5
        u = where(small, px, 0.0)
        series = u * 0.0
        for k in range(6, 0, -1):                               # Horner in u²
            series = series * u * u + (-1) ** k * 2 * k / math.factorial(2 * k + 1)
        far = ((px).cos() - out) / where(small, 1.0, x)
        return g * where(small, series * u * math.pi, far)


sinc = _unary(Sinc, "sinc")


class Xlogy(_Binary, Op):
    """out = x·log(y), 0 where x = 0 (NaN where y is).   d/dx = log(y) (0 where x = 0 and y <= 0),  d/dy = x/y
    (as torch: NaN at x = y = 0)"""
    uses_out = False

    @staticmethod
    def compute(xp, a, b):
        out = a * xp.log(b)
        return xp.where((a == 0) & ~xp.isnan(b), 0.0, out).astype(out.dtype, copy=False)

    @classmethod
    def backward(cls, ctx, g):
        a, b, _ = ctx.saved_tensors
        return cls.grads(ctx, where((a == 0) & (b <= 0), 0.0, xlogy(g, b)), g * a / b)


def xlogy(input, other):
    """x·log(y), 0 where x = 0."""
    return Xlogy.apply(*_float_pair(input, other, "xlogy"))


class Xlog1py(_Binary, Op):
    """out = x·log(1 + y), 0 where x = 0 (NaN where y is).   d/dx = log(1 + y) (0 where x = 0 and y <= -1),
    d/dy = x/(1 + y)"""
    torch_name = "SpecialXlog1PyBackward0"
    uses_out = False

    @staticmethod
    def compute(xp, a, b):
        out = a * xp.log1p(b)
        return xp.where((a == 0) & ~xp.isnan(b), 0.0, out).astype(out.dtype, copy=False)

    @classmethod
    def backward(cls, ctx, g):
        a, b, _ = ctx.saved_tensors
        return cls.grads(ctx, where((a == 0) & (b <= -1), 0.0, xlog1py(g, b)), g * a / (b + 1))


def xlog1py(input, other):
    """x·log(1 + y), 0 where x = 0 (torch.special.xlog1py)."""
    out = Xlog1py.apply(*_float_pair(input, other, "xlog1py"))
    if not isinstance(other, Tensor):
        return named(out, "SpecialXlog1PyBackward2")        # (torch's overloads: a number y, a number x)
    return out if isinstance(input, Tensor) else named(out, "SpecialXlog1PyBackward1")


def deg2rad(input):
    return float_input(input, "deg2rad") * (math.pi / 180)


def rad2deg(input):
    return float_input(input, "rad2deg") * (180 / math.pi)


# =============================================================================================
# Tensor methods (in-place ones run through inplace.run_inplace)
# =============================================================================================
def _inplace(fn, name):
    def method(self, *args, **kwargs):
        return run_inplace(self, lambda t, _: fn(t, *args, **kwargs), None, name)
    method.__name__ = name
    return method


def _shift_inplace(left):
    def method(self, other):
        return run_inplace(self, lambda t, o: _shift(t, o, left, "<<=" if left else ">>="), other,
                           "<<=" if left else ">>=")
    return method


METHODS = {
    "asin": asin, "arcsin": asin, "acos": acos, "arccos": acos, "atan": atan, "arctan": atan, "sinh": sinh,
    "cosh": cosh, "asinh": asinh, "arcsinh": asinh, "acosh": acosh, "arccosh": acosh, "atanh": atanh,
    "arctanh": atanh, "exp2": exp2, "erf": erf, "erfc": erfc, "erfinv": erfinv, "atan2": atan2, "arctan2": atan2,
    "hypot": hypot, "igamma": igamma, "igammac": igammac, "logaddexp": logaddexp, "logaddexp2": logaddexp2, "copysign": copysign, "logit": logit,
    "sinc": sinc, "xlogy": xlogy, "lgamma": lgamma, "digamma": digamma,
    "polygamma": lambda self, n: polygamma(n, self), "mvlgamma": mvlgamma, "deg2rad": deg2rad, "rad2deg": rad2deg,
    "hardshrink": hardshrink, "bitwise_left_shift": bitwise_left_shift, "bitwise_right_shift": bitwise_right_shift,
    "__lshift__": bitwise_left_shift, "__rshift__": bitwise_right_shift,
    "__rlshift__": lambda s, o: bitwise_left_shift(o, s), "__rrshift__": lambda s, o: bitwise_right_shift(o, s),
    "__ilshift__": _shift_inplace(True), "__irshift__": _shift_inplace(False),
    "asin_": _inplace(asin, "asin_"), "acos_": _inplace(acos, "acos_"), "atan_": _inplace(atan, "atan_"),
    "sinh_": _inplace(sinh, "sinh_"), "cosh_": _inplace(cosh, "cosh_"), "erf_": _inplace(erf, "erf_"),
    "erfinv_": _inplace(erfinv, "erfinv_"), "exp2_": _inplace(exp2, "exp2_"),
    "i0": i0, "i0_": _inplace(i0, "i0_"),
}
