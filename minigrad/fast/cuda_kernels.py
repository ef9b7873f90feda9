"""Fused CUDA kernels: one kernel where the readable array code in ``minigrad/ops`` launches one
small kernel per kernel position (or a dozen for a loss).

Each function returns ``None`` on the CPU and in reference mode; the op then runs its plain array
code, which is also what ``tests/test_fast_cuda.py`` checks these against on a GPU.
"""
from __future__ import annotations

import numpy as np

from ..backend import _cupy
from .switch import SWITCH

_KERNELS: dict = {}


def _kernel(key, make):
    k = _KERNELS.get(key)
    if k is None:
        k = _KERNELS[key] = make(_cupy())
    return k


def _on_gpu(arr):
    """Whether a fused kernel applies: a CUDA array, in normal mode."""
    return SWITCH.on and not isinstance(arr, np.ndarray)


_GEOMETRY = ("int32 H, int32 W, int32 KH, int32 KW, int32 SH, int32 SW, int32 PH, int32 PW, int32 DH, int32 DW, "
             "int32 OH, int32 OW")


def im2col(x, geo, flat):
    """The im2col columns of a (N, C, H, W) CUDA array (padding read as 0), in one kernel:
    (N, C*KH*KW, OH*OW), or (C*KH*KW, N*OH*OW) when ``flat``."""
    if not _on_gpu(x):
        return None
    cp = _cupy()
    k = _kernel("im2col", lambda cp: cp.ElementwiseKernel(
        "raw T x, int32 N, int32 C, int32 FLAT, " + _GEOMETRY, "T col",
        """
        int ow = i % OW; long long r = i / OW; int oh = r % OH; r /= OH;
        int n, c, kh, kw;
        if (FLAT) { n = r % N; r /= N; kw = r % KW; r /= KW; kh = r % KH; c = r / KH; }
        else      { kw = r % KW; r /= KW; kh = r % KH; r /= KH; c = r % C; n = r / C; }
        int h = oh * SH - PH + kh * DH, w = ow * SW - PW + kw * DW;
        col = (h >= 0 && h < H && w >= 0 && w < W) ? x[((long long)(n * C + c) * H + h) * W + w] : (T)0;
        """, "minigrad_im2col"))
    n, c, h, w = x.shape
    kk, ll = c * geo.kh * geo.kw, geo.oh * geo.ow
    out = cp.empty((kk, n * ll) if flat else (n, kk, ll), x.dtype)
    k(cp.ascontiguousarray(x), n, c, int(flat), h, w, geo.kh, geo.kw, geo.sh, geo.sw, geo.ph, geo.pw, geo.dh, geo.dw,
      geo.oh, geo.ow, out)
    return out


def col2im(cols, geo, x_shape, flat):
    """The adjoint of im2col: each pixel gathers the cols entries read from it (one thread per pixel)."""
    if not _on_gpu(cols):
        return None
    cp = _cupy()
    k = _kernel("col2im", lambda cp: cp.ElementwiseKernel(
        "raw T cols, int32 N, int32 C, int32 FLAT, " + _GEOMETRY, "T x",
        """
        int w = i % W; long long r = i / W; int h = r % H; r /= H; int c = r % C; int n = r / C;
        T acc = 0;
        for (int kh = 0; kh < KH; kh++) {
            int t = h + PH - kh * DH;
            if (t < 0 || t % SH) continue;
            int oh = t / SH; if (oh >= OH) continue;
            for (int kw = 0; kw < KW; kw++) {
                int u = w + PW - kw * DW;
                if (u < 0 || u % SW) continue;
                int ow = u / SW; if (ow >= OW) continue;
                long long k = (c * KH + kh) * KW + kw;
                acc += FLAT ? cols[((k * N + n) * OH + oh) * OW + ow]
                            : cols[(((long long)n * C * KH * KW + k) * OH + oh) * OW + ow];
            }
        }
        x = acc;
        """, "minigrad_col2im"))
    n, c, h, w = x_shape
    out = cp.empty(x_shape, cols.dtype)
    k(cp.ascontiguousarray(cols), n, c, int(flat), h, w, geo.kh, geo.kw, geo.sh, geo.sw, geo.ph, geo.pw, geo.dh,
      geo.dw, geo.oh, geo.ow, out)
    return out


