"""Fractional max pooling (Graham, 2014, "Fractional Max-Pooling"): windows of a fixed size whose starts step
by a fractional amount, so the output can be any size between the input's and the input's over the window.
Each (sample, channel) plane draws its own offset u in [0, 1) per dim (``_random_samples``, (N, C, dims): W, H
for 2-d; T, H, W for 3-d); for an
input of n, an output of m and a window of k the starts are

    start[i] = floor((i + u) * alpha) - floor(u * alpha),  alpha = (n - k) / (m - 1),  and start[m-1] = n - k,

and each output is the max of its window, with the flat index of that max in the plane (as torch's)."""
from __future__ import annotations

import math

import numpy as np

from .. import backend, factories
from ..tensor import _wrap
from .module import Module


def _starts(u, n, m, k, dtype):
    """The window starts of one dim for every plane: u (planes,) -> (planes, m), in the input's float type."""
    if m == 1:
        return np.full((u.size, 1), n - k, dtype=np.int64)
    alpha = dtype.type(n - k) / dtype.type(m - 1)
    i = np.arange(m - 1, dtype=dtype)
    u = u.astype(dtype)[:, None]
    s = ((i + u) * alpha).astype(np.int64) - (u * alpha).astype(np.int64)
    return np.concatenate([s, np.full((u.shape[0], 1), n - k, dtype=np.int64)], axis=1)


def _fractional_max_pool(input, kernel_size, output_size, output_ratio, return_indices, _random_samples, dims):
    op = f"fractional_max_pool{dims}d"
    if input.ndim not in (dims + 1, dims + 2):
        raise RuntimeError(f"{op}(): expected {dims + 1}D or {dims + 2}D input, got {input.ndim}D of shape "
                           f"{tuple(input.shape)}")
    batched = input.ndim == dims + 2
    x = input if batched else input.unsqueeze(0)
    size_in = tuple(x.shape[2:])
    kernel = tuple(kernel_size) if isinstance(kernel_size, (tuple, list)) else (kernel_size,) * dims
    if output_size is None:
        if output_ratio is None:
            raise ValueError(f"{op} requires specifying either an output_size or an output_ratio")
        ratio = tuple(output_ratio) if isinstance(output_ratio, (tuple, list)) else (output_ratio,) * dims
        output_size = tuple(int(n * r) for n, r in zip(size_in, ratio))
    out = tuple(output_size) if isinstance(output_size, (tuple, list)) else (output_size,) * dims
    for n, m, k in zip(size_in, out, kernel):
        if m + k - 1 > n or (dims == 3 and m + k - 1 == n):     # (torch's 3-d check is strict, its 2-d one not)
            raise RuntimeError(f"{op}(): pool size {k} too large relative to input size {n} for an output of {m} "
                               f"(output + kernel - 1 must be {'<' if dims == 3 else '<='} the input size)")
    N, C = x.shape[0], x.shape[1]
    if _random_samples is None:
        _random_samples = factories.rand(N, C, dims, dtype=x.dtype, device=x.device)
    got = tuple(_random_samples.shape)
    if len(got) != 3 or got[0] < N or got[1] != C or got[2] != dims:        # (torch reads the first N samples)
        raise RuntimeError(f"{op}(): expected _random_samples of shape (>= {N}, {C}, {dims}) -- one offset in [0, 1) "
                           f"per sample, channel and pooled dim -- got {got}")
    u = backend.to_numpy(_random_samples._data)[:N].reshape(N * C, dims)
    if dims == 2:                      # (torch's 2-d kernel reads the width's sample first, the 3-d one time's)
        u = u[:, ::-1]
    starts = [_starts(u[:, d], n, m, k, np.dtype(x._data.dtype))
              for d, (n, m, k) in enumerate(zip(size_in, out, kernel))]
    # the flat position in the plane of every (output cell, window cell): (planes, *out, *kernel)
    flat = np.zeros((N * C,) + out + kernel, dtype=np.int64)
    stride = 1
    for d in reversed(range(dims)):
        pos = starts[d][(slice(None),) + (None,) * d + (slice(None),) + (None,) * (dims - 1 - d) + (None,) * dims]
        pos = pos + np.arange(kernel[d]).reshape((1,) * (dims + 1 + d) + (-1,) + (1,) * (dims - 1 - d))
        flat = flat + pos * stride
        stride *= size_in[d]
    idx = _wrap(backend.to_device(flat.reshape(N, C, -1), x.device))
    windows = x.reshape(N, C, -1).gather(2, idx).reshape(N, C, *out, math.prod(kernel))
    values, which = windows.max(-1)
    indices = idx.reshape(N, C, *out, math.prod(kernel)).gather(-1, which.unsqueeze(-1)).squeeze(-1)
    if not batched:
        values, indices = values.squeeze(0), indices.squeeze(0)
    return (values, indices) if return_indices else values


def fractional_max_pool2d(input, kernel_size, output_size=None, output_ratio=None, return_indices=False,
                          _random_samples=None):
    """Max over k x k windows at fractional strides (see the module's docstring); (N, C, H, W) or (C, H, W)."""
    return _fractional_max_pool(input, kernel_size, output_size, output_ratio, return_indices, _random_samples, 2)


def fractional_max_pool3d(input, kernel_size, output_size=None, output_ratio=None, return_indices=False,
                          _random_samples=None):
    """Max over k x k x k windows at fractional strides; (N, C, T, H, W) or (C, T, H, W)."""
    return _fractional_max_pool(input, kernel_size, output_size, output_ratio, return_indices, _random_samples, 3)


class _FractionalMaxPool(Module):
    def __init__(self, kernel_size, output_size=None, output_ratio=None, return_indices=False, _random_samples=None):
        super().__init__()
        if (output_size is None) == (output_ratio is None):
            raise ValueError(f"{type(self).__name__} requires specifying either an output size, or a pooling ratio")
        ratios = output_ratio if isinstance(output_ratio, (tuple, list)) else (output_ratio,)
        if output_ratio is not None and not all(0 < r < 1 for r in ratios):
            raise ValueError(f"output_ratio must be between 0 and 1 (got {output_ratio})")
        self.kernel_size, self.output_size, self.output_ratio = kernel_size, output_size, output_ratio
        self.return_indices, self._random_samples = return_indices, _random_samples

    def forward(self, input):
        return _fractional_max_pool(input, self.kernel_size, self.output_size, self.output_ratio,
                                    self.return_indices, self._random_samples, self.dims)


class FractionalMaxPool2d(_FractionalMaxPool):
    dims = 2


class FractionalMaxPool3d(_FractionalMaxPool):
    dims = 3
