"""``torch.fft``: discrete Fourier transforms with torch's names, arguments and gradients.

A complex tensor here is a real tensor of (real, imaginary) parts, last dim 2 (minigrad/_complex.py). Three
primitives do all the work, each over a set of axes, in NumPy's FFT (CuPy's on the GPU):

    FftC2C   complex -> complex   fftn / ifftn                (fft, ifft, fft2, ifft2, ...)
    FftR2C   real    -> complex   rfftn: the last axis keeps its n//2+1 non-negative frequencies
    FftC2R   complex -> real      irfftn: the inverse of rfftn, reading a half spectrum

Every transform is linear, so its gradient -- torch's convention for complex gradients, dL/dRe + i·dL/dIm, is
exactly the gradient that reaches the parts -- is its adjoint: the opposite transform with the *dual* norm
("backward" <-> "forward", "ortho" stays), then the zero-padding or trimming that ``s``/``n`` did, undone.
rfft and irfft add the bookkeeping of the half spectrum (see FftR2C and FftC2R). Everything else -- 1-D and
2-D forms, hfft/ihfft, real inputs to fft -- is built from the three.
"""
from __future__ import annotations

import numbers

import numpy as np

from . import dtypes
from ._complex import ComplexTensor, as_complex
from .autograd.function import Op
from .backend import array_module
from .factories import arange, tensor as _tensor
from .ops.shape import cat
from .tensor import Tensor

__all__ = ["fft", "ifft", "fft2", "ifft2", "fftn", "ifftn", "rfft", "irfft", "rfft2", "irfft2", "rfftn", "irfftn",
           "hfft", "ihfft", "hfft2", "ihfft2", "hfftn", "ihfftn", "fftshift", "ifftshift", "fftfreq", "rfftfreq"]

_DUAL = {"backward": "forward", "forward": "backward", "ortho": "ortho"}


# ============================================================================================= the three primitives
class FftC2C(Op):
    """out = the DFT of z over ``axes`` (the inverse DFT when ``inverse``), z zero-padded or trimmed to ``sizes``
    first; z and out are (real, imag) parts, last dim 2.
    Linear, so the gradient is the adjoint: the opposite transform with the dual norm, resized back:
        dz = resize(F^H g)"""
    torch_name = "FftC2CBackward0"

    @staticmethod
    def forward(ctx, parts, axes, sizes, inverse, norm):
        ctx.axes, ctx.sizes, ctx.inverse, ctx.norm = axes, sizes, inverse, norm
        ctx.in_sizes = tuple(parts.shape[a] for a in axes)
        xp = array_module(parts)
        transform = xp.fft.ifftn if inverse else xp.fft.fftn
        return _to_parts(transform(_to_complex(parts), s=sizes, axes=axes, norm=norm), parts.dtype)

    @staticmethod
    def backward(ctx, g):
        gz = FftC2C.apply(g, ctx.axes, ctx.sizes, not ctx.inverse, _DUAL[ctx.norm])
        return _resize(gz, ctx.axes, ctx.in_sizes), None, None, None, None


class FftR2C(Op):
    """out = rfftn of the real x over ``axes`` (x zero-padded or trimmed to ``sizes``): the full DFT with the last
    axis cut to its n//2+1 non-negative frequencies.
    The adjoint of "embed as complex, DFT, keep the first bins" is "zeros in the dropped bins, inverse DFT with
    the dual norm, real part":   dx = resize(Re F^H [g, 0])"""
    torch_name = "FftR2CBackward0"

    @staticmethod
    def forward(ctx, x, axes, sizes, norm):
        ctx.axes, ctx.sizes, ctx.norm = axes, sizes, norm
        ctx.in_sizes = tuple(x.shape[a] for a in axes)
        return _to_parts(array_module(x).fft.rfftn(x, s=sizes, axes=axes, norm=norm), x.dtype)

    @staticmethod
    def backward(ctx, g):
        full = _resize(g, ctx.axes[-1:], ctx.sizes[-1:])                        # the dropped bins get zeros
        gx = FftC2C.apply(full, ctx.axes, ctx.sizes, True, _DUAL[ctx.norm])[..., 0]
        return _resize(gx, ctx.axes, ctx.in_sizes), None, None, None


