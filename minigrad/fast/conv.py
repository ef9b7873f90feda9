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

``BiasedConv`` is conv2d on the CPU as one node: the columns, ``w @ cols + bias`` and, in the backward,
d/dx, d/dw and d/dbias. The bias goes in as one more column of w against a row of ones left after the
columns, so no pass adds it, and the product that gives d/dw also gives d/dbias. d/dx (col2im of
wᵀ @ g) is made a few images at a time: each block of wᵀ @ g is summed into its pixels while it is still
in the CPU's cache, instead of writing all of it out and reading it back; the forward's product reads
each block of columns just made, the same way.
"""
from __future__ import annotations

import numpy as np

from ..autograd.function import Op
from ..autograd.grad_mode import STATE
from ..tensor import _wrap
from . import cuda_kernels, parallel
from .switch import SWITCH

_CHUNK_BYTES = 1 << 20      # BiasedConv: columns (forward) and wᵀ @ g (d/dx) for as many images as fill ~1 MiB


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
    return _shifted_columns(x, geo, 0)


def _shifted_columns(x, geo, extra):
    """im2col's CPU columns as an (N, C·KH·KW + extra, H·W) buffer, the ``extra`` rows left unset."""
    n, c, h, w = x.shape
    buffer = np.empty((n, c * geo.kh * geo.kw + extra, h * w), x.dtype)
    _fill_columns(x, geo, buffer[:, :buffer.shape[1] - extra])
    return buffer


def _fill_columns(x, geo, cols):
    """Write im2col's columns of ``x`` into ``cols``, a (N, C·KH·KW, H·W) view with contiguous rows."""
    n, c, h, w = x.shape
    size = h * w
    margin = geo.ph * w + geo.pw                          # the most a shift reaches before or after a plane
    planes = np.zeros((n * c, size + 2 * margin), x.dtype)
    planes[:, margin:margin + size] = x.reshape(n * c, size)
    s0, s1 = planes.strides
    shifted = np.lib.stride_tricks.as_strided(       # [plane, i, j, q] = pixel q + (i·d - p)·W + (j·d - p)
        planes, (n, c, geo.kh, geo.kw, size), (c * s0, s0, geo.dh * w * s1, geo.dw * s1, s1), writeable=False)
    np.copyto(cols.reshape(n, c, geo.kh, geo.kw, size), shifted)
    rows = cols.reshape(n, c, geo.kh, geo.kw, h, w)
    for j in range(geo.kw):
        _zero_wrapped(rows[:, :, :, j], j * geo.dw - geo.pw)


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
        gx = acc if gx is None and dc == 0 else _add_shifted(gx, acc, dc)   # (the centre column's sum: a new array)
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


class BiasedConv(Op):
    """conv2d as one node: out = w @ cols + bias, cols = Im2col(x) (per image, (N, C·KH·KW, OH·OW)).
    d/dx = Col2im(wᵀ @ g),  d/dw = Σ_images g @ colsᵀ,  d/dbias = Σ g over images and columns.

    The reference is conv2d's Im2col, ``w @ cols`` and ``+ bias``: three nodes, a pass to add the bias,
    one to sum its gradient, and wᵀ @ g for the whole batch written out before Col2im reads it back.
    Here, for a 'same' convolution (the shifted-plane columns above), cols has a row of ones after it
    and the bias is one more column of w; d/dx is made ``_CHUNK_BYTES`` of wᵀ @ g at a time. ``ops``
    is (Im2col, Col2im) of ops/conv.py: their array code for other geometries, and the graph when the
    backward itself is recorded (create_graph=True)."""
    torch_name = "ConvolutionBackward0"

    @staticmethod
    def forward(ctx, x, w, bias, geo, ops):
        need_x, need_w, need_bias = ctx.needs_input_grad[:3]
        ctx.geo, ctx.ops, ctx.x_shape, ctx.w_shape = geo, ops, x.shape, w.shape
        n, oc = x.shape[0], w.shape[0]
        w2 = w.reshape(oc, -1)
        if _plane_shifts(geo, x, False):
            # [cols; 1] and [w, bias] @ it, a block of images at a time: the product reads each block
            # of columns while it is still in the cache
            buffer = np.empty((n, w2.shape[1] + 1, geo.oh * geo.ow), x.dtype)
            buffer[:, -1] = 1
            wb = np.concatenate([w2, bias.reshape(-1, 1)], axis=1)
            out = np.empty((n, oc, geo.oh * geo.ow), np.result_type(wb, buffer))
            step = _images_per_block(buffer[0])

            def fill_and_multiply(lo, hi):          # images lo..hi-1 (the two halves of the batch: parallel.py)
                for start in range(lo, hi, step):
                    block = slice(start, min(start + step, hi))
                    _fill_columns(x[block], geo, buffer[block, :-1])
                    np.matmul(wb, buffer[block], out=out[block])
            parallel.halves(fill_and_multiply, n, buffer.nbytes)
        else:
            buffer = None
            cols = ops[0].forward(_Scratch(), x, geo, False)
            out = w2 @ cols
            out += bias.reshape(-1, 1)
        ctx.ones = buffer is not None
        # x for the recorded backward's Im2col (torch keeps the input for d/dw too), w for d/dx, the columns
        ctx.save_for_backward(x if need_w else None, w if need_x else None,
                              (cols if buffer is None else buffer) if (need_w or need_bias) else None)
        return out.reshape(n, oc, geo.oh, geo.ow)

    @staticmethod
    def backward(ctx, g):
        x, w, cols = ctx.saved_tensors
        need_x, need_w, need_bias = ctx.needs_input_grad[:3]
        n, oc = g.shape[:2]
        if STATE.enabled:       # create_graph: the reference's formulas on tensors, recorded
            return _recorded_backward(ctx, g.reshape(n, oc, -1), x, w, need_x, need_w, need_bias)
        g3 = g._data.reshape(n, oc, -1)
        gw = gbias = None
        if need_w or need_bias:
            if ctx.ones:        # [cols; 1]: d/dw and d/dbias from one product
                both = _image_products(g3, cols._data).sum(0)
                gw, gbias = both[:, :-1], both[:, -1]
            else:
                gw = _image_products(g3, cols._data).sum(0) if need_w else None
                gbias = g3.sum((0, 2)) if need_bias else None
        gx = _input_gradient(ctx, g3, w._data) if need_x else None
        return (_wrap(gx) if need_x else None, _wrap(gw.reshape(ctx.w_shape)) if need_w else None,
                _wrap(gbias) if need_bias else None, None, None)


