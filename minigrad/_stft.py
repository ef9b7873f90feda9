"""``torch.stft`` / ``torch.istft``: the short-time Fourier transform and its inverse, as audio programs use them.

Both are compositions of differentiable ops, so their gradients come from those ops:

    stft:  pad the signal (``center``), cut it into frames of ``n_fft`` every ``hop_length`` samples
           (``Tensor.unfold``), multiply each frame by the window, take the DFT of each frame (``fft.rfft``, or
           ``fft.fft`` for the two-sided spectrum); out[..., freq, frame].
    istft: the inverse DFT of each frame, times the window, overlap-added (``fold``), divided by the overlap-added
           squared window (the envelope), then the ``center`` padding cut off (or the signal cut / zero-padded to
           ``length``).

The window (default: ones) shorter than ``n_fft`` is zero-padded on both sides, as torch. Real signals only.
"""
from __future__ import annotations

import warnings

from . import fft as _fft
from ._complex import ComplexTensor, view_as_real
from .factories import ones, zeros
from .ops.convnd import fold
from .ops.shape import cat
from .tensor import Tensor

__all__ = ["stft", "istft"]


def _full_window(window, win_length, n_fft, like, op):
    """The window as n_fft samples: ones(win_length) when None, zero-padded on both sides (left (n_fft-w)//2)."""
    if window is None:
        window = ones(win_length, dtype=like.dtype, device=like.device)
    elif window.dim() != 1 or window.shape[0] != win_length:
        raise RuntimeError(f"{op}: expected a 1D window tensor of size equal to win_length={win_length}, but got "
                           f"window with size {list(window.shape)}")
    left = (n_fft - win_length) // 2
    if left or n_fft - win_length - left:
        pad = (zeros(left, dtype=window.dtype, device=window.device),
               zeros(n_fft - win_length - left, dtype=window.dtype, device=window.device))
        window = cat([pad[0], window, pad[1]])
    return window


def _lengths(n_fft, hop_length, win_length, op):
    hop = n_fft // 4 if hop_length is None else hop_length
    win = n_fft if win_length is None else win_length
    if hop <= 0:
        raise RuntimeError(f"{op}: expected hop_length > 0, but got hop_length={hop}")
    if not 0 < win <= n_fft:
        raise RuntimeError(f"{op}: expected 0 < win_length <= n_fft, but got win_length={win}")
    return hop, win


