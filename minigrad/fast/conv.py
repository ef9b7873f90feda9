"""The convolution's layouts: the GPU's flat columns, and whole-plane shifts for a 'same' convolution.

The reference im2col lays the columns out per image, (N, C·KH·KW, OH·OW), and the convolution is
one batched product (OC, K) @ (N, K, OH·OW) -- what NumPy's BLAS does best on the CPU. On the GPU one
big product (OC, K) @ (K, N·OH·OW) is faster: the "flat" layout, made by the fused im2col kernel.

On the CPU the reference Im2col and Col2im move (N, C, OH, OW) blocks whose rows are OW long: NumPy
then spends its time starting short inner loops, not moving numbers. When the output has the input's
size (stride 1, padding (k-1)·d/2: a 3x3 kernel with padding 1), kernel position (i, j) reads the
pixel at a fixed offset s = (i·d - p)·W + (j·d - p) in the flattened H·W plane; so each position is one
copy (or add) of whole planes shifted by s, after zeroing the column that would wrap round to the
next row. ``im2col`` and ``col2im`` below do that, and give the reference's numbers (col2im adds in
another order: equal up to rounding).
"""
from __future__ import annotations

import numpy as np

from . import cuda_kernels
from .switch import SWITCH


def use_flat_layout(x, groups) -> bool:
    """Whether conv2d of the tensor ``x`` uses the flat layout: normal mode, a GPU, no groups."""
    return SWITCH.on and groups == 1 and x.device.type == "cuda"


def cols_to_flat(cols):
    """(N, K, L) columns -> (K, N·L): the flat layout, for a GPU whose fused kernel was switched off."""
    n, k, l = cols.shape
    return cols.transpose(1, 0, 2).reshape(k, n * l)


def cols_from_flat(cols, n):
    """(K, N·L) -> (N, K, L): the per-image layout again."""
    k = cols.shape[0]
    return cols.reshape(k, n, -1).transpose(1, 0, 2)


def _plane_shifts(geo, arr, flat):
    """Whether the shifted-plane code applies: normal mode, a NumPy array, the per-image layout, and
    an output of the input's size (stride 1, padding smaller than the image)."""
    return (SWITCH.on and arr.__class__ is np.ndarray and not flat and geo.sh == 1 and geo.sw == 1
            and geo.oh == geo.h and geo.ow == geo.w and geo.ph < geo.h and geo.pw < geo.w
            and not (geo.eh or geo.ew))


def _zero_wrapped(rows, dc):
    """Zero the columns of ``rows`` (a view [..., H, W]) that a column shift by ``dc`` would wrap
    into the neighbouring row: the first -dc columns, or the last dc."""
    if dc < 0:
        rows[..., :-dc] = 0
    elif dc > 0:
        rows[..., rows.shape[-1] - dc:] = 0


def im2col(x, geo, flat):
    """Im2col's columns: one CUDA kernel on a GPU; on the CPU, for an output of the input's size, one
    copy of a strided view that reads every kernel position's shifted plane from the planes with
    zeros before and after them, then the wrapped columns zeroed. ``None`` otherwise (or in
    reference mode)."""
    fused = cuda_kernels.im2col(x, geo, flat)
    if fused is not None or not _plane_shifts(geo, x, flat):
        return fused
    n, c, h, w = x.shape
    size, kk = h * w, geo.kh * geo.kw
    margin = geo.ph * w + geo.pw                          # the most a shift reaches before or after a plane
    planes = np.zeros((n * c, size + 2 * margin), x.dtype)
    planes[:, margin:margin + size] = x.reshape(n * c, size)
    s0, s1 = planes.strides
    shifted = np.lib.stride_tricks.as_strided(       # [plane, i, j, q] = pixel q + (i·d - p)·W + (j·d - p)
        planes, (n * c, geo.kh, geo.kw, size), (s0, geo.dh * w * s1, geo.dw * s1, s1), writeable=False)
    cols = np.ascontiguousarray(shifted)
    rows = cols.reshape(n * c, geo.kh, geo.kw, h, w)
    for j in range(geo.kw):
        _zero_wrapped(rows[:, :, j], j * geo.dw - geo.pw)
    return cols.reshape(n, c * kk, size)


def col2im(cols, geo, x_shape, flat):
    """Col2im (the adjoint of im2col): one CUDA kernel on a GPU; on the CPU, for an output of the
    input's size, shifted adds of whole planes: per kernel column j, the row-shifted planes of its
    positions are summed, the wrapping column zeroed, and the sum added shifted by j. ``None``
    otherwise (or in reference mode)."""
    fused = cuda_kernels.col2im(cols, geo, x_shape, flat)
    if fused is not None or not _plane_shifts(geo, cols, flat):
        return fused
    n, c, h, w = x_shape
    size = h * w
    src = cols.reshape(n * c, geo.kh * geo.kw, size)
    gx = np.zeros((n * c, size), cols.dtype)
    for j in range(geo.kw):
        dc = j * geo.dw - geo.pw
        acc = gx if dc == 0 else np.zeros_like(gx)       # shifted by rows only, then by dc
        for i in range(geo.kh):
            s = (i * geo.dh - geo.ph) * w
            lo, hi = max(0, -s), min(size, size - s)
            acc[:, lo + s:hi + s] += src[:, i * geo.kw + j, lo:hi]
        if dc:
            _zero_wrapped(acc.reshape(n * c, h, w), dc)
            lo, hi = max(0, -dc), min(size, size - dc)
            gx[:, lo + dc:hi + dc] += acc[:, lo:hi]
    return gx.reshape(x_shape)
