"""torch.special's classical orthogonal polynomials: p_n(x) for a tensor (or number) x and a degree n (a tensor or
number, truncated to an integer; a degree below 0 gives 0). Each is its three-term recurrence run up to the
largest degree asked for, every element keeping the value at its own degree; the Chebyshev ones use the closed
trigonometric form for a high degree inside (-1, 1), and the values at the ends of the interval are exact, as
torch's. As torch's, the results are outside the graph (torch has no derivative for them: the result does not
require grad).
"""
from __future__ import annotations

import numpy as np

from ..tensor import _wrap
from .bessel_k import no_half
from .pointwise import ctx_xp
from .special import _float_pair


def _degree_and_x(input, n, op):
    """x and n as arrays of one floating dtype (torch's promotion, integers to the default float), broadcast;
    n truncated toward zero to an integer degree."""
    x, n = _float_pair(input, n, f"special.{op}")
    no_half(x, op)
    xp = ctx_xp(x._data)
    x, n = xp.broadcast_arrays(x._data, n._data)
    with np.errstate(invalid="ignore"):
        deg = xp.trunc(n).astype(np.int64)
    return x, deg, xp


def _recurrence(x, deg, p0, p1, step, xp):
    """p_deg(x) elementwise from p_0, p_1 and ``step(k, p_k, p_(k-1))`` = p_(k+1)."""
    out = xp.where(deg == 0, p0, p1) * xp.ones_like(x)
    top = int(deg.max()) if deg.size else 0
    p, q = p0 * xp.ones_like(x), p1 * xp.ones_like(x)
    for k in range(1, top):
        p, q = q, step(k, q, p)
        out = xp.where(deg == k + 1, q, out)
    return xp.where(deg < 0, 0, out)


def _finish(out, x, xp):
    return _wrap(xp.asarray(out, dtype=x.dtype))


def _chebyshev(input, n, op, kind, shifted):
    """T (first kind), U (second), V (third), W (fourth); ``shifted``: of 2x - 1 (the interval [0, 1])."""
    x, deg, xp = _degree_and_x(input, n, op)
    with np.errstate(all="ignore"):
        y = x + x - 1 if shifted else x
        first = {"t": y, "u": y + y, "v": y + y - 1, "w": y + y + 1}[kind]
        out = _recurrence(y, deg, 1.0, first, lambda k, q, p: (y + y) * q - p, xp)
        theta = xp.arccos(xp.clip(y, -1, 1).astype(np.float64)).astype(x.dtype)    # (float32: rounded once)
        m = deg.astype(x.dtype)
        closed = {"t": lambda: xp.cos(m * theta),
                  "u": lambda: xp.sin((m + 1) * theta) / xp.sin(theta),
                  "v": lambda: xp.cos((m + 0.5) * theta) / xp.cos(theta / 2),
                  "w": lambda: xp.sin((m + 0.5) * theta) / xp.sin(theta / 2)}[kind]()
        high = (deg > (6 if kind == "t" else 8)) & (xp.abs(y) < 1) & xp.isfinite(closed)
        out = xp.where(high, closed, out)
        sign = xp.where(deg % 2 == 0, 1.0, -1.0)        # p(-1): (-1)^n times the value below
        at_one = {"t": 1.0, "u": m + 1, "v": 1.0, "w": m + m + 1}[kind]
        at_minus = {"t": sign, "u": sign * (m + 1), "v": sign * (m + m + 1), "w": sign}[kind]
        out = xp.where(y == 1, at_one, xp.where(y == -1, at_minus, out))
        out = xp.where(deg < 0, 0, out)
    return _finish(out, x, xp)


def _chebyshev_op(op, kind, shifted):
    def fn(input, n):
        return _chebyshev(input, n, op, kind, shifted)
    fn.__name__ = fn.__qualname__ = op
    fn.__doc__ = f"The Chebyshev polynomial of the {dict(t='first', u='second', v='third', w='fourth')[kind]} kind" + \
        (" of 2x - 1 (on [0, 1])." if shifted else ".")
    return fn


chebyshev_polynomial_t = _chebyshev_op("chebyshev_polynomial_t", "t", False)
chebyshev_polynomial_u = _chebyshev_op("chebyshev_polynomial_u", "u", False)
chebyshev_polynomial_v = _chebyshev_op("chebyshev_polynomial_v", "v", False)
chebyshev_polynomial_w = _chebyshev_op("chebyshev_polynomial_w", "w", False)
shifted_chebyshev_polynomial_t = _chebyshev_op("shifted_chebyshev_polynomial_t", "t", True)
shifted_chebyshev_polynomial_u = _chebyshev_op("shifted_chebyshev_polynomial_u", "u", True)
shifted_chebyshev_polynomial_v = _chebyshev_op("shifted_chebyshev_polynomial_v", "v", True)
shifted_chebyshev_polynomial_w = _chebyshev_op("shifted_chebyshev_polynomial_w", "w", True)


def _plain(input, n, op, p1, step, fix=None):
    x, deg, xp = _degree_and_x(input, n, op)
    with np.errstate(all="ignore"):
        out = _recurrence(x, deg, 1.0, p1(x), lambda k, q, p: step(x, k, q, p), xp)
        if fix is not None:
            out = fix(x, deg, out, xp)
    return _finish(out, x, xp)


def hermite_polynomial_h(input, n):
    """The physicists' Hermite polynomials: H_(k+1) = 2x H_k - 2k H_(k-1)."""
    return _plain(input, n, "hermite_polynomial_h", lambda x: x + x, lambda x, k, q, p: (x + x) * q - (k + k) * p)


def hermite_polynomial_he(input, n):
    """The probabilists' Hermite polynomials: He_(k+1) = x He_k - k He_(k-1)."""
    return _plain(input, n, "hermite_polynomial_he", lambda x: x, lambda x, k, q, p: x * q - k * p)


def laguerre_polynomial_l(input, n):
    """L_(k+1) = ((2k + 1 - x) L_k - k L_(k-1)) / (k + 1); L_n(0) = 1."""
    return _plain(input, n, "laguerre_polynomial_l", lambda x: 1 - x,
                  lambda x, k, q, p: ((k + k + 1 - x) * q - k * p) / (k + 1),
                  lambda x, deg, out, xp: xp.where((x == 0) & (deg >= 0), 1.0, out))


def legendre_polynomial_p(input, n):
    """P_(k+1) = ((2k + 1) x P_k - k P_(k-1)) / (k + 1); P_n(1) = 1, P_n(-1) = (-1)^n."""
    def ends(x, deg, out, xp):
        at_minus = xp.where(deg % 2 == 0, 1.0, -1.0)
        return xp.where(deg < 0, 0, xp.where(x == 1, 1.0, xp.where(x == -1, at_minus, out)))
    return _plain(input, n, "legendre_polynomial_p", lambda x: x,
                  lambda x, k, q, p: ((k + k + 1) * x * q - k * p) / (k + 1), ends)
