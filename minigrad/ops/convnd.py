"""Convolutions in 1 and 3 dims, transposed convolutions, more pooling, padding modes, interpolation.

* 1-D convolution and pooling are the 2-D ones of ``conv.py`` on a (N, C, 1, L) view.
* 3-D ones use ``ImNcol``/``ColNim``, the N-d form of ``conv.py``'s im2col pair: a strided view of
  every window, one copy into columns, one matrix product; the adjoint adds columns back, looping
  over kernel positions only.
* A transposed convolution is the adjoint of a convolution: one product ``weightᵀ @ x`` gives
  columns, and col2im (``conv.Col2im`` in 2-D, ``ColNim`` in 3-D) adds them into the output.
* Max pooling in 3-D takes each window's max from the columns (``argmax`` + indexing, so its
  gradient is the indexing's); average pooling sums the columns.
* Padding modes and interpolation are indexing along one dim at a time (so their gradients add up
  wherever an input element was read more than once).
"""
from __future__ import annotations

import collections.abc
import itertools
import math
import numbers
import warnings

import numpy as np

from .. import backend, dtypes, fast
from ..autograd.function import Op, named
from ..factories import full, zeros
from ..tensor import Tensor, _wrap
from . import conv
from ._helpers import _TORCH_NAMES, NotTensorError, bool_arg, no_bool, tensor_arg, tensor_args
from .index import IndexPut


# ---------------------------------------------------------------------------------------------
# N-d geometry and im2col
# ---------------------------------------------------------------------------------------------
def ntuple(v, n, name, op):
    """An int or n ints -> a tuple of n ints."""
    if isinstance(v, numbers.Integral) and not isinstance(v, bool):
        return (int(v),) * n
    if isinstance(v, (tuple, list)) and all(isinstance(a, numbers.Integral) for a in v):
        if len(v) == n:
            return tuple(int(a) for a in v)
        if len(v) == 1:
            return (int(v[0]),) * n
    raise TypeError(f"{op}(): {name} must be an int or a tuple of {n} ints, got {v!r}")


def layer_tuple(v, n):
    """A layer's kernel_size/stride/padding as torch keeps it: an int repeated n times, a sequence as a tuple of
    its items unchecked (a wrong length or type is refused when the layer runs, as torch)."""
    return tuple(v) if isinstance(v, collections.abc.Iterable) else (v,) * n


class GeometryND:
    """A sliding window over n spatial dims: kernel k, stride s, padding p, dilation d, output o."""

    def __init__(self, size, kernel, stride, padding, dilation, ceil_mode=False, out=None):
        self.size, self.k, self.s, self.p, self.d = tuple(size), kernel, stride, padding, dilation
        self.o = tuple(out) if out is not None else tuple(
            conv.out_size(n, k, s, p, d, ceil_mode) for n, k, s, p, d in zip(size, kernel, stride, padding, dilation))
        # ceil_mode windows may run past the padded input: pad a little more at the end
        self.extra = tuple(max(0, (o - 1) * s + d * (k - 1) + 1 - (n + 2 * p))
                           for n, k, s, p, d, o in zip(size, kernel, stride, padding, dilation, self.o))

    def inner(self):
        """Where the unpadded input sits inside the padded one."""
        return (slice(None), slice(None)) + tuple(slice(p, p + n) for p, n in zip(self.p, self.size))

    def padded_zeros(self, like, n, c, value=0.0):
        xp = backend.array_module(like)
        shape = (n, c) + tuple(m + 2 * p + e for m, p, e in zip(self.size, self.p, self.extra))
        return xp.full(shape, value, dtype=like.dtype)

    def pad(self, x, value=0.0):
        if not any(self.p) and not any(self.extra):
            return x
        out = self.padded_zeros(x, *x.shape[:2], value=value)
        out[self.inner()] = x
        return out

    def windows(self, xpad):
        """A read-only view of every window: shape (N, C, *O, *K), no copy."""
        st = xpad.strides
        shape = xpad.shape[:2] + self.o + self.k
        strides = st[:2] + tuple(t * s for t, s in zip(st[2:], self.s)) + tuple(t * d for t, d in zip(st[2:], self.d))
        return backend.as_strided(xpad, shape, strides)

    def slices(self):
        """(kernel index, where that kernel position reads in the padded input) for every position."""
        for k, pos in enumerate(itertools.product(*(range(k) for k in self.k))):
            yield k, (slice(None), slice(None)) + tuple(
                slice(i * d, i * d + s * (o - 1) + 1, s) for i, d, s, o in zip(pos, self.d, self.s, self.o))


class ImNcol(Op):
    """cols[n, (c, k…), (o…)] = x_padded[n, c, o·s + k·d] in n dims.
    d/dx: each entry's gradient is added back where it was read from (ColNim)"""

    @staticmethod
    def forward(ctx, x, geo, pad_value):
        ctx.geo, ctx.x_shape = geo, x.shape
        n, c = x.shape[:2]
        nd = len(geo.k)
        win = geo.windows(geo.pad(x, pad_value))                                  # (N, C, *O, *K)
        perm = (0, 1) + tuple(range(2 + nd, 2 + 2 * nd)) + tuple(range(2, 2 + nd))   # (N, C, *K, *O)
        return backend.array_module(x).ascontiguousarray(win.transpose(perm)).reshape(
            n, c * math.prod(geo.k), math.prod(geo.o))

    @staticmethod
    def backward(ctx, g):
        return ColNim.apply(g, ctx.geo, ctx.x_shape), None, None


class ColNim(Op):
    """x[n, c, pos] = Σ of the cols entries read from pos (the adjoint of ImNcol).
    d/dcols = ImNcol of the incoming gradient"""

    @staticmethod
    def forward(ctx, cols, geo, x_shape):
        ctx.geo = geo
        n, c = x_shape[:2]
        cols = cols.reshape((n, c, math.prod(geo.k)) + geo.o)
        gx = geo.padded_zeros(cols, n, c)
        for k, where in geo.slices():                    # a loop over kernel positions only
            gx[where] += cols[:, :, k]
        return gx[geo.inner()].copy() if any(geo.p) or any(geo.extra) else gx

    @staticmethod
    def backward(ctx, g):
        return ImNcol.apply(g, ctx.geo, 0.0), None, None


def _geometry2d(size, k, s, p, d, out):
    """conv.py's 2-D Geometry with the output grid given (a transposed convolution's input)."""
    geo = conv.Geometry(size[0], size[1], k, s, p, d)
    geo.oh, geo.ow = out
    geo.eh = geo.ew = 0
    return geo


# ---------------------------------------------------------------------------------------------
# Reading along one dim at an index vector, and its adjoint (padding modes and interpolation)
# ---------------------------------------------------------------------------------------------
class TakeAlong(Op):
    """out = x read at the positions idx along dim (a copy).   d/dx = g added back at idx (AddAlong)"""

    @staticmethod
    def forward(ctx, x, idx, dim):
        ctx.idx, ctx.dim, ctx.n = idx, dim, x.shape[dim]
        fused = fast.along.take_along(x, idx, dim)              # normal mode: a few slice copies
        return backend.array_module(x).take(x, idx, axis=dim) if fused is None else fused

    @staticmethod
    def backward(ctx, g):
        return AddAlong.apply(g, ctx.idx, ctx.n, ctx.dim), None, None


class AddAlong(Op):
    """out[i] = Σ over j with idx[j] = i of g[j], along dim (the adjoint of TakeAlong).
    d/dg = TakeAlong of the incoming gradient"""

    @staticmethod
    def forward(ctx, g, idx, n, dim):
        ctx.idx, ctx.dim = idx, dim
        fused = fast.along.add_along(g, idx, n, dim)            # normal mode: slice copies and adds, same numbers
        if fused is not None:
            return fused
        xp = backend.array_module(g)
        order = backend.stable_argsort(idx, 0)                  # equal indices side by side
        srt = idx[order]
        gs = xp.take(g, order, axis=dim)
        starts = xp.concatenate([xp.zeros(1, np.int64), xp.nonzero(srt[1:] != srt[:-1])[0] + 1]) if srt.size else \
            xp.zeros(0, np.int64)
        sums = segment_sums(gs, starts, dim, reduceat=isinstance(g, np.ndarray))
        shape = list(g.shape)
        shape[dim] = n
        out = xp.zeros(shape, g.dtype)
        key = (slice(None),) * dim + (srt[starts],)
        out[key] = sums                                         # each target once: a plain assignment
        return out

    @staticmethod
    def backward(ctx, gg):
        return TakeAlong.apply(gg, ctx.idx, ctx.dim), None, None, None


