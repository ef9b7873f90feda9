"""Max pooling over windows that tile the input (kernel == stride, no padding, dilation 1: the usual
2x2 pool with stride 2), on the CPU.

The reference ``_window_max`` (ops/conv.py) works on one (N, C, OH, OW) view per kernel position;
each of those views reads every kw-th number of rows that are OW long, so NumPy spends its time
starting short inner loops. Here the windows are copied once into contiguous planes, one per kernel
position, (KH·KW, N·C·OH·OW): the max and the first position holding it are then long contiguous
passes. The backward writes each position's gradient once (the windows do not overlap), straight
into a new array.

Same numbers as the reference, with torch's rules: the first position wins on ties. Where the
reference needs its slower code, these decline (return ``None``): a window holding NaN (torch puts
the gradient at its last NaN), an upstream gradient holding inf or NaN (g · 0 would reach the losing
positions), and always in reference mode.
"""
from __future__ import annotations

import numpy as np

from . import parallel
from .switch import SWITCH


def tiles(geo) -> bool:
    """Whether the pooling windows tile the input: kernel == stride, no padding (nor ceil_mode's extra
    rows), dilation 1. Rows and columns past the last whole window are left out, as the reference does."""
    return (geo.sh == geo.kh and geo.sw == geo.kw and geo.dh == 1 and geo.dw == 1
            and not (geo.ph or geo.pw or geo.eh or geo.ew) and geo.kh * geo.kw <= 127)


def _windows(x, geo):
    """The (N, C, OH, KH, OW, KW) view of x's windows (always a view: gradients are written into it)."""
    n, c = x.shape[:2]
    s0, s1, s2, s3 = x.strides
    return np.lib.stride_tricks.as_strided(x, (n, c, geo.oh, geo.kh, geo.ow, geo.kw),
                                           (s0, s1, s2 * geo.kh, s2, s3 * geo.kw, s3))


def window_max(x, geo):
    """``(best, idx)`` as ``_window_max`` gives them (the max of every window, and the kernel position
    of its first occurrence as int8), for a float NumPy array whose windows tile it. ``None`` when that
    does not apply, when a window holds NaN, or in reference mode."""
    if not SWITCH.on or x.__class__ is not np.ndarray or x.dtype.kind != "f" or not tiles(geo):
        return None
    n, c = x.shape[:2]
    k = geo.kh * geo.kw
    best = np.empty((n, c, geo.oh, geo.ow), x.dtype)
    idx = np.zeros(best.shape, np.int8)         # how many positions before the first one holding the max

    def images(lo, hi):                         # (the two halves of the batch on two threads: parallel.py)
        planes = np.ascontiguousarray(_windows(x[lo:hi], geo).transpose(3, 5, 0, 1, 2, 4)).reshape(k, -1)
        b, i = best[lo:hi].reshape(-1), idx[lo:hi].reshape(-1)
        planes.max(axis=0, out=b)
        missed = planes[0] != b
        for p in range(1, k):
            i += missed
            missed &= planes[p] != b
    parallel.halves(images, n, x.nbytes)
    if np.isnan(best).any():
        return None
    return best, idx


def unpool(g, idx, geo, x_shape):
    """MaxUnpool's forward: zeros of ``x_shape`` with each g at its window's winning position, written
    once per kernel position. ``None`` unless the windows tile the input and g is a finite float
    NumPy array, or in reference mode."""
    if not SWITCH.on or g.__class__ is not np.ndarray or g.dtype.kind != "f" or not tiles(geo) \
            or not np.isfinite(g).all():
        return None
    whole = x_shape[2] == geo.oh * geo.kh and x_shape[3] == geo.ow * geo.kw
    gx = np.empty(x_shape, g.dtype) if whole else np.zeros(x_shape, g.dtype)   # (every pixel written, or 0)
    windows = _windows(gx, geo)

    def images(lo, hi):                         # (the two halves of the batch on two threads: parallel.py)
        for i in range(geo.kh):
            for j in range(geo.kw):
                np.multiply(g[lo:hi], idx[lo:hi] == i * geo.kw + j, out=windows[lo:hi, :, :, i, :, j])
    parallel.halves(images, g.shape[0], gx.nbytes)
    return gx