def window_max(views):
    """(max, first position of the max) over K same-shaped strided views, in one kernel."""
    if not _on_gpu(views[0]):
        return None
    cp = _cupy()
    n = len(views)

    def make(cp):
        ins = ", ".join(f"T v{k}" for k in range(n))
        body = ["T m = v0;"]
        body += [f"if (v{k} > m || v{k} != v{k}) m = v{k};" for k in range(1, n)]   # NaN propagates
        # the first position holding the max = how many positions before it miss it (as on the CPU)
        body += ["int first = 0; bool missed = (v0 != m);"]
        body += [f"first += missed; missed = missed && (v{k} != m);" for k in range(1, n)]
        body += ["best = m; idx = first;"]
        return cp.ElementwiseKernel(ins, "T best, int32 idx", "\n".join(body), f"minigrad_window_max{n}")
    k = _kernel(("window_max", n), make)
    best = cp.empty(views[0].shape, views[0].dtype)
    idx = cp.empty(views[0].shape, np.int32)
    k(*views, best, idx)
    return best, idx


def window_scatter(g, idx, views):
    """views[k] = g where idx == k else 0, for non-overlapping windows, in one kernel."""
    if not _on_gpu(g):
        return None
    n = len(views)

    def make(cp):
        outs = ", ".join(f"T o{k}" for k in range(n))
        body = "\n".join(f"o{k} = (idx == {k}) ? g : (T)0;" for k in range(n))
        return cp.ElementwiseKernel("T g, int32 idx", outs, body, f"minigrad_window_scatter{n}")
    _kernel(("window_scatter", n), make)(g, idx, *views)
    return True


def axpy_(y, x, alpha):
    """y += alpha * x in place (one kernel on the GPU, where ``add_(x, alpha=...)`` is hot in optimizers)."""
    if not _on_gpu(y):
        return None
    k = _kernel("axpy", lambda cp: cp.ElementwiseKernel("T x, T a", "T y", "y += a * x", "minigrad_axpy"))
    k(x, y.dtype.type(alpha), y)
    return y


def cross_entropy(x, target, weight, ignore_index):
    """Per-row cross-entropy of (N, C) CUDA logits in one kernel (a thread per row): returns
    (loss, lse, w): the weighted losses, log Σ exp of each row, and each row's weight (0 if ignored)."""
    if not _on_gpu(x) or x.ndim != 2:
        return None
    cp = _cupy()
    k = _kernel("cross_entropy", lambda cp: cp.ElementwiseKernel(
        "raw T x, raw I target, raw T weight, int32 C, int64 ignore, int32 has_weight", "T loss, T lse, T w",
        """
        const long long base = (long long)i * C;
        T m = x[base];
        for (int c = 1; c < C; c++) { T v = x[base + c]; if (v > m || v != v) m = v; }
        T s = 0;
        for (int c = 0; c < C; c++) s += exp(x[base + c] - m);
        T l = m + log(s);
        long long t = target[i];
        if (t == ignore) { loss = 0; w = 0; }
        else { T wt = has_weight ? weight[t] : (T)1; loss = wt * (l - x[base + t]); w = wt; }
        lse = l;
        """, "minigrad_cross_entropy"))
    n, c = x.shape
    loss, lse, w = (cp.empty(n, x.dtype) for _ in range(3))
    k(cp.ascontiguousarray(x), target, weight if weight is not None else x, c, int(ignore_index),
      int(weight is not None), loss, lse, w)
    return loss, lse, w


def cross_entropy_backward(x, target, lse, w, scale, per_row):
    """d loss/d x = (softmax(x) - onehot(target)) · w · scale for (N, C) CUDA logits, in one kernel.
    ``scale`` is a 0-d array (mean/sum) or, with ``per_row``, one value per row (reduction='none')."""
    if not _on_gpu(x) or x.ndim != 2:
        return None
    cp = _cupy()
    k = _kernel("cross_entropy_backward", lambda cp: cp.ElementwiseKernel(
        "raw T x, raw I target, raw T lse, raw T w, raw T scale, int32 C, int32 per_row", "T g",
        """
        const long long row = i / C; const int c = i % C;
        T p = exp(x[i] - lse[row]) - (target[row] == c ? (T)1 : (T)0);
        g = p * w[row] * scale[per_row ? row : 0];
        """, "minigrad_cross_entropy_backward"))
    out = cp.empty(x.shape, x.dtype)
    k(cp.ascontiguousarray(x), target, lse, w, scale, x.shape[1], int(per_row), out)
    return out
