"""torch.signal.windows: window functions of M points, symmetric (``sym=True``, for filter design) or periodic
(``sym=False``, for spectral analysis: the symmetric window of M + 1 points without its last one). Each is a
formula of k = a linspace over the window, computed with minigrad's own ops in the window's dtype (float32 by
default), as torch computes it."""
from __future__ import annotations

import math

from .. import dtypes
from ..factories import empty, linspace, ones, tensor
from ..ops.special import i0

__all__ = ["bartlett", "blackman", "cosine", "exponential", "gaussian", "general_cosine", "general_hamming",
           "hamming", "hann", "kaiser", "nuttall"]


def _checked(name, M, dtype, layout, device, requires_grad):
    """None to go on, or the empty / one-point window (M of 0 or 1)."""
    if not isinstance(M, int) or isinstance(M, bool):
        raise TypeError(f"torch.signal.windows.{name}: M must be an int, got {type(M).__name__}")
    if M < 0:
        raise ValueError(f"torch.signal.windows.{name} requires non-negative window length, got M={M}")
    if dtype is not None and not dtype.is_floating_point:
        raise ValueError(f"torch.signal.windows.{name} expects float32 or float64 dtypes, got: {dtype}")
    if M == 0:
        return empty(0, dtype=dtype, device=device, requires_grad=requires_grad)
    if M == 1:
        return ones(1, dtype=dtype, device=device, requires_grad=requires_grad)
    return None


def _k(start, step, M, dtype, device):
    """start, start + step, ..., start + (M - 1)·step."""
    return linspace(start, start + (M - 1) * step, M, dtype=dtype, device=device)


def _finish(w, requires_grad):
    return w.requires_grad_(requires_grad) if requires_grad else w


def exponential(M, *, center=None, tau=1.0, sym=True, dtype=None, layout=None, device=None, requires_grad=False):
    """exp(-|k - center| / tau), center the window's middle unless given (periodic windows only)."""
    if tau <= 0:
        raise ValueError(f"Tau must be positive, got: {tau} instead.")
    if sym and center is not None:
        raise ValueError("Center must be None for symmetric windows")
    early = _checked("exponential", M, dtype, layout, device, requires_grad)
    if early is not None and M == 0:               # (one point is the formula's too: a given center counts)
        return early
    if center is None:
        center = (M if not sym and M > 1 else M - 1) / 2.0
    k = _k(-center, 1.0, M, dtype, device)
    return _finish((-k.abs() / tau).exp(), requires_grad)


def cosine(M, *, sym=True, dtype=None, layout=None, device=None, requires_grad=False):
    """sin(π (k + 0.5) / M) (the simple cosine, or sine, window)."""
    early = _checked("cosine", M, dtype, layout, device, requires_grad)
    if early is not None:
        return early
    step = math.pi / (M + 1 if not sym and M > 1 else M)
    return _finish(_k(0.5 * step, step, M, dtype, device).sin(), requires_grad)


def gaussian(M, *, std=1.0, sym=True, dtype=None, layout=None, device=None, requires_grad=False):
    """exp(-k² / (2 std²)), k centred on the window's middle."""
    if std <= 0:
        raise ValueError(f"Standard deviation must be positive, got: {std} instead.")
    early = _checked("gaussian", M, dtype, layout, device, requires_grad)
    if early is not None:
        return early
    start = -(M if not sym and M > 1 else M - 1) / 2.0
    c = 1 / (std * math.sqrt(2))
    k = _k(start * c, c, M, dtype, device)
    return _finish((-k ** 2).exp(), requires_grad)


def kaiser(M, *, beta=12.0, sym=True, dtype=None, layout=None, device=None, requires_grad=False):
    """I0(sqrt(beta² - k²)) / I0(beta), k from -beta to beta."""
    if beta < 0:
        raise ValueError(f"beta must be non-negative, got: {beta} instead.")
    early = _checked("kaiser", M, dtype, layout, device, requires_grad)
    if early is not None:
        return early
    b = tensor(float(beta), dtype=dtype if dtype is not None else dtypes.get_default_dtype(), device=device)
    step = 2.0 * beta / (M if not sym else M - 1)
    end = min(beta, -beta + (M - 1) * step)
    k = linspace(-beta, end, M, dtype=b.dtype, device=device)
    return _finish(i0((b * b - k ** 2).sqrt()) / i0(b), requires_grad)


def general_cosine(M, *, a, sym=True, dtype=None, layout=None, device=None, requires_grad=False):
    """Σ_i (-1)^i a_i cos(2π i k / (M - 1)) (M instead of M - 1 for a periodic window)."""
    if not isinstance(a, (list, tuple)):
        raise TypeError(f"Coefficients must be a list/tuple, got: {type(a).__name__}")
    if not a:
        raise ValueError("Coefficients cannot be empty")
    early = _checked("general_cosine", M, dtype, layout, device, requires_grad)
    if early is not None:
        return early
    step = 2 * math.pi / (M if not sym else M - 1)
    k = _k(0.0, step, M, dtype, device)
    w = None
    for i, coef in enumerate(a):
        term = (k * i).cos() * ((-1) ** i * coef)
        w = term if w is None else w + term
    return _finish(w, requires_grad)


def general_hamming(M, *, alpha=0.54, sym=True, dtype=None, layout=None, device=None, requires_grad=False):
    """alpha - (1 - alpha) cos(2πk / (M - 1))."""
    return general_cosine(M, a=[alpha, 1.0 - alpha], sym=sym, dtype=dtype, layout=layout, device=device,
                          requires_grad=requires_grad)


def hamming(M, *, sym=True, dtype=None, layout=None, device=None, requires_grad=False):
    """general_hamming with alpha = 0.54."""
    return general_hamming(M, sym=sym, dtype=dtype, layout=layout, device=device, requires_grad=requires_grad)


def hann(M, *, sym=True, dtype=None, layout=None, device=None, requires_grad=False):
    """general_hamming with alpha = 0.5."""
    return general_hamming(M, alpha=0.5, sym=sym, dtype=dtype, layout=layout, device=device,
                           requires_grad=requires_grad)


def blackman(M, *, sym=True, dtype=None, layout=None, device=None, requires_grad=False):
    """general_cosine with a = (0.42, 0.5, 0.08)."""
    return general_cosine(M, a=[0.42, 0.5, 0.08], sym=sym, dtype=dtype, layout=layout, device=device,
                          requires_grad=requires_grad)


def nuttall(M, *, sym=True, dtype=None, layout=None, device=None, requires_grad=False):
    """general_cosine with Nuttall's four coefficients."""
    return general_cosine(M, a=[0.3635819, 0.4891775, 0.1365995, 0.0106411], sym=sym, dtype=dtype, layout=layout,
                          device=device, requires_grad=requires_grad)


def bartlett(M, *, sym=True, dtype=None, layout=None, device=None, requires_grad=False):
    """1 - |k|, k from -1 by 2 / (M - 1)."""
    early = _checked("bartlett", M, dtype, layout, device, requires_grad)
    if early is not None:
        return early
    step = 2.0 / (M if not sym else M - 1)
    return _finish(1 - _k(-1.0, step, M, dtype, device).abs(), requires_grad)
