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

``BiasedProduct`` is conv2d's ``w @ cols + bias`` as one node on the CPU: the bias goes in as one more
column of w against a row of ones that ``im2col`` leaves after the columns, so no pass adds it, and
the product that gives d/dw also gives d/dbias.
"""
from __future__ import annotations

import threading
import weakref

import numpy as np

from ..autograd.function import Op
from ..autograd.grad_mode import STATE
from ..tensor import _wrap
from . import cuda_kernels
from .switch import SWITCH

_WITH_ONES = weakref.WeakValueDictionary()     # id -> the (N, K + 1, L) buffers im2col left a ones row in
_ONES_ROW = threading.local()                  # .wanted: biased_conv is asking im2col for that row


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
    reference mode). Asked by ``biased_conv``, the columns are a view of a buffer with one more row
    of ones per image, for ``BiasedProduct`` to add the bias inside the matrix product."""
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
        planes, (n, c, geo.kh, geo.kw, size), (c * s0, s0, geo.dh * w * s1, geo.dw * s1, s1), writeable=False)
    ones = getattr(_ONES_ROW, "wanted", False)
    buffer = np.empty((n, c * kk + ones, size), x.dtype)
    cols = buffer[:, :c * kk]
    np.copyto(cols.reshape(n, c, geo.kh, geo.kw, size), shifted)
    rows = cols.reshape(n, c, geo.kh, geo.kw, h, w)
    for j in range(geo.kw):
        _zero_wrapped(rows[:, :, :, j], j * geo.dw - geo.pw)
    if ones:
        buffer[:, c * kk] = 1
        _WITH_ONES[id(buffer)] = buffer
    return cols


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
    gx = None
    for j in _centre_first(geo.kw, geo.dw, geo.pw):
        dc = j * geo.dw - geo.pw
        acc = None                                      # the column's planes, shifted by rows only
        for i in _centre_first(geo.kh, geo.dh, geo.ph):
            acc = _add_shifted(acc, src[:, i * geo.kw + j], (i * geo.dh - geo.ph) * w)
        _zero_wrapped(acc.reshape(n * c, h, w), dc)
        gx = _add_shifted(gx, acc, dc)
    return gx.reshape(x_shape)


def _centre_first(k, d, p):
    """Kernel positions 0..k-1, the unshifted one (i·d == p) first if there is one."""
    return sorted(range(k), key=lambda i: i * d != p)


def _add_shifted(acc, planes, s):
    """acc[:, q + s] += planes[:, q] wherever both are inside the plane; ``acc`` None: a new array
    (a copy when s is 0)."""
    if acc is None:
        if s == 0:
            return planes.copy()
        acc = np.zeros(planes.shape, planes.dtype)
    size = planes.shape[1]
    lo, hi = max(0, -s), min(size, size - s)
    acc[:, lo + s:hi + s] += planes[:, lo:hi]
    return acc


def _ones_row(cols):
    """The (N, K + 1, L) buffer whose first K rows are ``cols`` and whose last row is ones, if ``cols``
    came from ``im2col`` above; else None."""
    base = cols.base
    if base is None or _WITH_ONES.get(id(base)) is not base or base.shape[1] != cols.shape[1] + 1:
        return None
    return base if cols.__array_interface__["data"][0] == base.__array_interface__["data"][0] else None


class BiasedProduct(Op):
    """out = w @ cols + bias (bias per output channel, over every image and column), for conv2d.
    d/dw = Σ_images g @ colsᵀ,  d/dcols = wᵀ @ g,  d/dbias = Σ g over images and columns.

    The reference is conv2d's ``w @ cols`` then ``+ bias``: two ops, a pass to add the bias and one
    to sum its gradient. Here, when ``cols`` has a row of ones after it (``im2col`` above), the bias
    is one more column of ``w``: the product adds it, and the product that gives d/dw gives d/dbias."""

    @staticmethod
    def forward(ctx, w, cols, bias):
        need_w, need_cols, need_bias = ctx.needs_input_grad
        ones = _ones_row(cols)
        ctx.ones = ones if (need_w or need_bias) else None
        ctx.cols_in_graph = need_cols       # (backward's needs_input_grad may be pruned: keep this one)
        ctx.save_for_backward(w if need_cols else None, cols if need_w else None)
        if ones is None:
            out = w @ cols
            out += bias.reshape(-1, 1)
            return out
        return np.concatenate([w, bias.reshape(-1, 1)], axis=1) @ ones

    @staticmethod
    def backward(ctx, g):
        w, cols = ctx.saved_tensors
        need_w, need_cols, need_bias = ctx.needs_input_grad
        if ctx.ones is not None and not (ctx.cols_in_graph and STATE.enabled):
            # cols is a constant (or nothing is recorded): d/dw and d/dbias from one product with [cols; 1]
            both = (g @ _wrap(ctx.ones).mT).sum(0)
            k = both.shape[1] - 1
            gw, gbias = (both[:, :k] if need_w else None), (both[:, k] if need_bias else None)
        else:
            gw, gbias = ((g @ cols.mT).sum(0) if need_w else None), (g.sum((0, 2)) if need_bias else None)
        return gw, (w.mT @ g if need_cols else None), gbias     # (d/dcols last: col2im reads it next)


def biased_conv(im2col_op, x, weight, bias, geo, groups):
    """conv2d's columns and ``weight @ cols + bias`` as one ``BiasedProduct`` node, shaped (N, OC, L),
    with ``im2col_op`` (conv.py's Im2col) making the columns with a ones row after them: in normal mode
    on the CPU, for a bias of the weight's dtype and no groups. ``None`` otherwise."""
    if (not SWITCH.on or bias is None or groups != 1 or x._data.__class__ is not np.ndarray
            or bias.dtype != weight.dtype or x.dtype != weight.dtype):
        return None
    _ONES_ROW.wanted = True             # (only here: unfold and double backward get plain contiguous columns)
    try:
        cols = im2col_op.apply(x, geo, False)
    finally:
        _ONES_ROW.wanted = False
    return BiasedProduct.apply(weight.reshape(weight.shape[0], -1), cols, bias)