def _images_per_block(image):
    """How many images' arrays of ``image``'s size make ~``_CHUNK_BYTES`` (at least one)."""
    return max(1, _CHUNK_BYTES // image.nbytes)


class _Scratch:
    """A stand-in ``ctx`` for calling an op's forward on arrays (its attributes are not needed)."""


def _image_products(g3, cols):
    """g @ colsᵀ for each image, (N, OC, K): the two halves of the batch on two threads (parallel.py)."""
    cols_t = cols.swapaxes(1, 2)
    out = np.empty(g3.shape[:2] + cols_t.shape[2:], np.result_type(g3, cols))
    parallel.halves(lambda lo, hi: np.matmul(g3[lo:hi], cols_t[lo:hi], out=out[lo:hi]), g3.shape[0], cols.nbytes)
    return out


def _input_gradient(ctx, g3, w):
    """Col2im(wᵀ @ g), a block of images at a time (the two halves of the batch on two threads)."""
    n = g3.shape[0]
    wt = w.reshape(w.shape[0], -1).T
    image_bytes = wt.shape[0] * g3.shape[2] * g3.itemsize                        # (an image of wᵀ @ g)
    step = max(1, _CHUNK_BYTES // image_bytes)
    geo, col2im_op, x_shape = ctx.geo, ctx.ops[1], ctx.x_shape
    if step >= n and not parallel.worth_it(n, n * image_bytes):
        return col2im_op.forward(_Scratch(), wt @ g3, geo, x_shape, False)
    gx = np.empty(x_shape, g3.dtype)

    def blocks(lo, hi):
        for start in range(lo, hi, step):
            stop = min(start + step, hi)
            gx[start:stop] = col2im_op.forward(_Scratch(), wt @ g3[start:stop], geo, (stop - start,) + x_shape[1:],
                                               False)
    parallel.halves(blocks, n, n * image_bytes)
    return gx


def _recorded_backward(ctx, g3, x, w, need_x, need_w, need_bias):
    """The backward as tensor ops while a graph is recorded (double backward): the reference's conv2d."""
    im2col_op, col2im_op = ctx.ops
    w2 = w.reshape(w.shape[0], -1) if w is not None else None
    gx = col2im_op.apply(w2.mT @ g3, ctx.geo, ctx.x_shape, False) if need_x else None
    gw = (g3 @ im2col_op.apply(x, ctx.geo, False).mT).sum(0).reshape(ctx.w_shape) if need_w else None
    gbias = g3.sum((0, 2)) if need_bias else None
    return gx, gw, gbias, None, None


def biased_conv(ops, x, weight, bias, geo, groups):
    """conv2d of (N, C, H, W) ``x`` as one ``BiasedConv`` node, shaped (N, OC, OH, OW): in normal mode on
    the CPU, for a bias of the weight's dtype and no groups. ``ops``: (Im2col, Col2im) of ops/conv.py.
    ``None`` otherwise."""
    if (not SWITCH.on or bias is None or groups != 1 or x._data.__class__ is not np.ndarray
            or bias.dtype != weight.dtype or x.dtype != weight.dtype or x._data.shape[0] == 0):
        return None                      # (an empty batch: the reference path's empty result)
    return BiasedConv.apply(x, weight, bias, geo, ops)