def segment_sums(gs, starts, dim, reduceat=True):
    """Sums of the runs of gs along dim that begin at ``starts`` (NumPy's add.reduceat, or, for array
    libraries without it, differences of a running sum)."""
    xp = backend.array_module(gs)
    if gs.shape[dim] == 0:
        return gs
    if reduceat:
        return np.add.reduceat(gs, starts, axis=dim)
    cs = xp.cumsum(gs, axis=dim)
    ends = xp.concatenate([starts[1:], xp.asarray([gs.shape[dim]])]) - 1
    before = xp.take(cs, xp.maximum(starts - 1, 0), axis=dim)
    first = (starts == 0).reshape((-1,) + (1,) * (gs.ndim - 1 - dim))
    return xp.take(cs, ends, axis=dim) - xp.where(first, 0, before)


# ---------------------------------------------------------------------------------------------
# Convolution
# ---------------------------------------------------------------------------------------------
def _check_conv(input, weight, bias, groups, nd, op, transposed=False):
    for name, t in (("input", input), ("weight", weight)):
        if not isinstance(t, Tensor):
            raise TypeError(f"{op}(): {name} must be a Tensor, got {type(t).__name__}")
    if input.ndim not in (nd + 1, nd + 2):
        raise RuntimeError(f"{op}(): expected a {nd + 1}-D (unbatched) or {nd + 2}-D (batched) input, got shape "
                           f"{tuple(input.shape)}")
    if weight.ndim != nd + 2:
        raise RuntimeError(f"{op}(): weight must be {nd + 2}-D, got shape {tuple(weight.shape)}")
    if isinstance(groups, bool) or not isinstance(groups, numbers.Integral):
        raise TypeError(f"{op}(): argument 'groups' must be int, not {type(groups).__name__} ({groups!r})")
    if groups < 1:
        raise RuntimeError(f"{op}(): groups must be a positive integer, got {groups!r}")
    if min(weight.shape[2:]) == 0:
        raise RuntimeError(f"{op}(): the kernel size must be at least 1 in each dim, got a weight of size "
                           f"{list(weight.shape)} (a layer made with kernel_size=0 cannot run)")
    c = input.shape[-nd - 1]
    if transposed:
        if weight.shape[0] != c:
            raise RuntimeError(f"{op}(): input has {c} channels (shape {tuple(input.shape)}) but the weight "
                               f"{tuple(weight.shape)} expects {weight.shape[0]} (weight is (in_channels, "
                               "out_channels/groups, *kernel))")
        if c % groups:
            raise RuntimeError(f"{op}(): groups={groups} must divide in_channels ({c})")
        oc = weight.shape[1] * groups
    else:
        oc = weight.shape[0]
        if c % groups or oc % groups or weight.shape[1] * groups != c:
            raise RuntimeError(f"{op}(): input has {c} channels (shape {tuple(input.shape)}) but the weight "
                               f"{tuple(weight.shape)} with groups={groups} expects {weight.shape[1] * groups}; "
                               "groups must divide both channel counts")
    tensor_args(op, ("bias" if bias is not None else None, bias), first=3)
    if bias is not None and tuple(bias.shape) != (oc,):
        raise RuntimeError(f"{op}(): bias must have shape ({oc},), got "
                           f"{tuple(bias.shape) if isinstance(bias, Tensor) else type(bias).__name__}")
    kernel = f"slow_conv{'_transpose' if transposed else ''}{max(nd, 2)}d{'_out' if transposed else ''}_cpu"
    if transposed or bias is None:                  # (torch's kernels have no bool version; a convolution with
        no_bool(op, kernel, input)                  # a bias compares its dtype first: the RuntimeError below)
    if input.dtype != weight.dtype or (bias is not None and bias.dtype != weight.dtype):
        raise RuntimeError(conv._conv_dtype_message(op, input, weight, bias) + "; convert one, e.g. input.float()")
    if oc == 0:
        raise RuntimeError(f"Given groups={groups}, expected weight to be at least 1 at dimension 0, but got weight "
                           f"of size {list(weight.shape)} instead ({op}(): give at least one output channel)")
    if transposed and input.dtype.np.kind in "iu" and input.dtype.name != "int64":
        _no_int_kernel(kernel, input, op)
    return input.ndim == nd + 1         # (integer convolutions are computed in their dtype, as torch's)


def _no_int_kernel(kernel, input, op):
    """torch has integer convolutions in int64 only for the transposed and dilated kernels."""
    raise NotImplementedError(f"\"{kernel}\" not implemented for '{_TORCH_NAMES[input.dtype.name]}' ({op}(): an "
                              "integer convolution of this kind needs int64 or floats; convert with .long() or "
                              ".float())")