def stft(input, n_fft, hop_length=None, win_length=None, window=None, center=True, pad_mode="reflect",
         normalized=False, onesided=None, return_complex=None):
    """Spectrum of each frame of a 1-D signal or a (batch, time) batch: complex (batch?, freqs, frames).
    out[f, t] = sum_k window[k] x[t*hop + k] exp(-2 pi i f k / n_fft), times n_fft**-0.5 when ``normalized``."""
    if isinstance(input, ComplexTensor) or (window is not None and isinstance(window, ComplexTensor)):
        raise NotImplementedError("stft(): minigrad takes real signals and windows only; for a complex signal "
                                  "take the real and imaginary parts' stft (torch.view_as_real)")
    if return_complex is None:
        raise RuntimeError("stft requires the return_complex parameter be given for real inputs, and will further "
                           "require that return_complex=True in a future PyTorch release.")
    if input.dim() not in (1, 2):
        raise RuntimeError(f"stft: expected a 1D or 2D tensor, but got a tensor of shape {list(input.shape)}")
    hop, win = _lengths(n_fft, hop_length, win_length, "stft")
    if window is None:
        warnings.warn("A window was not provided. A rectangular window will be applied,which is known to cause "
                      "spectral leakage. Other windows such as torch.hann_window or torch.hamming_window are "
                      "recommended to reduce spectral leakage.To suppress this warning and use a rectangular "
                      "window, explicitly set `window=torch.ones(n_fft, device=<device>)`.", UserWarning, stacklevel=2)
    x = input if input.dim() == 2 else input.unsqueeze(0)
    if center:
        from .nn.functional import pad
        x = pad(x.unsqueeze(0), (n_fft // 2, n_fft // 2), mode=pad_mode).squeeze(0)
    if not 0 < n_fft <= x.shape[-1]:
        raise RuntimeError(f"stft: expected 0 < n_fft <= {x.shape[-1]} (the padded signal's length), but got "
                           f"n_fft={n_fft}")
    frames = x.unfold(-1, n_fft, hop) * _full_window(window, win, n_fft, input, "stft")   # (batch, frames, n_fft)
    spectrum = _fft.rfft(frames, dim=-1) if onesided is None or onesided else _fft.fft(frames, dim=-1)
    if normalized:
        spectrum = spectrum * n_fft ** -0.5
    out = spectrum.transpose(-1, -2)
    out = out if input.dim() == 2 else out.squeeze(0)
    if not return_complex:
        warnings.warn("stft with return_complex=False is deprecated. In a future pytorch release, stft will return "
                      "complex tensors for all inputs, and return_complex=False will raise an error.\nNote: you can "
                      "still call torch.view_as_real on the complex output to recover the old return format.",
                      UserWarning, stacklevel=2)
        return view_as_real(out)
    return out


def istft(input, n_fft, hop_length=None, win_length=None, window=None, center=True, normalized=False,
          onesided=None, length=None, return_complex=False):
    """The signal whose ``stft`` is ``input`` (complex (batch?, freqs, frames)), by windowed overlap-add."""
    if not isinstance(input, ComplexTensor):
        raise TypeError("istft requires a complex-valued input tensor matching the output from stft with "
                        "return_complex=True.")
    if return_complex:
        raise NotImplementedError("istft(return_complex=True): minigrad gives real signals only")
    if input.dim() not in (2, 3):
        raise RuntimeError(f"istft: expected a tensor with 2 or 3 dimensions of complex, but got "
                           f"{input.dim()}")
    hop, win = _lengths(n_fft, hop_length, win_length, "istft")
    if window is None:
        warnings.warn("A window was not provided. A rectangular window will be applied.Please provide the same "
                      "window used by stft to make the inversion lossless.To suppress this warning and use a "
                      "rectangular window, explicitly set `window=torch.ones(n_fft, device=<device>)`.", UserWarning,
                      stacklevel=2)
    spec = input if input.dim() == 3 else input.unsqueeze(0)
    n_frames = spec.shape[-1]
    onesided = spec.shape[-2] != n_fft if onesided is None else onesided
    expected = n_fft // 2 + 1 if onesided else n_fft
    if spec.shape[-2] != expected:
        raise RuntimeError(f"istft: expected the frequency dimension (3rd to the last) of the input tensor to match "
                           f"n_fft / 2 + 1 when onesided=True, but got {spec.shape[-2]}" if onesided else
                           f"istft: expected the frequency dimension (3rd to the last) of the input tensor to match "
                           f"n_fft when onesided=False, but got {spec.shape[-2]}")
    spec = spec.transpose(-1, -2)                                                        # (batch, frames, freqs)
    if normalized:
        spec = spec * n_fft ** 0.5
    frames = _fft.irfft(spec, n=n_fft, dim=-1) if onesided else _fft.ifft(spec, dim=-1).real
    w = _full_window(window, win, n_fft, frames, "istft")
    total = n_fft + hop * (n_frames - 1)

    def overlap_add(f):                                      # (batch, frames, n_fft) -> (batch, total)
        return fold(f.transpose(1, 2), (1, total), (1, n_fft), stride=(1, hop)).reshape(f.shape[0], total)
    y = overlap_add(frames * w)
    envelope = overlap_add((w * w).detach().expand(1, n_frames, n_fft))[0]
    start = n_fft // 2 if center else 0
    end = total if length is None and not center else (total - n_fft // 2 if length is None else start + length)
    end = min(end, total)
    y, envelope = y[:, start:end], envelope[start:end]
    if envelope.numel() and float(envelope.abs().min()) < 1e-11:
        raise RuntimeError("istft: window overlap add min: the window's squares, overlap-added, are zero somewhere "
                           "(the nonzero overlap-add constraint); use a window and hop_length that overlap")
    y = y / envelope
    if length is not None and y.shape[-1] < length:
        warnings.warn("The length of signal is shorter than the length parameter. Result is being padded with zeros "
                      "in the tail. Please check your center and hop_length settings.", UserWarning, stacklevel=2)
        y = cat([y, zeros(y.shape[0], length - y.shape[-1], dtype=y.dtype, device=y.device)], dim=-1)
    return y if input.dim() == 3 else y.squeeze(0)


Tensor.stft = stft
Tensor.istft = istft
