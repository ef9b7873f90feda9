"""``minigrad.special``: torch.special's names for the special functions minigrad has (each one the
differentiable op or composition found in ``minigrad/ops``)."""
from __future__ import annotations

import math

from .autograd.function import named

from .ops.pointwise import erf, exp, expm1, log1p, round as _round, sigmoid, where  # noqa: F401
from .ops.reduce import log_softmax, logsumexp, softmax  # noqa: F401
from .ops.special import xlog1py  # noqa: F401
from .ops.special import (digamma, entr, erfc, erfcx, erfinv, exp2, i0, i0e, i1, i1e, lgamma, logit,  # noqa: F401
                          mvlgamma, polygamma, sinc, xlogy)
from .ops.special import bessel_j0, bessel_j1, ndtri, spherical_bessel_j0, zeta  # noqa: F401
from .ops.special import igamma as gammainc, igammac as gammaincc  # noqa: F401
from .ops.bessel_y import airy_ai, bessel_y0, bessel_y1  # noqa: F401
from .ops.bessel_k import (modified_bessel_i0, modified_bessel_i1, modified_bessel_k0, modified_bessel_k1,  # noqa: F401
                           scaled_modified_bessel_k0, scaled_modified_bessel_k1)
from .ops.polynomials import (chebyshev_polynomial_t, chebyshev_polynomial_u, chebyshev_polynomial_v,  # noqa: F401
                               chebyshev_polynomial_w, hermite_polynomial_h, hermite_polynomial_he,
                               laguerre_polynomial_l, legendre_polynomial_p, shifted_chebyshev_polynomial_t,
                               shifted_chebyshev_polynomial_u, shifted_chebyshev_polynomial_v,
                               shifted_chebyshev_polynomial_w)

expit = sigmoid
gammaln = lgamma
psi = digamma
multigammaln = mvlgamma


def round(input, *, decimals=0):
    """torch.round with decimals=0 given: so an integer or bool tensor is refused, as torch.special.round does."""
    return _round(input, decimals=decimals)


def ndtr(input):
    """The standard normal CDF Φ(x) = ½ erfc(-x/√2)."""
    return erfc(input * (-1 / math.sqrt(2))) * 0.5


def log_ndtr(input):
    """log Φ(x): log(erfcx(-x/√2)/2) - x²/2 below -1 (Φ underflows near -13 in float32, -38 in float64),
    log1p(-Φ(-x)) above (so that tiny 1 - Φ(x) still counts)."""
    x = input.float() if not input.is_floating_point() else input
    low = x < -1
    t = where(low, x, -1.0)
    left = (erfcx(t * (-1 / math.sqrt(2))) * 0.5).log() - t * t * 0.5
    right = (-ndtr(-where(low, 1.0, x))).log1p()
    return named(where(low, left, right), "SpecialLogNdtrBackward0")
