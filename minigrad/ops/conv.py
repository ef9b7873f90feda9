"""Convolution and pooling over (N, C, H, W) images.

conv2d is two steps, each an op you can read on one screen:

1. ``Im2col``: every receptive field of the (padded) input becomes a column. A strided *view* of the
   input already has the windows at shape (N, C, OH, OW, KH, KW) without copying; one copy lays them
   out as ``cols`` of shape (N, C·KH·KW, OH·OW).
2. One matrix product: ``weight`` reshaped to (OC, C·KH·KW) times ``cols`` gives (N, OC, OH·OW), which
   is the output once viewed as (N, OC, OH, OW).

The backward of the product is the usual pair of matmuls; the backward of ``Im2col`` is ``Col2im``:
each column's gradient is added back at the pixels it was read from, looping over the KH·KW kernel
positions (never over pixels or batch items). ``Col2im``'s own backward is ``Im2col`` again, so
second derivatives through a convolution work too.

Pooling uses the same strided windows. Max pooling sends each gradient to the position that won
(the first one on ties, as torch); average pooling spreads it evenly over the window.
"""
from __future__ import annotations

import numbers

import numpy as np

from .. import backend, factories, fast
from ..autograd.function import Op, named
from ..tensor import Tensor
from ._helpers import _TORCH_NAMES, bool_arg, int_arg, no_bool, tensor_args
from .pointwise import piecewise_grad
from .shape import cat


# ---------------------------------------------------------------------------------------------
# Geometry
# ---------------------------------------------------------------------------------------------
def pair(v, name, op):
    """An int or a pair of ints -> (h, w)."""
    if isinstance(v, numbers.Integral):
        return (int(v), int(v))
    if isinstance(v, (tuple, list)) and len(v) == 2 and all(isinstance(a, numbers.Integral) for a in v):
        return (int(v[0]), int(v[1]))
    if isinstance(v, (tuple, list)) and len(v) == 1 and isinstance(v[0], numbers.Integral):
        return (int(v[0]), int(v[0]))
    raise TypeError(f"{op}(): {name} must be an int or a pair of ints, got {v!r}")