class FftC2R(Op):
    """out = irfftn: the real signal of ``sizes`` whose half spectrum is z (the last axis trimmed or zero-padded to
    n//2+1 bins, the others to ``sizes``).
    Bins 1 .. n-n//2-1 of the last axis stand for themselves and for their mirror images (the conjugate bins the
    half spectrum leaves out), so the adjoint -- torch's gradient -- is rfftn of g with the dual norm, those bins
    doubled:   dz = resize(w · rfftn(g)),  w = 2 on the mirrored bins, 1 on DC (and on Nyquist for an even n)"""
    torch_name = "FftC2RBackward0"

    @staticmethod
    def forward(ctx, parts, axes, sizes, norm):
        ctx.axes, ctx.sizes, ctx.norm = axes, sizes, norm
        ctx.in_sizes = tuple(parts.shape[a] for a in axes)
        out = array_module(parts).fft.irfftn(_to_complex(parts), s=sizes, axes=axes, norm=norm)
        return out.astype(parts.dtype, copy=False)

    @staticmethod
    def backward(ctx, g):
        gz = FftR2C.apply(g, ctx.axes, ctx.sizes, _DUAL[ctx.norm])
        n, last = ctx.sizes[-1], ctx.axes[-1]
        w = np.ones(n // 2 + 1)
        w[1:n - n // 2] = 2
        w = _tensor(w.reshape((-1,) + (1,) * (gz.ndim - 1 - last)), dtype=gz.dtype, device=gz.device)
        return _resize(gz * w, ctx.axes, ctx.in_sizes), None, None, None


# --- array helpers of the primitives
def _to_complex(parts):
    """The complex array of a parts array (..., 2): the same memory seen as complex64/complex128."""
    xp = array_module(parts)
    return xp.ascontiguousarray(parts).view(np.complex64 if parts.dtype == np.float32 else np.complex128)[..., 0]


def _to_parts(z, dtype):
    """A complex array as a parts array (..., 2) of ``dtype``."""
    xp = array_module(z)
    z = xp.ascontiguousarray(z.astype(np.complex64 if dtype == np.float32 else np.complex128, copy=False))
    return z.view(dtype).reshape(z.shape + (2,))


def _resize(t, axes, sizes):
    """``t`` trimmed, or zero-padded at the end, to ``sizes`` along ``axes`` (tensor ops: differentiable)."""
    for a, n in zip(axes, sizes):
        have = t.shape[a]
        if have > n:
            t = t.narrow(a, 0, n)
        elif have < n:
            pad = list(t.shape)
            pad[a] = n - have
            t = cat([t, t.new_zeros(pad)], a)
    return t


# ============================================================================================= torch's functions
def fftn(input, s=None, dim=None, norm=None):
    """The n-dim DFT over ``dim`` (all dims by default; the last len(s) with ``s``), input zero-padded or trimmed
    to ``s``. A real input is taken as complex."""
    z = _complex_input(input, "fftn")
    axes, sizes = _axes_sizes(z, s, dim, "fftn")
    return ComplexTensor(FftC2C.apply(z._parts, axes, sizes, False, _norm(norm)))


def ifftn(input, s=None, dim=None, norm=None):
    """The inverse of fftn (scaled by 1/n with the default norm)."""
    z = _complex_input(input, "ifftn")
    axes, sizes = _axes_sizes(z, s, dim, "ifftn")
    return ComplexTensor(FftC2C.apply(z._parts, axes, sizes, True, _norm(norm)))


def rfftn(input, s=None, dim=None, norm=None):
    """fftn of a real input, keeping the n//2+1 non-negative frequencies of the last transformed dim."""
    x = _real_input(input, "rfftn")
    axes, sizes = _axes_sizes(x, s, dim, "rfftn")
    return ComplexTensor(FftR2C.apply(x, axes, sizes, _norm(norm)))


def irfftn(input, s=None, dim=None, norm=None):
    """The inverse of rfftn: a real output whose last transformed dim has ``s[-1]`` points (default 2·(m-1) for
    m input bins)."""
    z = _complex_input(input, "irfftn")
    axes, sizes = _axes_sizes(z, s, dim, "irfftn", half=True)
    return FftC2R.apply(z._parts, axes, sizes, _norm(norm))


def _one_n(n, op):
    """The 1-d transforms' n as the n-d ones' s: there -1 keeps a dim's size, but n must be positive."""
    if n is None:
        return None
    _check_n(n, op)
    return (n,)


def fft(input, n=None, dim=-1, norm=None):
    return fftn(input, _one_n(n, "fft"), (dim,), norm)


def ifft(input, n=None, dim=-1, norm=None):
    return ifftn(input, _one_n(n, "ifft"), (dim,), norm)


def rfft(input, n=None, dim=-1, norm=None):
    return rfftn(_real_input(input, "rfft"), _one_n(n, "rfft"), (dim,), norm)


def irfft(input, n=None, dim=-1, norm=None):
    return irfftn(input, _one_n(n, "irfft"), (dim,), norm)


def fft2(input, s=None, dim=(-2, -1), norm=None):
    return fftn(input, s, dim, norm)


def ifft2(input, s=None, dim=(-2, -1), norm=None):
    return ifftn(input, s, dim, norm)


def rfft2(input, s=None, dim=(-2, -1), norm=None):
    return rfftn(input, s, dim, norm)


def irfft2(input, s=None, dim=(-2, -1), norm=None):
    return irfftn(input, s, dim, norm)


def hfft(input, n=None, dim=-1, norm=None):
    """The DFT of a Hermitian-symmetric signal given by its first half: a real output of n points (irfft of the
    conjugate, with the opposite direction's norm)."""
    return irfft(_complex_input(input, "hfft").conj(), n, dim, _DUAL[_norm(norm)])


def ihfft(input, n=None, dim=-1, norm=None):
    """The inverse of hfft: the conjugate of rfft with the opposite direction's norm."""
    return rfft(_real_input(input, "ihfft"), n, dim, _DUAL[_norm(norm)]).conj()


def hfftn(input, s=None, dim=None, norm=None):
    """hfft over several dims: irfftn of the conjugate, with the opposite direction's norm (the last dim real)."""
    return irfftn(_complex_input(input, "hfftn").conj(), s, dim, _DUAL[_norm(norm)])


def ihfftn(input, s=None, dim=None, norm=None):
    """The inverse of hfftn: the conjugate of rfftn with the opposite direction's norm."""
    return rfftn(_real_input(input, "ihfftn"), s, dim, _DUAL[_norm(norm)]).conj()


def hfft2(input, s=None, dim=(-2, -1), norm=None):
    return hfftn(input, s, dim, norm)


def ihfft2(input, s=None, dim=(-2, -1), norm=None):
    return ihfftn(input, s, dim, norm)


# --- frequencies and shifts
def fftshift(input, dim=None):
    """Roll the zero frequency to the centre of ``dim`` (all dims by default)."""
    dims = _dims(input, dim, "fftshift")
    return input.roll(tuple(input.shape[d] // 2 for d in dims), dims)


def ifftshift(input, dim=None):
    """The inverse of fftshift."""
    dims = _dims(input, dim, "ifftshift")
    return input.roll(tuple(-(input.shape[d] // 2) for d in dims), dims)


def fftfreq(n, d=1.0, *, dtype=None, layout=None, device=None, requires_grad=False):
    """The sample frequencies of fft's bins: [0, 1, ..., (n-1)//2, -(n//2), ..., -1] / (d·n)."""
    _check_n(n, "fftfreq", allow_zero=True)
    k = arange(n, dtype=dtype or dtypes.get_default_dtype(), device=device)
    k = cat([k[:(n + 1) // 2], k[(n + 1) // 2:] - n]) if n > 1 else k
    return (k * (1.0 / (n * d) if n else k)).requires_grad_(requires_grad)


def rfftfreq(n, d=1.0, *, dtype=None, layout=None, device=None, requires_grad=False):
    """The sample frequencies of rfft's bins: [0, 1, ..., n//2] / (d·n)."""
    _check_n(n, "rfftfreq", allow_zero=True)
    k = arange(n // 2 + 1, dtype=dtype or dtypes.get_default_dtype(), device=device)
    return (k * (1.0 / (n * d)) if n else k + float("nan")).requires_grad_(requires_grad)    # (n=0: torch's [nan])


# --- argument checks, with torch's messages
def _norm(norm):
    if norm is None:
        return "backward"
    if norm not in _DUAL:
        raise RuntimeError(f'Invalid normalization mode: "{norm}" (torch.fft: norm is None, "backward", "ortho" or '
                           '"forward")')
    return norm


def _check_n(n, op, allow_zero=False):
    if not isinstance(n, numbers.Integral) or n < (0 if allow_zero else 1):
        raise RuntimeError(f"Invalid number of data points ({n}) specified ({op}(): give a positive number)")


def _complex_input(input, op):
    if not isinstance(input, Tensor):
        raise TypeError(f"{op}(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}")
    return as_complex(input)


def _real_input(input, op):
    if not isinstance(input, Tensor):
        raise TypeError(f"{op}(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}")
    if input.dtype.is_complex:                  # (torch >= 2.15's TypeError; 2.13 raised RuntimeError)
        raise TypeError(f"{op} expects a real{'-valued' if op == 'rfftn' else ''} input tensor, but got "
                        f"{'ComplexFloat' if input.dtype == dtypes.complex64 else 'ComplexDouble'} ({op}(): "
                        "fft/fftn take a complex input)")
    return input if input.dtype.is_floating_point else input.float()


def _dims(input, dim, op):
    """``dim`` (an int, a sequence or None: all) as non-negative dims, checked as torch."""
    nd = input.ndim
    if nd == 0 and dim is not None:
        raise IndexError(f"Dimension specified as {dim if isinstance(dim, numbers.Integral) else dim[0]} but tensor "
                         f"has no dimensions ({op}(): a 0-d input has nothing to transform)")
    dims = list(range(nd)) if dim is None else [dim] if isinstance(dim, numbers.Integral) else list(dim)
    out = []
    for d in dims:
        if not -max(nd, 1) <= d < max(nd, 1):
            raise IndexError(f"Dimension out of range (expected to be in range of [{-max(nd, 1)}, {max(nd, 1) - 1}], "
                             f"but got {d}) ({op}(): input of shape {list(input.shape)})")
        out.append(d % max(nd, 1))
    if len(set(out)) != len(out):
        raise RuntimeError(f"FFT dims must be unique ({op}(): got dim={tuple(dims)})")
    return tuple(out)


def _axes_sizes(input, s, dim, op, half=False):
    """The transformed axes and their output sizes, from torch's ``s`` and ``dim`` (``half``: irfftn, whose last
    size defaults to 2·(m-1) for m input bins)."""
    if s is not None and isinstance(s, numbers.Integral):
        s = (s,)
    if dim is None and s is not None:
        dim = tuple(range(-len(s), 0))
    axes = _dims(input, dim, op)
    if s is not None and len(s) != len(axes):
        raise RuntimeError(f"When given, dim and shape arguments must have the same length ({op}(): s={tuple(s)}, "
                           f"dim={dim})")
    sizes = [input.shape[a] for a in axes]
    if half and axes:
        sizes[-1] = 2 * (sizes[-1] - 1)
    for i, n in enumerate(s or ()):
        if n != -1:
            sizes[i] = n
    for n in sizes:
        _check_n(n, op)
    return axes, tuple(sizes)