def _same_padding(input, k, s, d, nd, op):
    """padding='same': as torch, the odd extra element of padding goes at the end."""
    if any(v != 1 for v in s):
        raise RuntimeError(f"{op}(): padding='same' is not supported for strided convolutions (stride {s}); use "
                           "stride=1, or give the padding as numbers")
    total = [di * (ki - 1) for ki, di in zip(k, d)]
    extra = []
    for t in reversed(total):
        extra += [0, t % 2]
    if any(extra):
        input = pad(input, extra)
    return input, tuple(t // 2 for t in total)


def _conv_tuple(v, nd, name, op):
    """A convolution's stride/padding/dilation as nd ints; a list of another length is torch's RuntimeError."""
    if isinstance(v, (tuple, list)) and len(v) not in (1, nd):
        raise RuntimeError(f"expected {name} to be a single integer value or a list of {nd} values to match the "
                           f"convolution dimensions, but got {name}={list(v)} ({op}())")
    return ntuple(v, nd, name, op)


def _conv(input, weight, bias, stride, padding, dilation, groups, nd, op):
    unbatched = _check_conv(input, weight, bias, groups, nd, op)
    if unbatched:
        input = input.unsqueeze(0)
    k = tuple(weight.shape[2:])
    s, d = _conv_tuple(stride, nd, "stride", op), _conv_tuple(dilation, nd, "dilation", op)
    if min(s + d) <= 0:
        raise RuntimeError(f"{op}(): stride and dilation must be positive, got stride={stride}, dilation={dilation}")
    if max(d) > 1 and input.dtype.np.kind in "iu" and input.dtype.name != "int64":
        _no_int_kernel("slow_conv_dilated<>", input, op)
    if isinstance(padding, str):
        if padding == "valid":
            p = (0,) * nd
        elif padding == "same":
            input, p = _same_padding(input, k, s, d, nd, op)
        else:
            raise RuntimeError(f"{op}(): invalid padding string {padding!r}; padding must be an int, a tuple, 'valid' "
                               "or 'same'")
    else:
        p = _conv_tuple(padding, nd, "padding", op)
        if min(p) < 0:
            raise RuntimeError(f"{op}(): negative padding is not supported, got {padding}")
    size = tuple(input.shape[2:])
    if any(n + 2 * pi < di * (ki - 1) + 1 for n, pi, di, ki in zip(size, p, d, k)):
        raise RuntimeError(f"{op}(): the kernel {k} (dilation {d}) is larger than the padded input "
                           f"{tuple(n + 2 * pi for n, pi in zip(size, p))} (input {tuple(input.shape)})")
    n, c = input.shape[:2]
    oc = weight.shape[0]
    if nd == 1:                                   # conv2d on an (N, C, 1, L) view
        out = conv.conv2d(input.unsqueeze(2), weight.unsqueeze(2), None, (1, s[0]), (0, p[0]), (1, d[0]), groups)
        out = out.squeeze(2)
    else:
        geo = GeometryND(size, k, s, p, d)
        cols = ImNcol.apply(input, geo, 0.0)                                # (N, C·K, O)
        kk = math.prod(k)
        if groups == 1:
            out = weight.reshape(oc, c * kk) @ cols
        else:
            cols = cols.reshape(n, groups, c // groups * kk, cols.shape[-1])
            out = weight.reshape(groups, oc // groups, c // groups * kk) @ cols
        out = out.reshape((n, oc) + geo.o)
    if bias is not None:
        out = out + bias.reshape((1, oc) + (1,) * nd)
    out = named(out, "ConvolutionBackward0", inputs=(input, weight, bias))     # (torch's one node, its inputs)
    return named(out.squeeze(0), "SqueezeBackward1") if unbatched else out


def conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """1-D convolution of (N, C, L) or (C, L) input with an (OC, C/groups, K) weight (the 2-D one on a
    height-1 view). ``padding`` is an int, 'valid' or 'same'."""
    return _conv(input, weight, bias, stride, padding, dilation, groups, 1, "conv1d")


def conv3d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """3-D convolution of (N, C, D, H, W) or (C, D, H, W) input with an (OC, C/groups, KD, KH, KW) weight."""
    return _conv(input, weight, bias, stride, padding, dilation, groups, 3, "conv3d")


def transposed_out_size(size, k, s, p, d, op_):
    return [(i - 1) * si - 2 * pi + di * (ki - 1) + oi + 1 for i, ki, si, pi, di, oi in zip(size, k, s, p, d, op_)]


def _conv_transpose(input, weight, bias, stride, padding, output_padding, groups, dilation, nd, op):
    unbatched = _check_conv(input, weight, bias, groups, nd, op, transposed=True)
    if unbatched:
        input = input.unsqueeze(0)
    k = tuple(weight.shape[2:])
    s, d = _conv_tuple(stride, nd, "stride", op), _conv_tuple(dilation, nd, "dilation", op)
    p, op_ = _conv_tuple(padding, nd, "padding", op), _conv_tuple(output_padding, nd, "output_padding", op)
    if min(s + d) <= 0 or min(p + op_) < 0:
        raise RuntimeError(f"{op}(): stride and dilation must be positive and padding non-negative, got "
                           f"stride={stride}, dilation={dilation}, padding={padding}, output_padding={output_padding}")
    if any(o >= max(si, di) for o, si, di in zip(op_, s, d)):
        raise RuntimeError(f"{op}(): output padding must be smaller than either stride or dilation, but got "
                           f"output_padding={op_}, stride={s}, dilation={d}")
    size = tuple(input.shape[2:])
    out = transposed_out_size(size, k, s, p, d, op_)
    if min(out) <= 0:
        raise RuntimeError(f"{op}(): the output size {tuple(out)} would be empty for input {tuple(input.shape)}, "
                           f"kernel {k}, stride {s}, padding {p}")
    n, c = input.shape[:2]
    cg, ocg = c // groups, weight.shape[1]
    kk = math.prod(k)
    x = input.reshape(n, groups, cg, math.prod(size))
    w = weight.reshape(groups, cg, ocg * kk).transpose(1, 2)                  # (G, OC/G·K, C/G)
    cols = (w @ x).reshape(n, groups * ocg * kk, math.prod(size))             # (N, OC·K, I)
    out_shape = (n, groups * ocg) + tuple(out)
    if nd == 3:
        y = ColNim.apply(cols, GeometryND(out, k, s, p, d, out=size), out_shape)
    else:                                          # 1-D as 2-D with height 1: conv.py's Col2im
        size2, out2 = (size if nd == 2 else (1,) + size), (tuple(out) if nd == 2 else (1,) + tuple(out))
        k2, s2, p2, d2 = ((k, s, p, d) if nd == 2 else ((1,) + k, (1,) + s, (0,) + p, (1,) + d))
        geo = _geometry2d(out2, k2, s2, p2, d2, size2)
        y = conv.Col2im.apply(cols, geo, (n, groups * ocg) + out2, False).reshape(out_shape)
    if bias is not None:
        y = y + bias.reshape((1, -1) + (1,) * nd)
    y = named(y, "ConvolutionBackward0", inputs=(input, weight, bias))         # (torch's one node, its inputs)
    return named(y.squeeze(0), "SqueezeBackward1") if unbatched else y


def conv_transpose1d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """The adjoint of conv1d (weight (C, OC/groups, K)): each input element spreads a weighted copy of the
    kernel into the output."""
    return _conv_transpose(input, weight, bias, stride, padding, output_padding, groups, dilation, 1,
                           "conv_transpose1d")


def conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """The adjoint of conv2d (weight (C, OC/groups, KH, KW)), e.g. learned upsampling."""
    return _conv_transpose(input, weight, bias, stride, padding, output_padding, groups, dilation, 2,
                           "conv_transpose2d")


def conv_transpose3d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """The adjoint of conv3d (weight (C, OC/groups, KD, KH, KW))."""
    return _conv_transpose(input, weight, bias, stride, padding, output_padding, groups, dilation, 3,
                           "conv_transpose3d")


# ---------------------------------------------------------------------------------------------
# Pooling
# ---------------------------------------------------------------------------------------------
def _pool_args(input, kernel_size, stride, padding, dilation, nd, op):
    if not isinstance(input, Tensor):
        raise TypeError(f"{op}(): input must be a Tensor, got {type(input).__name__}")
    if input.ndim not in (nd + 1, nd + 2):
        raise RuntimeError(f"{op}(): expected a {nd + 1}-D or {nd + 2}-D input, got shape {tuple(input.shape)}")
    if input._data.dtype.kind != "f":
        conv.pool_dtype(input, op)
    conv.check_not_empty(input, input.ndim - nd - 1, op)
    k = _pool_tuple(kernel_size, nd, "kernel_size", op)
    s = k if stride is None or (isinstance(stride, (list, tuple)) and len(stride) == 0) else \
        _pool_tuple(stride, nd, "stride", op)
    p, d = _pool_tuple(padding, nd, "padding", op), _pool_tuple(dilation, nd, "dilation", op)
    if min(k + s + d) <= 0:
        raise RuntimeError(f"{op}(): kernel_size, stride and dilation must be positive, got kernel_size={k}, "
                           f"stride={s}, dilation={d}")
    if any(pi < 0 or 2 * pi > ki for pi, ki in zip(p, k)):
        raise RuntimeError(f"{op}() padding should be at most half of kernel size, but got padding={padding} and "
                           f"kernel_size={kernel_size}")
    return k, s, p, d


def _pool_tuple(v, nd, name, op):
    conv.check_pool_length(v, nd, name, op)
    return ntuple(v, nd, name, op)


def _to2d(input, k, s, p, d):
    """1-D pooling arguments as 2-D ones on an (N, C, 1, L) view."""
    return input.unsqueeze(-2), (1,) + k, (1,) + s, (0,) + p, (1,) + d


def max_pool1d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    bool_arg(ceil_mode, "max_pool1d", "ceil_mode", 6)
    k, s, p, d = _pool_args(input, kernel_size, stride, padding, dilation, 1, "max_pool1d")
    if not input.dtype.is_floating_point:
        raise NotImplementedError(f'"max_pool1d_impl" not implemented for \'{input.dtype.name}\'; convert the '
                                  "input with .float()")
    x, k, s, p, d = _to2d(input, k, s, p, d)
    out = conv.max_pool2d(x, k, s, p, d, ceil_mode, return_indices)
    if return_indices:
        return out[0].squeeze(-2), out[1].squeeze(-2)
    return out.squeeze(-2)


def avg_pool1d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True):
    conv._pool_flags("avg_pool1d", ceil_mode, count_include_pad)
    k, s, p, d = _pool_args(input, kernel_size, stride, padding, 1, 1, "avg_pool1d")
    x, k, s, p, _ = _to2d(input, k, s, p, d)
    return conv.avg_pool2d(x, k, s, p, ceil_mode, count_include_pad).squeeze(-2)


def _geometry3d(input, k, s, p, d, ceil_mode, op):
    geo = GeometryND(tuple(input.shape[-3:]), k, s, p, d, ceil_mode)
    if min(geo.o) <= 0:
        raise RuntimeError(f"{op}(): the kernel {k} (dilation {d}, padding {p}) is larger than the input "
                           f"{tuple(input.shape)}; the output would be empty (Output size is too small): use a "
                           "smaller kernel_size or pad the input")
    return geo


def max_pool3d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    """The max of every (KD, KH, KW) window: read from the columns at each window's argmax (the first
    one on ties), so the gradient goes to that element."""
    bool_arg(ceil_mode, "max_pool3d", "ceil_mode", 6)
    k, s, p, d = _pool_args(input, kernel_size, stride, padding, dilation, 3, "max_pool3d")
    unbatched = input.ndim == 4
    x = input.unsqueeze(0) if unbatched else input
    geo = _geometry3d(x, k, s, p, d, ceil_mode, "max_pool3d")
    n, c = x.shape[:2]
    cols = ImNcol.apply(x, geo, -np.inf).reshape(n, c, math.prod(k), math.prod(geo.o))   # (N, C, K, O)
    xp = x.xp
    pos = xp.argmax(cols._data, axis=2)[:, :, None]                                # (N, C, 1, O)
    if any(p) or any(geo.extra):         # a window of -inf only: its first cell inside the input, as torch
        inside = geo.windows(geo.pad(xp.ones((1, 1) + geo.size, bool), False))     # (1, 1, *O, *K)
        inside = inside.reshape((1, 1, math.prod(geo.o), math.prod(k))).transpose(0, 1, 3, 2)   # (1, 1, K, O)
        all_pads = (cols._data == -np.inf).all(axis=2, keepdims=True)
        pos = xp.where(all_pads, xp.argmax(inside, axis=2)[:, :, None], pos)
    out = cols.gather(2, _wrap(pos)).reshape((n, c) + geo.o)
    if unbatched:
        out = out.squeeze(0)
    if not return_indices:
        return out
    # the flat index (d·H + h)·W + w of each max in its input volume
    kpos = np.unravel_index(backend.to_numpy(pos[:, :, 0]), k)                    # kernel offsets, (N, C, O) each
    grid = np.indices(geo.o).reshape(3, -1)                                         # output coordinates, (3, O)
    flat = 0
    for axis in range(3):
        coord = grid[axis] * s[axis] - p[axis] + kpos[axis] * d[axis]
        flat = flat * x.shape[2 + axis] + coord
    idx = backend.to_device(flat.reshape((n, c) + geo.o).astype(np.int64), x.device)
    idx = _wrap(idx[0] if unbatched else idx)
    return out, idx


def avg_pool3d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
               divisor_override=None):
    """The mean of every (KD, KH, KW) window: the columns summed, divided by the window's size."""
    conv._pool_flags("avg_pool3d", ceil_mode, count_include_pad)
    k, s, p, d = _pool_args(input, kernel_size, stride, padding, 1, 3, "avg_pool3d")
    if input.dtype == dtypes.float16:                 # (torch's CPU kernel has no float16 version)
        raise NotImplementedError("\"avg_pool3d_out_frame\" not implemented for 'Half' (avg_pool3d(): the input is "
                                  "float16; convert it with input.float())")
    unbatched = input.ndim == 4
    x = input.unsqueeze(0) if unbatched else input
    geo = _geometry3d(x, k, s, p, d, ceil_mode, "avg_pool3d")
    n, c = x.shape[:2]
    total = ImNcol.apply(x, geo, 0.0).reshape(n, c, math.prod(k), math.prod(geo.o)).sum(2)
    if divisor_override is not None:
        if divisor_override == 0:
            raise RuntimeError("avg_pool3d(): divisor must be not zero")
        divisor = float(divisor_override)
    elif count_include_pad and not any(geo.extra):
        divisor = float(math.prod(k))
    else:
        # how many elements (real ones, plus the padding when counted) each window covers
        xp = x.xp
        counted = geo.padded_zeros(x._data, 1, 1)
        counted[(0, 0) + tuple(slice(0, m + 2 * pi) if count_include_pad else slice(pi, pi + m)
                               for m, pi in zip(geo.size, p))] = 1
        cover = geo.windows(counted).sum(axis=(-3, -2, -1)).reshape(-1)
        divisor = _wrap(xp.asarray(cover, dtype=x._data.dtype))
    if x.dtype.np.kind in "iu":                     # integers: the mean truncated toward zero, in their dtype (torch)
        d = divisor._data if isinstance(divisor, Tensor) else divisor
        out = _wrap(x.xp.trunc(total._data.astype(np.float64) / d).astype(x._data.dtype)).reshape((n, c) + geo.o)
    else:
        out = (total / divisor).reshape((n, c) + geo.o)
    return out.squeeze(0) if unbatched else out


def _unpool(input, indices, kernel_size, stride, padding, output_size, nd, op):
    """Each input value placed at its flat index in a zero output (what max_pool returned)."""
    if not isinstance(indices, Tensor) or indices.dtype != dtypes.int64:
        got = _TORCH_NAMES.get(indices.dtype.name, indices.dtype.name) if isinstance(indices, Tensor) else \
            type(indices).__name__
        raise RuntimeError(f"elements in indices should be type int64 but got: {got} ({op}(): indices must be an "
                           f"int64 tensor, as max_pool{nd}d(return_indices=True) gives; convert with .long())")
    if tuple(indices.shape) != tuple(input.shape):
        raise RuntimeError(f"{op}(): indices {tuple(indices.shape)} must have the input's shape {tuple(input.shape)}")
    if isinstance(input, Tensor) and not input.dtype.is_floating_point:
        raise NotImplementedError(f"\"max_unpool2d\" not implemented for '{_TORCH_NAMES[input._data.dtype.name]}' "
                                  f"({op}(): unpool a float tensor, e.g. input.float())")
    if input.ndim not in (nd + 1, nd + 2):
        raise RuntimeError(f"{op}(): expected a {nd + 1}-D or {nd + 2}-D input, got shape {tuple(input.shape)}")
    k = ntuple(kernel_size, nd, "kernel_size", op)
    s = k if stride is None else ntuple(stride, nd, "stride", op)
    p = ntuple(padding, nd, "padding", op)
    size = tuple(input.shape[-nd:])
    default = tuple((i - 1) * si - 2 * pi + ki for i, si, pi, ki in zip(size, s, p, k))
    if output_size is None:
        out = default
    else:
        out = tuple(int(v) for v in output_size)[-nd:]
        if len(out) != nd or any(not (dv - si < o < dv + si) for o, dv, si in zip(out, default, s)):
            raise ValueError(f"{op}(): invalid output_size {tuple(output_size)}: each size must be within a stride "
                             f"of the default {default}")
    unbatched = input.ndim == nd + 1
    x, idx = (input.unsqueeze(0), indices.unsqueeze(0)) if unbatched else (input, indices)
    n, c = x.shape[:2]
    total = math.prod(out)
    flat_idx = idx.reshape(n, c, -1)
    if flat_idx.numel() and (int(flat_idx.min()) < 0 or int(flat_idx.max()) >= total):
        raise RuntimeError(f"{op}(): found an invalid max index {int(flat_idx.max())} (output volume of size {out})")
    y = zeros((n, c, total), dtype=x.dtype, device=x.device).scatter(2, flat_idx, x.reshape(n, c, -1))
    y = y.reshape((n, c) + out)
    return y.squeeze(0) if unbatched else y


def max_unpool1d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    return _unpool(input, indices, kernel_size, stride, padding, output_size, 1, "max_unpool1d")


def max_unpool2d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    """The partial inverse of max_pool2d: each value back at its index, zeros elsewhere."""
    return _unpool(input, indices, kernel_size, stride, padding, output_size, 2, "max_unpool2d")


def max_unpool3d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    return _unpool(input, indices, kernel_size, stride, padding, output_size, 3, "max_unpool3d")


def _adaptive_matrix(n_in, n_out, like):
    """(n_out, n_in): row i averages input elements floor(i·n_in/n_out) .. ceil((i+1)·n_in/n_out) - 1."""
    xp = like.xp
    i = np.arange(n_out)
    start = (i * n_in) // n_out
    end = -((-(i + 1) * n_in) // n_out)
    j = np.arange(n_in)
    m = ((j >= start[:, None]) & (j < end[:, None])) / (end - start)[:, None]
    return _wrap(xp.asarray(m.astype(like._data.dtype)))


def _adaptive_output_size(output_size, size, op):
    """The output size as a tuple of ints, one per pooled dim (None keeps that dim's input size)."""
    nd = len(size)
    if isinstance(output_size, Tensor) and output_size.ndim == 0 and nd == 1:      # (as torch: 1-D only)
        output_size = output_size.item()
    if isinstance(output_size, numbers.Integral):
        output_size = (output_size,) * nd
    if not isinstance(output_size, (tuple, list)):
        raise TypeError(f"{op}(): argument 'output_size' (position 2) must be tuple of ints, not "
                        f"{type(output_size).__name__} (give an int or {nd} ints)")
    for i, o in enumerate(output_size):
        if not (isinstance(o, numbers.Integral) or (o is None and nd > 1)):     # None: keep that dim's size
            raise TypeError(f"{op}(): argument 'output_size' (position 2) must be tuple of ints, but found element "
                            f"of type {type(o).__name__} at pos {i}")
    if len(output_size) != nd:
        raise RuntimeError(f"{op}(): output_size must have {nd} values (one per pooled dim), got {output_size!r}")
    out = tuple(n if o is None else int(o) for o, n in zip(output_size, size))
    if min(out) < 0:
        raise RuntimeError(f"{op}(): elements of output_size must be greater than or equal to 0, got "
                           f"{output_size!r}")
    return out


def _adaptive_avg(input, output_size, nd, op):
    if nd > 1 and not isinstance(input, Tensor):      # (torch's Python code reads input.size() first)
        raise NotTensorError(f"'{type(input).__name__}' object has no attribute 'size' ({op}(): the input must be "
                             "a tensor)")
    input = tensor_arg(input, op)
    if isinstance(output_size, (tuple, list)) and None in output_size and input.ndim < nd + 1:
        raise ValueError(f"Input dimension should be at least {nd + 1} ({op}(): output_size {tuple(output_size)} keeps "
                         f"sizes of the input {tuple(input.shape)}, which has too few dims)")
    if input.ndim not in (nd + 1, nd + 2):
        raise RuntimeError(f"{op}(): expected a {nd + 1}-D or {nd + 2}-D input, got shape {tuple(input.shape)}")
    if input._data.dtype.kind != "f":
        conv.pool_dtype(input, op)
    conv.check_not_empty(input, input.ndim - nd, op)
    size = tuple(input.shape[-nd:])
    out = _adaptive_output_size(output_size, size, op)
    y = input
    for axis in range(nd):                       # one averaging matrix per dim: y ← y ×_axis A
        dim = input.ndim - nd + axis
        if size[axis] == out[axis]:
            continue
        if out[axis] and size[axis] % out[axis] == 0:     # windows that tile the dim: the mean of each block
            y = y.unflatten(dim, (out[axis], size[axis] // out[axis])).mean(dim + 1)
            continue
        a = _adaptive_matrix(size[axis], out[axis], input)
        y = (y.movedim(dim, -1) @ a.t()).movedim(-1, dim)
    if y is input:
        return input.clone()
    if nd == 1:                                  # torch's names: a 1-D pool is its 2-D one, squeezed; to 1 a mean
        return named(y, "SqueezeBackward1")
    if set(out) == {1}:
        return named(y, "MeanBackward1", inputs=(input,))
    return named(y, f"AdaptiveAvgPool{nd}DBackward0", inputs=(input,))


def adaptive_avg_pool1d(input, output_size):
    return _adaptive_avg(input, output_size, 1, "adaptive_avg_pool1d")


def adaptive_avg_pool2d(input, output_size):
    """Average pooling to a fixed output size (any sizes; windows as torch's)."""
    return _adaptive_avg(input, output_size, 2, "adaptive_avg_pool2d")


def adaptive_avg_pool3d(input, output_size):
    return _adaptive_avg(input, output_size, 3, "adaptive_avg_pool3d")


def _adaptive_windows(n_in, n_out):
    """(index (n_out, m), valid (n_out, m)): window i covers floor(i·n/o) .. ceil((i+1)·n/o) - 1, padded to
    the longest window m."""
    i = np.arange(n_out)
    start = (i * n_in) // n_out
    end = -((-(i + 1) * n_in) // n_out)
    m = int((end - start).max()) if n_out else 0
    idx = start[:, None] + np.arange(m)
    valid = idx < end[:, None]
    return np.minimum(idx, n_in - 1), valid


def _adaptive_max(input, output_size, nd, return_indices, op):
    """Max over torch's adaptive windows: every window gathered (shorter ones padded with -inf), the max
    read at its argmax (the first on ties), so the gradient goes to that element."""
    input = tensor_arg(input, op)
    if isinstance(output_size, (tuple, list)) and None in output_size and input.ndim < nd + 1:
        raise ValueError(f"Input dimension should be at least {nd + 1} ({op}(): output_size {tuple(output_size)} keeps "
                         f"sizes of the input {tuple(input.shape)}, which has too few dims)")
    if input.ndim not in (nd + 1, nd + 2):
        raise RuntimeError(f"{op}(): expected a {nd + 1}-D or {nd + 2}-D input, got shape {tuple(input.shape)}")
    if input._data.dtype.kind != "f":
        conv.pool_dtype(input, op)
    conv.check_not_empty(input, 1, op)
    size = tuple(input.shape[-nd:])
    out = _adaptive_output_size(output_size, size, op)
    lead = input.ndim - nd
    if min(out) == 0 or input.numel() == 0:      # an empty output (still in the graph), as torch's
        empty = input.reshape(-1)[:0].reshape(tuple(input.shape[:lead]) + out)
        return (empty, _wrap(input.xp.zeros(empty.shape, np.int64))) if return_indices else empty
    key, valid, ms, idxs = [], None, [], []
    for axis, (n_in, n_out) in enumerate(zip(size, out)):
        idx, ok = _adaptive_windows(n_in, n_out)
        ms.append(idx.shape[1])
        idxs.append(idx)
        # the index arrays broadcast to (*out, *m): this axis' output dim and window dim
        shape = [1] * (2 * nd)
        shape[axis], shape[nd + axis] = idx.shape
        key.append(backend.to_device(idx.reshape(shape), input.device))
        ok = ok.reshape(shape)
        valid = ok if valid is None else valid & ok
    windows = input[(slice(None),) * lead + tuple(key)]                  # (..., *out, *m)
    flat = windows.reshape(tuple(windows.shape[:lead + nd]) + (-1,))
    xp = input.xp
    mask = backend.to_device(valid.reshape(out + (-1,)), input.device)
    data = xp.where(mask, flat._data, -np.inf if input.dtype.is_floating_point else np.iinfo(flat._data.dtype).min)
    pos = xp.argmax(data, axis=-1)[..., None]
    values = flat.gather(-1, _wrap(pos)).squeeze(-1)
    if not return_indices:
        return values
    kpos = np.unravel_index(backend.to_numpy(pos[..., 0]), tuple(ms))    # window offsets per axis
    flat_idx = 0
    grid = np.indices(out)
    for axis in range(nd):
        coord = idxs[axis][grid[axis], kpos[axis]]
        flat_idx = flat_idx * size[axis] + coord
    return values, _wrap(backend.to_device(np.asarray(flat_idx, dtype=np.int64), input.device))


def adaptive_max_pool1d(input, output_size, return_indices=False):
    return _adaptive_max(input, output_size, 1, return_indices, "adaptive_max_pool1d")


def adaptive_max_pool2d(input, output_size, return_indices=False):
    """Max pooling to a fixed output size (any sizes; windows as torch's)."""
    return _adaptive_max(input, output_size, 2, return_indices, "adaptive_max_pool2d")


def adaptive_max_pool3d(input, output_size, return_indices=False):
    return _adaptive_max(input, output_size, 3, return_indices, "adaptive_max_pool3d")


# ---------------------------------------------------------------------------------------------
# Padding
# ---------------------------------------------------------------------------------------------
_MODES = ("constant", "reflect", "replicate", "circular")


def _pad_index(n, lo, hi, mode):
    """Which input element each output position reads: positions -lo .. n+hi-1 mapped into [0, n)
    (lo, hi >= 0)."""
    i = np.arange(-lo, n + hi)
    if mode == "reflect":
        i = np.abs(i)
        return np.where(i >= n, 2 * (n - 1) - i, i)
    if mode == "replicate":
        return np.clip(i, 0, n - 1)
    return np.mod(i, n)


def pad(input, pad, mode="constant", value=None):
    """Pad (or, with negative numbers, crop) the last dims: ``pad`` = (left, right, top, bottom, ...) as
    torch. ``mode``: 'constant' (with ``value``), 'reflect', 'replicate' or 'circular'."""
    input = tensor_arg(input, "pad")
    if pad is None or isinstance(pad, (numbers.Number, str)):
        raise TypeError(f"pad(): argument 'pad' (position 2) must be tuple of ints, not {type(pad).__name__} "
                        "(give (left, right) per padded dim, last dim first, e.g. (1, 1))")
    pad = tuple(pad)
    bad = [i for i, v in enumerate(pad) if not isinstance(v, numbers.Integral)]
    if bad:
        raise TypeError(f"pad(): argument 'pad' (position 2) must be tuple of ints, but found element of type "
                        f"{type(pad[bad[0]]).__name__} at pos {bad[0]} (pad(): give whole numbers of elements)")
    if not isinstance(mode, str):
        raise TypeError(f"pad(): argument 'mode' (position 3) must be str, not {type(mode).__name__} (give one of "
                        f"{_MODES})")
    if mode not in _MODES:
        raise NotImplementedError(f"Unrecognised padding mode {mode} (pad(): mode must be one of {_MODES})")
    if isinstance(value, complex):
        raise TypeError("pad(): argument 'value' (position 4) must be float, not complex")
    if len(pad) % 2 or len(pad) // 2 > input.ndim:
        raise RuntimeError(f"pad(): padding must be an even number of ints, at most 2 per dim of the input "
                           f"(shape {tuple(input.shape)}), got {pad}")
    npairs = len(pad) // 2
    if mode != "constant":
        if value not in (None, 0, 0.0):
            raise RuntimeError(f"pad(): padding mode {mode!r} doesn't take in value argument")
        if input.dtype == dtypes.bool and mode != "circular":
            kind = "reflection" if mode == "reflect" else "replication"
            raise NotImplementedError(f'"{kind}_pad{npairs}d" not implemented for \'Bool\' (pad(): pad a '
                                      "float or integer tensor, e.g. input.float())")
        if not (npairs <= 3 and input.ndim in (npairs + 1, npairs + 2)):
            raise NotImplementedError(f"pad(): padding size {len(pad)} is not supported for {input.ndim}D input in "
                                      f"mode {mode!r}: pad the last 1, 2 or 3 dims of a (N, C, ...) or (C, ...) input")
    out = input
    for i in range(npairs):
        dim = input.ndim - 1 - i
        lo, hi = int(pad[2 * i]), int(pad[2 * i + 1])
        n = input.shape[dim]
        if n + lo + hi < 0 or (n + lo + hi == 0 and mode != "constant"):
            raise RuntimeError(f"pad(): the padding ({lo}, {hi}) of dim {dim} would leave a size of {n + lo + hi} "
                               f"(input shape {tuple(input.shape)})")
        if mode == "reflect" and (lo >= n or hi >= n):
            raise RuntimeError(f"pad(): reflect padding ({lo}, {hi}) must be smaller than the input's size {n} in "
                               f"dim {dim} (shape {tuple(input.shape)})")
        if mode == "circular" and (lo > n or hi > n):
            raise RuntimeError(f"pad(): circular padding ({lo}, {hi}) must be at most the input's size {n} in dim "
                               f"{dim} (shape {tuple(input.shape)})")
        if lo == 0 and hi == 0:
            continue
        if mode == "constant":
            out = _pad_constant(out, dim, lo, hi, 0.0 if value is None else value)
            continue
        if (lo < 0 or hi < 0) and mode != "circular":   # reflect/replicate: pad the input, then crop (as torch:
            full = _pad_index(n, max(lo, 0), max(hi, 0), mode)         # a reflection may reach past the crop)
            idx = backend.to_device(full[max(0, -lo):len(full) - max(0, -hi)], input.device)
            out = TakeAlong.apply(out, idx, dim)
            continue
        if lo < 0 or hi < 0:                       # circular: negative padding crops first (as torch)
            start = max(0, -lo)
            out = out.narrow(dim, start, n - start - max(0, -hi))
            n, lo, hi = out.shape[dim], max(lo, 0), max(hi, 0)
            if max(lo, hi) > n:
                raise RuntimeError(f"pad(): {mode} padding ({lo}, {hi}) is too large for dim {dim} of size {n} "
                                   "after cropping")
        if lo or hi:
            idx = backend.to_device(_pad_index(n, lo, hi, mode), input.device)
            out = TakeAlong.apply(out, idx, dim)
    if out is input:
        return input.clone()
    return named(out, _PAD_NAMES[mode].format(len(pad) // 2))             # torch's names


_PAD_NAMES = {"constant": "ConstantPadNdBackward0", "reflect": "ReflectionPad{}DBackward0",
              "replicate": "ReplicationPad{}DBackward0", "circular": "CatBackward0"}


def _pad_constant(x, dim, lo, hi, value):
    """Crop the negative sides, then place x in a tensor full of ``value`` (differentiable)."""
    n = x.shape[dim]
    start, stop = max(0, -lo), n - max(0, -hi)
    if start or stop != n:
        x = x.narrow(dim, start, max(0, stop - start))
    lo, hi = max(lo, 0), max(hi, 0)
    if not lo and not hi:
        return x
    shape = list(x.shape)
    shape[dim] += lo + hi
    if not x.dtype.is_floating_point and x.dtype.name != "bool":
        value = int(value)                               # as torch: the value is converted to the dtype
    out = full(shape, value, dtype=x.dtype, device=x.device)
    key = (slice(None),) * dim + (slice(lo, lo + x.shape[dim]),)
    return IndexPut.apply(out, x, key)


# ---------------------------------------------------------------------------------------------
# Interpolation
# ---------------------------------------------------------------------------------------------
_INTERP = {"nearest": 0, "nearest-exact": 0, "linear": 1, "bilinear": 2, "bicubic": 2, "trilinear": 3, "area": 0}


def _source_coords(n_in, n_out, scale, align_corners, cubic=False):
    """Where output position j samples the input, in input coordinates (torch's rule)."""
    j = np.arange(n_out, dtype=np.float64)
    if align_corners:
        return j * ((n_in - 1) / (n_out - 1)) if n_out > 1 else np.zeros(n_out)
    src = (j + 0.5) * scale - 0.5
    return src if cubic else np.maximum(src, 0.0)


def _cubic_weights(t, a=-0.75):
    """The four weights of cubic convolution for offsets -1, 0, 1, 2 around floor(src)."""
    def near(x):
        return ((a + 2) * x - (a + 3)) * x * x + 1

    def far(x):
        return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a
    return [far(t + 1), near(t), near(1 - t), far(2 - t)]


def _resample_dim(x, dim, n_out, scale, mode, align_corners):
    """x resampled along one dim: a sum of x indexed at a few positions times constant weights."""
    n_in = x.shape[dim]
    dev, dt = x.device, x._data.dtype

    def take(i):
        return TakeAlong.apply(x, backend.to_device(np.asarray(i, dtype=np.int64), dev), dim)

    def weight(w):
        shape = [1] * x.ndim
        shape[dim] = n_out
        return _wrap(backend.to_device(np.asarray(w, dtype=dt).reshape(shape), dev))

    if mode in ("nearest", "nearest-exact"):
        j = np.arange(n_out, dtype=np.float64)
        src = np.floor((j + (0.5 if mode == "nearest-exact" else 0.0)) * scale)
        return take(np.minimum(src.astype(np.int64), n_in - 1))
    if mode == "area":
        return _adaptive_avg(x.movedim(dim, -1), n_out, 1, "interpolate").movedim(-1, dim)
    src = _source_coords(n_in, n_out, scale, align_corners, cubic=mode == "bicubic")
    i0 = np.floor(src).astype(np.int64)
    t = src - i0
    if mode == "bicubic":
        ws = _cubic_weights(t)
        out = None
        for off, w in zip((-1, 0, 1, 2), ws):
            term = take(np.clip(i0 + off, 0, n_in - 1)) * weight(w)
            out = term if out is None else out + term
        return out
    i0 = np.minimum(i0, n_in - 1)
    i1 = np.minimum(i0 + 1, n_in - 1)
    return take(i0) * weight(1 - t) + take(i1) * weight(t)


def _resample_antialiased(x, dim, n_out, scale, mode, align_corners):
    """x resampled along one dim by torch's antialiasing filter (PIL's): output j is a normalised weighted
    sum of the inputs within the triangle (bilinear) or a = -0.5 cubic (bicubic) filter around its centre,
    the filter stretched by the scale when shrinking -- a (n_out, n_in) matrix applied by matmul."""
    n_in = x.shape[dim]
    if align_corners:
        scale = (n_in - 1) / (n_out - 1) if n_out > 1 else 0.0
    half = 1.0 if mode == "bilinear" else 2.0                 # the filter's support at scale 1
    support, inv = (half * scale, 1.0 / scale) if scale >= 1.0 else (half, 1.0)
    centre = scale * (np.arange(n_out) + 0.5)
    lo = np.maximum((centre - support + 0.5).astype(np.int64), 0)
    hi = np.minimum((centre + support + 0.5).astype(np.int64), n_in)
    i = np.arange(n_in)
    d = np.abs((i[None, :] - centre[:, None] + 0.5) * inv)
    if mode == "bilinear":
        w = np.maximum(1.0 - d, 0.0)
    else:
        a = -0.5
        w = np.where(d < 1, ((a + 2) * d - (a + 3)) * d * d + 1,
                     np.where(d < 2, ((a * d - 5 * a) * d + 8 * a) * d - 4 * a, 0.0))
    w = w * ((i[None, :] >= lo[:, None]) & (i[None, :] < hi[:, None]))
    total = w.sum(1, keepdims=True)
    w = np.where(total != 0, w / np.where(total != 0, total, 1.0), 0.0)
    m = _wrap(backend.to_device(np.ascontiguousarray(w.T).astype(x._data.dtype), x.device))   # (n_in, n_out)
    return (x.movedim(dim, -1) @ m).movedim(-1, dim)


def interpolate(input, size=None, scale_factor=None, mode="nearest", align_corners=None,
                recompute_scale_factor=None, antialias=False):
    """Resize the spatial dims of (N, C, ...) input: ``mode`` 'nearest', 'nearest-exact', 'linear' (3-D
    input), 'bilinear'/'bicubic' (4-D), 'trilinear' (5-D) or 'area'; by ``size`` or ``scale_factor``.
    Each dim is resampled in turn (the modes are separable)."""
    if not isinstance(input, Tensor):                 # (torch's Python code reads input.dim() first)
        raise NotTensorError(f"'{type(input).__name__}' object has no attribute 'dim' (interpolate(): the input must "
                             "be a tensor)")
    if (size is None) == (scale_factor is None):               # (torch checks this before the mode)
        raise ValueError(f"{'only one of' if size is not None else 'either'} size or scale_factor should be "
                         f"defined (interpolate(): give exactly one)")
    if mode not in _INTERP:
        raise NotImplementedError(f"interpolate(): mode {mode!r} is not supported; use one of {sorted(_INTERP)}")
    if antialias and not (mode in ("bilinear", "bicubic") and input.ndim == 4):
        raise ValueError(f"Anti-alias option is restricted to bilinear, bicubic, and lanczos modes and requires a 4-D "
                         f"tensor as input (interpolate(): got mode {mode!r}, a {input.ndim}-D input)")
    nd = input.ndim - 2
    if isinstance(size, (tuple, list)) and len(size) != max(nd, 0):
        raise ValueError(f"Input and output must have the same number of spatial dimensions, but got input with "
                         f"spatial dimensions of {list(input.shape[2:])} and output size of {tuple(size)} "
                         f"(interpolate(): input {tuple(input.shape)} is (N, C, *spatial); give size as "
                         f"{max(nd, 0)} values, or add the batch/channel dims)")
    if nd < 1 or nd > 3:
        raise NotImplementedError(f"Input Error: Only 3D, 4D and 5D input Tensors supported (got {input.ndim}D) "
                                  f"(interpolate(): input must be (N, C, ...), got shape {tuple(input.shape)}; "
                                  "add the batch/channel dims, e.g. x[None, None])")
    if input._data.dtype.kind in "iub" and input._data.dtype.name != "uint8" and _INTERP[mode] == 0:
        name = _TORCH_NAMES[input._data.dtype.name]
        kernel = ("adaptive_avg_pool2d" if mode == "area" else "upsample_nearest2d_channels_last" if nd == 2
                  else "compute_indices_weights_nearest")                      # (torch's kernel names)
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{name}' (interpolate(): mode {mode!r} on a "
                                  f"{input.dtype} input; convert it with .float())")
    if recompute_scale_factor and size is not None:
        raise ValueError("recompute_scale_factor is not meaningful with an explicit size. (interpolate(): drop "
                         "recompute_scale_factor, or give scale_factor instead of size)")
    if _INTERP[mode] and _INTERP[mode] != nd:
        raise NotImplementedError(f"interpolate(): mode {mode!r} needs a {_INTERP[mode] + 2}-D input, got "
                                  f"{input.ndim}-D (shape {tuple(input.shape)})")
    if mode != "area" and input.shape[1] == 0:        # (torch's kernels want channels; 'area' pools, and may)
        raise RuntimeError(f"Non-empty {input.ndim}D data tensor expected but got a tensor with sizes "
                           f"{list(input.shape)} (interpolate(): the input has no channels)")
    linear = mode in ("linear", "bilinear", "bicubic", "trilinear")
    if align_corners is not None and not linear:
        raise ValueError("interpolate(): align_corners option can only be set with the interpolating modes: "
                         "linear | bilinear | bicubic | trilinear")
    if antialias and (mode not in ("bilinear", "bicubic") or nd != 2):
        raise ValueError(f"Anti-alias option is restricted to bilinear and bicubic modes and requires a 4-D tensor "
                         f"as input (interpolate(): got mode {mode!r}, input shape {tuple(input.shape)})")
    if align_corners is not None and not isinstance(align_corners, (bool, np.bool_)):
        raise TypeError(f"interpolate(): align_corners must be a bool or None, not {type(align_corners).__name__} "
                        f"({align_corners!r})")
    factors = scale_factor if isinstance(scale_factor, (tuple, list)) else [scale_factor]
    if size is None and isinstance(scale_factor, (tuple, list)) and len(scale_factor) != nd:    # (torch: first)
        raise ValueError(f"Input and scale_factor must have the same number of spatial dimensions, but got input "
                         f"with spatial dimensions of {list(input.shape[2:])} and scale_factor of shape "
                         f"{list(scale_factor)} (interpolate(): give {nd} scale factors, one per spatial dim)")
    if scale_factor is not None and not all(isinstance(f, numbers.Real) and not isinstance(f, bool) for f in factors):
        bad = next(f for f in factors if not isinstance(f, numbers.Real) or isinstance(f, bool))
        raise TypeError(f"interpolate(): scale_factor must be a number or a tuple of numbers, not "
                        f"{type(bad).__name__} ({bad!r}); pass float(scale_factor)")
    align_corners = bool(align_corners)
    if linear and not input.dtype.is_floating_point:
        raise NotImplementedError(f"interpolate(): mode {mode!r} is not implemented for {input.dtype} input; "
                                  "convert it with .float()")
    in_size = tuple(input.shape[2:])
    if size is not None:
        if isinstance(size, (tuple, list)) and len(size) != nd:
            raise ValueError(f"interpolate(): input and output must have the same number of spatial dimensions, "
                             f"but got input with spatial dimensions of {list(in_size)} and output size of "
                             f"{tuple(size)}; give size as {nd} values")
        out = ntuple(size, nd, "size", "interpolate")
        if min(out) <= 0:
            raise RuntimeError(f"interpolate(): input and output sizes should be greater than 0, but got output size "
                               f"{out} (input {tuple(input.shape)})")
        scales = [n / o for n, o in zip(in_size, out)]
    else:
        sf = tuple(scale_factor) if isinstance(scale_factor, (tuple, list)) else (scale_factor,) * nd
        if len(sf) != nd:
            raise ValueError(f"interpolate(): scale_factor must have {nd} values for input {tuple(input.shape)}, "
                             f"got {scale_factor!r}")
        if any(float(f) <= 0 for f in sf):
            raise RuntimeError(f"interpolate(): scale_factor must be positive, got {scale_factor!r}")
        out = tuple(int(math.floor(n * float(f))) for n, f in zip(in_size, sf))
        if min(out) <= 0:
            raise RuntimeError(f"interpolate(): input and output sizes should be greater than 0, but got output size "
                               f"{out} (input {tuple(input.shape)}, scale_factor {scale_factor!r})")
        scales = [n / o for n, o in zip(in_size, out)] if recompute_scale_factor else [1 / float(f) for f in sf]
    if mode == "area":
        return _adaptive_avg(input, out, nd, "interpolate")
    y = input
    nearest2d = mode == "nearest" and nd == 2
    for axis in range(nd):
        scale = scales[axis]
        if out[axis] == in_size[axis] and (scale == 1.0 or nearest2d or antialias or
                                           mode in ("linear", "bilinear", "trilinear")):
            continue                    # torch copies such a dim (1-D/3-D nearest, nearest-exact, bicubic: scale)
        if nearest2d and out[axis] == 2 * in_size[axis]:
            scale = 0.5                 # torch's 2-D nearest: output index // 2, whatever the scale_factor
        resample = _resample_antialiased if antialias else _resample_dim
        y = resample(y, 2 + axis, out[axis], scale, mode, align_corners)
    aa = "Aa" if antialias else ""
    return named(y, _UPSAMPLE_NAMES[mode] + f"{nd}D{aa}Backward0") if y is not input else input.clone()


_UPSAMPLE_NAMES = {"nearest": "UpsampleNearest", "nearest-exact": "UpsampleNearestExact", "linear": "UpsampleLinear",
                   "bilinear": "UpsampleBilinear", "bicubic": "UpsampleBicubic", "trilinear": "UpsampleTrilinear"}


def upsample(input, size=None, scale_factor=None, mode="nearest", align_corners=None):
    warnings.warn("`nn.functional.upsample` is deprecated. Use `nn.functional.interpolate` instead.", UserWarning,
                  stacklevel=2)
    return interpolate(input, size, scale_factor, mode, align_corners)


def upsample_nearest(input, size=None, scale_factor=None):
    warnings.warn("`nn.functional.upsample_nearest` is deprecated. Use `nn.functional.interpolate` instead.", UserWarning,
                  stacklevel=2)
    return interpolate(input, size, scale_factor, mode="nearest")


def upsample_bilinear(input, size=None, scale_factor=None):
    warnings.warn("`nn.functional.upsample_bilinear` is deprecated. Use `nn.functional.interpolate` instead.", UserWarning,
                  stacklevel=2)
    return interpolate(input, size, scale_factor, mode="bilinear", align_corners=True)


# ---------------------------------------------------------------------------------------------
# unfold / fold (im2col and col2im as nn.functional names them)
# ---------------------------------------------------------------------------------------------
def unfold(input, kernel_size, dilation=1, padding=0, stride=1):
    """Every (KH, KW) patch of (N, C, H, W) input as a column: (N, C·KH·KW, L) (conv.py's Im2col)."""
    input = tensor_arg(input, "unfold")
    if input.ndim not in (3, 4):
        raise NotImplementedError(f"unfold(): input must be 3-D or 4-D (N, C, H, W), got shape {tuple(input.shape)}")
    unbatched = input.ndim == 3
    x = input.unsqueeze(0) if unbatched else input
    k, d, p, s = (_fold_pair(v, name, "unfold", input, "im2col") for v, name in
                  ((kernel_size, "kernel_size"), (dilation, "dilation"), (padding, "padding"), (stride, "stride")))
    _check_fold_args(k, s, d, "unfold")
    geo = conv.Geometry(x.shape[2], x.shape[3], k, s, p, d)
    if geo.oh <= 0 or geo.ow <= 0:
        raise RuntimeError(f"unfold(): the kernel {k} does not fit in the padded input {tuple(input.shape)}")
    cols = conv.Im2col.apply(x, geo, False)
    return cols.squeeze(0) if unbatched else cols


def _fold_pair(v, name, op, input, kernel):
    """unfold's/fold's int or pair of ints (torch's RuntimeError for another length); they compute on floats."""
    if not input.dtype.is_floating_point:
        raise NotImplementedError(f"\"{kernel}_out_cpu\" not implemented for '{_TORCH_NAMES[input._data.dtype.name]}' "
                                  f"({op}(): give a float tensor, e.g. input.float())")
    if isinstance(v, (tuple, list)) and len(v) != 2:
        raise RuntimeError(f"It is expected {name} equals to 2, but got size {len(v)} ({op}(): give an int or a "
                           "pair of ints)")
    return ntuple(v, 2, name, op)


def _check_fold_args(k, s, d, op):
    """torch's checks of unfold's and fold's kernel size, stride and dilation (each must be >= 1)."""
    for name, v in (("kernel size", k), ("stride", s), ("dilation", d)):
        if min(v) <= 0:
            key = name.replace(" size", "")
            raise RuntimeError(f"{name} should be greater than zero, but got {key}_height: {v[0]} {key}_width: "
                               f"{v[1]} ({op}(): give {name} >= 1)")


def fold(input, output_size, kernel_size, dilation=1, padding=0, stride=1):
    """The adjoint of unfold: columns (N, C·KH·KW, L) summed back into (N, C, H, W) (conv.py's Col2im)."""
    input = tensor_arg(input, "fold")
    if input.ndim not in (2, 3):
        raise NotImplementedError(f"fold(): input must be 2-D or 3-D (N, C·KH·KW, L), got {tuple(input.shape)}")
    unbatched = input.ndim == 2
    cols = input.unsqueeze(0) if unbatched else input
    (h, w), k, d, p, s = (_fold_pair(v, name, "fold", input, "col2im") for v, name in
                          ((output_size, "output_size"), (kernel_size, "kernel_size"), (dilation, "dilation"),
                           (padding, "padding"), (stride, "stride")))
    _check_fold_args(k, s, d, "fold")
    geo = conv.Geometry(h, w, k, s, p, d)
    n, ck, blocks = cols.shape
    if ck % (k[0] * k[1]) or blocks != geo.oh * geo.ow:
        raise RuntimeError(f"fold(): expected input's size at dim 1 to be divisible by {k[0] * k[1]} and its "
                           f"size at dim 2 to be {geo.oh * geo.ow} blocks, got shape {tuple(input.shape)}")
    out = conv.Col2im.apply(cols, geo, (n, ck // (k[0] * k[1]), h, w), False)
    return out.squeeze(0) if unbatched else out