def out_size(size, k, s, p, d, ceil_mode=False):
    """Output length of a sliding window: floor((size + 2p - d(k-1) - 1) / s) + 1."""
    span = size + 2 * p - d * (k - 1) - 1
    n = (-(-span // s) if ceil_mode else span // s) + 1
    if ceil_mode and (n - 1) * s >= size + p:      # the last window must start inside the input
        n -= 1
    return n


def _pad(x, ph, pw, value=0.0, extra_h=0, extra_w=0):
    if ph == 0 and pw == 0 and extra_h == 0 and extra_w == 0:
        return x
    xp = backend.array_module(x)
    n, c, h, w = x.shape
    out = xp.full((n, c, h + 2 * ph + extra_h, w + 2 * pw + extra_w), value, dtype=x.dtype)
    out[:, :, ph:ph + h, pw:pw + w] = x
    return out


def _windows(xpad, kh, kw, sh, sw, dh, dw, oh, ow):
    """A read-only view of every window: shape (N, C, OH, OW, KH, KW), no copy."""
    n, c = xpad.shape[:2]
    s0, s1, s2, s3 = xpad.strides
    return backend.as_strided(xpad, (n, c, oh, ow, kh, kw), (s0, s1, s2 * sh, s3 * sw, s2 * dh, s3 * dw))


def _window_slice(k, d, s, o):
    """Where kernel position k reads from, as a slice of the padded input."""
    start = k * d
    return slice(start, start + s * (o - 1) + 1, s)


class Geometry:
    """Everything that describes a sliding window over (H, W)."""
    __slots__ = ("kh", "kw", "sh", "sw", "ph", "pw", "dh", "dw", "oh", "ow", "h", "w", "eh", "ew")

    def __init__(self, h, w, kernel, stride, padding, dilation, ceil_mode=False):
        self.kh, self.kw = kernel
        self.sh, self.sw = stride
        self.ph, self.pw = padding
        self.dh, self.dw = dilation
        self.h, self.w = h, w
        self.oh = out_size(h, self.kh, self.sh, self.ph, self.dh, ceil_mode)
        self.ow = out_size(w, self.kw, self.sw, self.pw, self.dw, ceil_mode)
        # ceil_mode windows may run past the padded input: pad a little more on the bottom/right
        self.eh = max(0, (self.oh - 1) * self.sh + self.dh * (self.kh - 1) + 1 - (h + 2 * self.ph))
        self.ew = max(0, (self.ow - 1) * self.sw + self.dw * (self.kw - 1) + 1 - (w + 2 * self.pw))

    def pad(self, x, value=0.0):
        return _pad(x, self.ph, self.pw, value, self.eh, self.ew)

    def windows(self, xpad):
        return _windows(xpad, self.kh, self.kw, self.sh, self.sw, self.dh, self.dw, self.oh, self.ow)

    def slices(self):
        """(kernel index, slice into the padded input) for every kernel position."""
        for i in range(self.kh):
            for j in range(self.kw):
                yield i * self.kw + j, (slice(None), slice(None), _window_slice(i, self.dh, self.sh, self.oh),
                                        _window_slice(j, self.dw, self.sw, self.ow))

    def unpadded_slices(self):
        """For every kernel position k: where it reads in the *unpadded* input (rows, cols) and which
        output positions those are (src_rows, src_cols); reads that fall in the padding are left out."""
        def axis(k, d, s, o, p, size):
            first = k * d - p                               # input index read by output 0
            lo = max(0, -(-(-first) // s)) if first < 0 else 0      # first output that reads inside
            hi = min(o - 1, (size - 1 - first) // s)        # last output that reads inside
            if hi < lo:
                return None
            return slice(first + lo * s, first + hi * s + 1, s), slice(lo, hi + 1)
        for i in range(self.kh):
            r = axis(i, self.dh, self.sh, self.oh, self.ph, self.h)
            for j in range(self.kw):
                c = axis(j, self.dw, self.sw, self.ow, self.pw, self.w)
                if r is not None and c is not None:
                    yield i * self.kw + j, (r[0], r[1], c[0], c[1])

    def crop(self, xpad):
        """The unpadded part (a copy when there was padding, so the result owns its memory)."""
        if self.ph or self.pw or self.eh or self.ew:
            return xpad[:, :, self.ph:self.ph + self.h, self.pw:self.pw + self.w].copy()
        return xpad

    @property
    def overlapping(self):
        """Whether an input pixel can fall in more than one window."""
        return self.sh < self.dh * (self.kh - 1) + 1 or self.sw < self.dw * (self.kw - 1) + 1

    def padded_zeros(self, like, n, c):
        xp = backend.array_module(like)
        return xp.zeros((n, c, self.h + 2 * self.ph + self.eh, self.w + 2 * self.pw + self.ew), like.dtype)


# ---------------------------------------------------------------------------------------------
# Convolution
# ---------------------------------------------------------------------------------------------
class Im2col(Op):
    """cols[(c,kh,kw), (oh,ow)] = x_padded[c, oh·s + kh·d, ow·s + kw·d], for every image n.
    d/dx: each entry's gradient is added back to the pixel it was read from (Col2im)"""

    @staticmethod
    def forward(ctx, x, geo, flat):
        """cols of shape (N, C·KH·KW, OH·OW), or (C·KH·KW, N·OH·OW) when ``flat``."""
        ctx.geo, ctx.x_shape, ctx.flat = geo, x.shape, flat
        fused = fast.conv.im2col(x, geo, flat)    # normal mode: one CUDA kernel, or shifted planes (stride 1)
        if fused is not None:
            return fused
        n, c = x.shape[:2]
        win = geo.windows(geo.pad(x))                                  # (N, C, OH, OW, KH, KW) view
        cols = win.transpose(0, 1, 4, 5, 2, 3)                         # (N, C, KH, KW, OH, OW)
        cols = backend.array_module(x).ascontiguousarray(cols).reshape(n, c * geo.kh * geo.kw, geo.oh * geo.ow)
        return fast.conv.cols_to_flat(cols) if flat else cols          # flat: the GPU layout (fast/conv.py)

    @staticmethod
    def backward(ctx, g):
        return Col2im.apply(g, ctx.geo, ctx.x_shape, ctx.flat), None, None


class Col2im(Op):
    """x[n, c, pixel] = Σ of the cols entries read from that pixel (the adjoint of Im2col).
    d/dcols = Im2col of the incoming gradient"""

    @staticmethod
    def forward(ctx, cols, geo, x_shape, flat):
        ctx.geo, ctx.flat = geo, flat
        fused = fast.conv.col2im(cols, geo, x_shape, flat)   # normal mode: one CUDA kernel, or shifted planes
        if fused is not None:
            return fused
        n, c = x_shape[:2]
        if flat:
            cols = fast.conv.cols_from_flat(cols, n)                   # the GPU layout (fast/conv.py)
        cols = cols.reshape(n, c, geo.kh * geo.kw, geo.oh, geo.ow)
        gx = backend.array_module(cols).zeros(x_shape, cols.dtype)
        for k, (rows, src_rows, cols_, src_cols) in geo.unpadded_slices():   # a loop over kernel positions only
            gx[:, :, rows, cols_] += cols[:, :, k, src_rows, src_cols]
        return gx

    @staticmethod
    def backward(ctx, g):
        return Im2col.apply(g, ctx.geo, ctx.flat), None, None, None


def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """2-D convolution (cross-correlation, as torch) of (N, C, H, W) or (C, H, W) input with an
    (OC, C/groups, KH, KW) weight. ``padding`` is an int, a pair, 'valid' or 'same'."""
    _check_conv_args(input, weight, bias, groups)
    unbatched = input.ndim == 3
    if unbatched:
        input = input.unsqueeze(0)
    n, c, h, w = input.shape
    oc, cg, kh, kw = weight.shape
    s = pair(stride, "stride", "conv2d")
    d = pair(dilation, "dilation", "conv2d")
    if any(v <= 0 for v in s + d):
        raise ValueError(f"conv2d(): stride and dilation must be positive, got stride={stride}, "
                         f"dilation={dilation}")
    if max(d) > 1 and input.dtype.np.kind in "iu" and input.dtype.name != "int64":
        raise NotImplementedError(f"\"slow_conv_dilated<>\" not implemented for '{_TORCH_NAMES[input.dtype.name]}' "
                                  "(conv2d(): a dilated integer convolution needs int64 or floats; convert with "
                                  ".long() or .float())")
    if isinstance(padding, str):
        if padding == "valid":
            p = (0, 0)
        elif padding == "same":
            if s != (1, 1):
                raise RuntimeError("conv2d(): padding='same' is not supported for strided convolutions; use "
                                   "stride=1 or give the padding as numbers")
            total = (d[0] * (kh - 1), d[1] * (kw - 1))
            if total[0] % 2 or total[1] % 2:       # uneven: pad the extra row/column at the end, like torch
                input = _pad_end(input, total[0] % 2, total[1] % 2)
            p = (total[0] // 2, total[1] // 2)
        else:
            raise RuntimeError(f"conv2d(): Invalid padding string: {padding!r}; padding must be an int, a pair, "
                               "'valid' or 'same'")
    else:
        p = pair(padding, "padding", "conv2d")
        if min(p) < 0:
            raise ValueError(f"conv2d(): negative padding {padding}")
    n, c, h, w = input.shape
    if h + 2 * p[0] < d[0] * (kh - 1) + 1 or w + 2 * p[1] < d[1] * (kw - 1) + 1:
        raise RuntimeError(
            f"conv2d(): the kernel ({kh}, {kw}) (dilation {d}) is larger than the padded input "
            f"({h + 2 * p[0]}, {w + 2 * p[1]}) (input {tuple(input.shape)}, padding {p}); use a smaller kernel "
            "or more padding")
    geo = Geometry(h, w, (kh, kw), s, p, d)
    # One product per image, (OC, K) @ (N, K, OH·OW); in normal mode on a GPU one big product
    # (OC, K) @ (K, N·OH·OW) instead: the same maths in another layout of cols (fast/conv.py).
    flat = fast.conv.use_flat_layout(input, groups)
    biased = fast.conv.biased_conv((Im2col, Col2im), input, weight, bias, geo, groups)   # normal mode, CPU: one node
    if biased is not None:              # (its node is torch's ConvolutionBackward0)
        return named(biased.squeeze(0), "SqueezeBackward1") if unbatched else biased
    cols = Im2col.apply(input, geo, flat)
    if flat:
        out = weight.reshape(oc, c * kh * kw) @ cols                  # (OC, N·OH·OW)
        out = out.reshape(oc, n, geo.oh, geo.ow).permute(1, 0, 2, 3).contiguous()
    elif groups == 1:
        out = weight.reshape(oc, c * kh * kw) @ cols                  # (N, OC, OH·OW)
    else:
        cols = cols.reshape(n, groups, cg * kh * kw, geo.oh * geo.ow)
        out = weight.reshape(groups, oc // groups, cg * kh * kw) @ cols   # (N, G, OC/G, OH·OW)
    if not flat:        # a node inside torch's one ConvolutionBackward0: minigrad's name for it, not torch's for @
        out = named(out, "MatmulBackward0")
    out = out.reshape(n, oc, geo.oh, geo.ow)
    if bias is not None:
        out = out + bias.reshape(1, oc, 1, 1)
    out = named(out, "ConvolutionBackward0", inputs=(input, weight, bias))   # torch's node for the whole conv
    return named(out.squeeze(0), "SqueezeBackward1") if unbatched else out


def _pad_end(x, extra_h, extra_w):
    n, c, h, w = x.shape
    if extra_h:
        x = _cat_zeros(x, (n, c, extra_h, w), 2)
    if extra_w:
        x = _cat_zeros(x, (n, c, x.shape[2], extra_w), 3)
    return x


def _cat_zeros(x, shape, dim):
    return cat([x, factories.zeros(shape, dtype=x.dtype, device=x.device)], dim)


def _check_conv_args(input, weight, bias, groups):
    for name, t in (("input", input), ("weight", weight)):
        if not isinstance(t, Tensor):
            raise TypeError(f"conv2d(): {name} must be a Tensor, got {type(t).__name__}")
    if input.ndim not in (3, 4):
        raise RuntimeError(f"conv2d(): expected a 3-D (C, H, W) or 4-D (N, C, H, W) input, got shape "
                           f"{tuple(input.shape)}")
    if weight.ndim != 4:
        raise RuntimeError(f"conv2d(): weight must be 4-D (out_channels, in_channels/groups, kH, kW), got "
                           f"{tuple(weight.shape)}")
    c = input.shape[-3]
    oc, cg = weight.shape[:2]
    if not isinstance(groups, numbers.Integral) or groups < 1 or c % groups or oc % groups:
        raise RuntimeError(f"conv2d(): groups={groups} must divide both in_channels ({c}) and out_channels ({oc})")
    if cg * groups != c:
        raise RuntimeError(
            f"conv2d(): input has {c} channels (shape {tuple(input.shape)}) but the weight "
            f"{tuple(weight.shape)} expects {cg * groups} (in_channels/groups = {cg}, groups = {groups}); "
            "check in_channels of the layer or the input's layout (N, C, H, W)")
    tensor_args("conv2d", ("bias" if bias is not None else None, bias), first=3)
    if bias is not None and tuple(bias.shape) != (oc,):
        raise RuntimeError(f"conv2d(): bias must have shape ({oc},), got "
                           f"{tuple(bias.shape) if isinstance(bias, Tensor) else type(bias).__name__}")
    if bias is None:                                # (with a bias, torch compares the dtypes first)
        no_bool("conv2d", "slow_conv2d_cpu", input)
    if input.dtype != weight.dtype or (bias is not None and bias.dtype != input.dtype):
        raise RuntimeError(_conv_dtype_message("conv2d", input, weight, bias) + "; convert one, e.g. "
                           "input.float() or model.double()")
    if oc == 0:
        raise RuntimeError(f"Given groups={groups}, expected weight to be at least 1 at dimension 0, but got weight "
                           f"of size {list(weight.shape)} instead (conv2d(): give at least one output channel)")


_C_NAMES = {"float32": "float", "float64": "double", "float16": "c10::Half", "int64": "long int", "int32": "int",
            "int16": "short int", "int8": "signed char", "uint8": "unsigned char", "bool": "bool"}   # (torch's C++ names)


def _conv_dtype_message(op, input, weight, bias):
    """torch's text for a dtype mismatch in a convolution, then minigrad's naming of the three dtypes."""
    names = {t: _TORCH_NAMES[t._data.dtype.name] for t in (input, weight) + ((bias,) if bias is not None else ())}
    if bias is not None and bias.dtype != input.dtype and ("transpose" not in op or input.dtype == weight.dtype):
        c_names = {t: _C_NAMES.get(t._data.dtype.name, names[t].lower()) for t in (input, bias)}
        head = f"Input type ({c_names[input]}) and bias type ({c_names[bias]}) should be the same"
    else:
        head = f"expected scalar type {names[input]} but found {names[weight]}"
    return (f"{head} ({op}(): input dtype {input.dtype}, weight dtype {weight.dtype}"
            f"{'' if bias is None else f', bias dtype {bias.dtype}'})")


# ---------------------------------------------------------------------------------------------
# Pooling: each op's class, then its function; then the nodes of its backward
# ---------------------------------------------------------------------------------------------
class MaxPool2d(Op):
    """out = max over each window.   d/dx = g at the position that won (first one on ties, the last NaN
    in a window holding NaN, as torch), 0 elsewhere.   Second derivative: 0 (piecewise linear)"""
    torch_name = "MaxPool2DWithIndicesBackward0"

    @staticmethod
    def forward(ctx, x, geo):
        best, idx = _window_max(geo.pad(x, -np.inf), geo)
        ctx.geo, ctx.x_shape = geo, x.shape
        ctx.save_for_backward(idx, x)
        return best

    @staticmethod
    def backward(ctx, g):
        idx, x = ctx.saved_tensors
        return piecewise_grad(MaxUnpool.apply(g, idx, ctx.geo, ctx.x_shape), x, None), None


def max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    bool_arg(ceil_mode, "max_pool2d", "ceil_mode", 6)
    geo = _pool_geometry(input, kernel_size, stride, padding, dilation, ceil_mode, "max_pool2d")
    unbatched = input.ndim == 3
    x = input.unsqueeze(0) if unbatched else input
    out = MaxPool2d.apply(x, geo)
    if unbatched:
        out = out.squeeze(0)
    if return_indices:
        idx = _flat_indices(x._data, geo)
        return out, Tensor._from_array(idx[0] if unbatched else idx)
    return out


def _pool_pair(v, name, op):
    check_pool_length(v, 2, name, op)
    return pair(v, name, op)


def check_pool_length(v, nd, name, op):
    """torch's RuntimeError for a pool's sequence of ints of the wrong length (e.g. a 3-tuple kernel in 2-D)."""
    if isinstance(v, (tuple, list)) and len(v) not in (1, nd) and all(isinstance(a, numbers.Integral) for a in v):
        count = {1: "one int", 2: "two ints", 3: "three ints"}[nd]
        raise RuntimeError(f"{op}: {name} must either be a single int, or a tuple of {count} (got {tuple(v)}; "
                           f"{op} pools the last {count.split()[0]} dim{'s' if nd > 1 else ''})")


def check_not_empty(input, first, op):
    """torch refuses an empty dim from ``first`` on (the pooled dims; the max pools also the channels of a
    batched input); an empty batch gives an empty result."""
    for i in range(first, input.ndim):
        if input.shape[i] == 0:
            raise RuntimeError(f"{op}(): Expected input to have non-zero size for non-batch dimensions, but input "
                               f"has sizes {list(input.shape)} with dimension {i} being empty")


def pool_dtype(input, op):
    """torch's CPU pools on a non-float input (to call only then): max pools take integers but not bool, average
    pools int64 only, adaptive pools none."""
    dt = input._data.dtype
    if dt.kind == "b" or op.startswith("adaptive") or (op.startswith("avg") and dt != np.int64):
        raise NotImplementedError(f"\"{op}\" not implemented for '{_TORCH_NAMES.get(dt.name, dt.name)}' ({op}(): "
                                  "pool a floating-point tensor: input.float())")


def _pool_geometry(input, kernel_size, stride, padding, dilation, ceil_mode, op):
    if not isinstance(input, Tensor):
        raise TypeError(f"{op}(): input must be a Tensor, got {type(input).__name__}")
    if input.ndim < 3 and op == "avg_pool2d":         # (torch's kernel reads size(-3) first)
        raise IndexError(f"Dimension out of range (expected to be in range of [{-max(input.ndim, 1)}, "
                         f"{max(input.ndim, 1) - 1}], but got -3) ({op}(): expected a 3-D (C, H, W) or 4-D (N, C, H, W) "
                         f"input, got shape {tuple(input.shape)})")
    if input.ndim not in (3, 4):
        raise RuntimeError(f"{op}(): expected a 3-D (C, H, W) or 4-D (N, C, H, W) input, got shape "
                           f"{tuple(input.shape)}")
    if input._data.dtype.kind != "f":
        pool_dtype(input, op)
    check_not_empty(input, input.ndim - 3, op)
    k = _pool_pair(kernel_size, "kernel_size", op)
    s = k if stride is None or stride == [] or stride == () else _pool_pair(stride, "stride", op)
    p = _pool_pair(padding, "padding", op)
    d = _pool_pair(dilation, "dilation", op)
    if min(k + s + d) <= 0:
        raise RuntimeError(f"{op}(): kernel_size, stride and dilation must be positive (stride should not be zero, "
                           f"dilation should be greater than zero), got kernel_size={k}, stride={s}, dilation={d}")
    if p[0] * 2 > k[0] or p[1] * 2 > k[1]:
        raise RuntimeError(f"{op}(): padding {p} should be at most half of the kernel size {k}")
    h, w = input.shape[-2:]
    geo = Geometry(h, w, k, s, p, d, ceil_mode)
    if geo.oh <= 0 or geo.ow <= 0:
        raise RuntimeError(f"{op}(): the kernel {k} (dilation {d}, padding {p}) is larger than the input "
                           f"{(h, w)} (shape {tuple(input.shape)}); the output would be empty (Output size is too "
                           "small): use a smaller kernel_size or pad the input")
    return geo


def _window_max(xpad, geo):
    """The max of every window and which kernel position holds it (the first one on ties).

    Both come from a loop over kernel positions with whole-array ops: the max by np.maximum, then
    the position as the number of positions before the first one equal to the max. A window holding
    NaN gives NaN, at the position of its last NaN (torch's rule)."""
    tiled = fast.pool.window_max(xpad, geo)    # normal mode, windows that tile the input: contiguous planes
    if tiled is not None:
        return tiled
    xp = backend.array_module(xpad)
    views = [xpad[where] for _, where in geo.slices()]       # (N, C, OH, OW) each: position k of every window
    padded = geo.ph or geo.pw or geo.eh or geo.ew
    fused = fast.cuda_kernels.window_max(views)             # normal mode on a GPU: one CUDA kernel
    if fused is not None and not xp.isnan(fused[0]).any() and not (padded and (fused[0] == -np.inf).any()):
        return fused                                        # (it places neither NaN nor a -inf window as torch)
    best = views[0].copy()
    for v in views[1:]:
        xp.maximum(best, v, out=best)
    # the first position holding the max = how many positions before it do not hold it
    idx = xp.zeros(best.shape, np.int8 if len(views) <= 127 else np.int32)
    missed = views[0] != best
    for v in views[1:]:
        idx += missed
        missed &= v != best
    if padded and best.dtype.kind == "f" and (best == -np.inf).any():
        # a window of -inf only: its first cell inside the input, as torch (never one of the -inf pads)
        inside = geo.pad(xp.ones((1, 1, geo.h, geo.w), bool), False)
        real = [inside[where] for _, where in geo.slices()]
        idx[...] = 0
        missed = (views[0] != best) | ~real[0]
        for v, r in zip(views[1:], real[1:]):
            idx += missed
            missed &= (v != best) | ~r
    if best.dtype.kind == "f" and xp.isnan(best).any():      # windows with NaN: their last NaN wins
        for k, v in enumerate(views):
            idx[xp.isnan(v)] = k
    return best, idx


def _flat_indices(x, geo):
    """torch's return_indices: the flat position h·W + w of each window's max in its input plane."""
    xp = backend.array_module(x)
    _, k = _window_max(geo.pad(x, -np.inf), geo)
    rows = xp.arange(geo.oh).reshape(-1, 1) * geo.sh - geo.ph + (k // geo.kw) * geo.dh
    cols = xp.arange(geo.ow).reshape(1, -1) * geo.sw - geo.pw + (k % geo.kw) * geo.dw
    return (rows * geo.w + cols).astype(np.int64)


class MaxUnpool(Op):
    """out = zeros of x's shape with each g placed at its window's winning position.
    d/dg = the incoming gradient read at those positions (PoolSelect)"""

    @staticmethod
    def forward(ctx, g, idx, geo, x_shape):
        xp = backend.array_module(g)
        ctx.geo = geo
        ctx.save_for_backward(idx)
        tiled = fast.pool.unpool(g, idx, geo, x_shape)   # normal mode, windows that tile the input: one write each
        if tiled is not None:
            return tiled
        gx = geo.padded_zeros(g, *x_shape[:2])
        if not geo.overlapping and fast.cuda_kernels.window_scatter(g, idx, [gx[w] for _, w in geo.slices()]):
            return geo.crop(gx)                       # one CUDA kernel on the GPU, same result as below
        finite = bool(xp.isfinite(g).all())           # else g · 0 = NaN would reach the losers too
        for k, where in geo.slices():                 # a loop over kernel positions only
            won = idx == k
            if not finite:
                gx[where] += xp.where(won, g, 0)      # (as torch: a NaN goes to the winner only)
            elif geo.overlapping:
                gx[where] += g * won
            else:                                     # windows don't overlap: write, don't add
                xp.multiply(g, won, out=gx[where])
        return geo.crop(gx)

    @staticmethod
    def backward(ctx, gg):
        idx, = ctx.saved_tensors
        return PoolSelect.apply(gg, idx, ctx.geo), None, None, None


class PoolSelect(Op):
    """out[window] = x at the window's position ``idx``.   d/dx = MaxUnpool of the gradient"""

    @staticmethod
    def forward(ctx, x, idx, geo):
        xp = backend.array_module(x)
        ctx.geo, ctx.x_shape = geo, x.shape
        ctx.save_for_backward(idx)
        xpad = geo.pad(x)
        out = xp.zeros(idx.shape, x.dtype)
        finite = bool(xp.isfinite(x).all())
        for k, where in geo.slices():
            if finite:
                out += xpad[where] * (idx == k)
            else:                                     # (NaN · 0 would bring in NaN from the losers)
                xp.copyto(out, xpad[where], where=idx == k)
        return out

    @staticmethod
    def backward(ctx, g):
        idx, = ctx.saved_tensors
        return MaxUnpool.apply(g, idx, ctx.geo, ctx.x_shape), None, None


class AvgPool2d(Op):
    """out = mean over each window (padding counted as zeros unless count_include_pad=False).
    d/dx = g / window size, spread over every position of the window (AvgUnpool).
    Second derivative: 0 (linear; as in torch the gradient still joins x's graph: see Piecewise)"""
    torch_name = "AvgPool2DBackward0"

    @staticmethod
    def forward(ctx, x, geo, divisor):
        ctx.geo, ctx.x_shape, ctx.divisor = geo, x.shape, divisor
        ctx.save_for_backward(x)
        xpad = geo.pad(x)
        total = None
        for _, where in geo.slices():                 # a loop over kernel positions only
            total = xpad[where].copy() if total is None else total + xpad[where]
        return (total / divisor).astype(x.dtype, copy=False)

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return piecewise_grad(AvgUnpool.apply(g, ctx.geo, ctx.x_shape, ctx.divisor), x, None), None, None


def _pool_flags(op, ceil_mode, count_include_pad):
    """The average pools' flags are bools (torch's TypeError for 1, None, 'yes', a tensor)."""
    bool_arg(ceil_mode, op, "ceil_mode")
    bool_arg(count_include_pad, op, "count_include_pad")


def avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
               divisor_override=None):
    _pool_flags("avg_pool2d", ceil_mode, count_include_pad)
    if divisor_override is not None:
        divisor_override = int_arg(divisor_override, "avg_pool2d", "divisor_override", None)
    geo = _pool_geometry(input, kernel_size, stride, padding, 1, ceil_mode, "avg_pool2d")
    unbatched = input.ndim == 3
    x = input.unsqueeze(0) if unbatched else input
    if divisor_override is not None:
        if divisor_override == 0:
            raise RuntimeError("divisor must be not zero (avg_pool2d(): divisor_override=0; give a positive divisor, "
                               "or None to divide by the window size)")
        divisor = float(divisor_override)
    elif count_include_pad and not (geo.eh or geo.ew):
        divisor = float(geo.kh * geo.kw)
    else:
        # how many real (or padding, when counted) pixels each window covers, per output position
        xp = backend.array_module(x._data)
        ones = xp.ones((1, 1, geo.h, geo.w), x._data.dtype)
        if count_include_pad:
            ones = _pad(ones, geo.ph, geo.pw, 1.0)
            ones = _pad(ones, 0, 0, 0.0, geo.eh, geo.ew)
            cover = _windows(ones, geo.kh, geo.kw, geo.sh, geo.sw, 1, 1, geo.oh, geo.ow)
        else:
            cover = geo.windows(geo.pad(ones))
        divisor = cover.sum(axis=(-2, -1))
    out = AvgPool2d.apply(x, geo, divisor)
    return named(out.squeeze(0), "SqueezeBackward1") if unbatched else out


class AvgUnpool(Op):
    """out = g / divisor added at every position of its window (the adjoint of AvgPool2d).
    d/dg = AvgPool2d of the incoming gradient"""

    @staticmethod
    def forward(ctx, g, geo, x_shape, divisor):
        ctx.geo, ctx.divisor = geo, divisor
        share = (g / divisor).astype(g.dtype, copy=False)
        gx = geo.padded_zeros(g, *x_shape[:2])
        for _, where in geo.slices():                 # a loop over kernel positions only
            gx[where] += share
        return geo.crop(gx)

    @staticmethod
    def backward(ctx, gg):
        return AvgPool2d.apply(gg, ctx.geo, ctx.divisor), None, None, None


def adaptive_avg_pool2d(input, output_size):
    """Average pooling to a fixed output size (exact when the input size is a multiple of it)."""
    h, w = input.shape[-2:]
    if isinstance(output_size, (tuple, list)):
        oh, ow = (output_size[0] or h), (output_size[1] or w)
    else:
        oh = ow = int(output_size)
    if (oh, ow) == (1, 1):
        return input.mean(dim=(-2, -1), keepdim=True)
    if h % oh or w % ow:
        raise NotImplementedError(f"adaptive_avg_pool2d(): input size {(h, w)} is not a multiple of the output "
                                  f"size {(oh, ow)}; minigrad supports only that case")
    return avg_pool2d(input, (h // oh, w // ow))


def adaptive_max_pool2d(input, output_size):
    oh, ow = pair(output_size, "output_size", "adaptive_max_pool2d")
    h, w = input.shape[-2:]
    if h % oh or w % ow:
        raise NotImplementedError(f"adaptive_max_pool2d(): input size {(h, w)} is not a multiple of the output "
                                  f"size {(oh, ow)}; minigrad supports only that case")
    return max_pool2d(input, (h // oh, w // ow))
