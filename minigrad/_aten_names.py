"""torch's top-level names for what minigrad keeps in ``nn.functional`` (and a few others), with torch's
positional signatures (``torch.dropout(input, p, train)``, ``torch.embedding(weight, indices)``...), the
window functions, and small predicates. ``minigrad.__getattr__`` loads this module on first use of one of
the names, so importing minigrad does not import nn."""
from __future__ import annotations

import math

import numpy as np

from .nn import functional as F


def dropout(input, p, train):
    return F.dropout(input, p, train)


def alpha_dropout(input, p, train):
    return F.alpha_dropout(input, p, train)


def feature_dropout(input, p, train):
    """Drops whole channels (dim 1) of a batched input."""
    from .nn.functional_extra import _channel_mask, _dropout
    return _dropout(input, p, train, _channel_mask(input, input.ndim), name="feature_dropout_")


def feature_alpha_dropout(input, p, train):
    return F.feature_alpha_dropout(input, p, train)


def embedding(weight, indices, padding_idx=-1, scale_grad_by_freq=False, sparse=False):
    return F.embedding(indices, weight, None if padding_idx == -1 else padding_idx,
                       scale_grad_by_freq=scale_grad_by_freq, sparse=sparse)


def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5, cudnn_enable=True):
    return F.layer_norm(input, normalized_shape, weight, bias, eps)


def rms_norm(input, normalized_shape, weight=None, eps=None):
    return F.rms_norm(input, normalized_shape, weight, eps)


def group_norm(input, num_groups, weight=None, bias=None, eps=1e-5, cudnn_enabled=True):
    return F.group_norm(input, num_groups, weight, bias, eps)


def batch_norm(input, weight, bias, running_mean, running_var, training, momentum, eps, cudnn_enabled=True):
    return F.batch_norm(input, running_mean, running_var, weight, bias, training, momentum, eps)


def instance_norm(input, weight, bias, running_mean, running_var, use_input_stats, momentum, eps,
                  cudnn_enabled=True):
    return F.instance_norm(input, running_mean, running_var, weight, bias, use_input_stats, momentum, eps)


def prelu(input, weight):
    return F.prelu(input, weight)


def threshold(input, threshold, value):
    return F.threshold(input, threshold, value)


def rrelu(input, lower=1.0 / 8, upper=1.0 / 3, training=False, generator=None):
    return F.rrelu(input, lower, upper, training)


def bilinear(input1, input2, weight, bias=None):
    return F.bilinear(input1, input2, weight, bias)


def pixel_shuffle(input, upscale_factor):
    return F.pixel_shuffle(input, upscale_factor)


def pixel_unshuffle(input, downscale_factor):
    return F.pixel_unshuffle(input, downscale_factor)


def channel_shuffle(input, groups):
    return F.channel_shuffle(input, groups)


def constant_pad_nd(input, pad, value=0):
    return F.pad(input, tuple(pad), "constant", value)


def adaptive_max_pool1d(input, output_size):
    """(values, indices), as torch's top-level function returns them."""
    return F.adaptive_max_pool1d(input, output_size, return_indices=True)


def max_pool1d_with_indices(input, kernel_size, stride=(), padding=0, dilation=1, ceil_mode=False):
    return F.max_pool1d(input, kernel_size, stride or None, padding, dilation, ceil_mode, return_indices=True)


def detach(input):
    return input.detach()


def fill(input, value):
    """A new tensor of input's shape and dtype, every element ``value``."""
    return input.detach().clone().fill_(value)


def is_signed(input):
    return input.dtype.is_signed


def is_conj(input):
    return False                        # (no complex tensors)


def is_neg(input):
    return False


def is_inference(input):
    return input.is_inference()


# ------------------------------------------------------------------ windows (for spectrograms, filters)
def _window(name, window_length, periodic, dtype, device, requires_grad, values):
    """``values(k, n)`` at k = 0..n-1, n = window_length (+1 when periodic: the symmetric window of N + 1, cut).
    k comes in the window's precision (float32 unless float64) and each window computes as torch does, op by op
    in that precision, so the float32 windows are torch's to the last bit or nearly (cos may differ by an ulp)."""
    from .factories import tensor
    if not isinstance(window_length, int) or isinstance(window_length, bool) or window_length < 0:
        raise RuntimeError(f"{name} requires non-negative window_length, got window_length={window_length}")
    from . import dtypes
    dt = dtypes.get_default_dtype() if dtype is None else dtype
    if window_length == 0:
        arr = np.zeros(0)
    elif window_length == 1:
        arr = np.ones(1)
    else:
        n = window_length + 1 if periodic else window_length
        k = np.arange(n, dtype=np.float64 if dt == dtypes.float64 else np.float32)
        arr = values(k, n)[:window_length]
    return tensor(arr, dtype=dt, device=device, requires_grad=requires_grad)


def _cos(x):
    """cos in x's precision, from the float64 cos (rounded once)."""
    return np.cos(x.astype(np.float64)).astype(x.dtype)


def _raised_cosine(alpha, beta):
    def values(k, n):
        f = k.dtype.type
        return _cos(k * f(2 * math.pi / (n - 1))) * f(-beta) + f(alpha)
    return values


def hann_window(window_length, periodic=True, *, dtype=None, layout=None, device=None, requires_grad=False):
    """0.5 - 0.5 cos(2πk / (N - 1))."""
    return _window("hann_window", window_length, periodic, dtype, device, requires_grad, _raised_cosine(0.5, 0.5))


def hamming_window(window_length, periodic=True, alpha=0.54, beta=0.46, *, dtype=None, layout=None, device=None,
                   requires_grad=False):
    """alpha - beta cos(2πk / (N - 1))."""
    return _window("hamming_window", window_length, periodic, dtype, device, requires_grad,
                   _raised_cosine(alpha, beta))


def blackman_window(window_length, periodic=True, *, dtype=None, layout=None, device=None, requires_grad=False):
    """0.42 - 0.5 cos(2πk / (N - 1)) + 0.08 cos(4πk / (N - 1))."""
    def values(k, n):
        f = k.dtype.type
        x = k * f(math.pi / (n - 1))
        return _cos(x * f(4)) * f(0.08) - _cos(x * f(2)) * f(0.5) + f(0.42)
    return _window("blackman_window", window_length, periodic, dtype, device, requires_grad, values)


def bartlett_window(window_length, periodic=True, *, dtype=None, layout=None, device=None, requires_grad=False):
    """1 - |2k / (N - 1) - 1|: 2k / (N - 1) rising, then 2 - 2k / (N - 1)."""
    def values(k, n):
        w = k * k.dtype.type(2 / (n - 1))
        half = (n - 1) // 2 + 1
        w[half:] = w[half:] * k.dtype.type(-1) + k.dtype.type(2)
        return w
    return _window("bartlett_window", window_length, periodic, dtype, device, requires_grad, values)


def kaiser_window(window_length, periodic=True, beta=12.0, *, dtype=None, layout=None, device=None,
                  requires_grad=False):
    """I0(beta · sqrt(1 - (2k / (N - 1) - 1)²)) / I0(beta)."""
    def values(k, n):
        k = k.astype(np.float64)
        return np.i0(beta * np.sqrt(np.clip(1 - (2 * k / (n - 1) - 1) ** 2, 0, None))) / np.i0(beta)
    return _window("kaiser_window", window_length, periodic, dtype, device, requires_grad, values)


# --- torch's *_copy twins of the view ops (torch.view_copy, permute_copy, ...): the view's result in memory of its
# own; the gradient is the view's (clone passes it through) ---
def _copy_of(name, view):
    def copy(input, *args, **kwargs):
        out = view(input, *args, **kwargs)
        return type(out)(o.clone() for o in out) if isinstance(out, (tuple, list)) else out.clone()
    copy.__name__ = copy.__qualname__ = name
    copy.__doc__ = f"``torch.{name}``: what ``{name[:-5]}`` gives, copied into a new tensor."
    return copy


def _slice(x, dim=0, start=None, end=None, step=1):
    return x[(slice(None),) * (dim % x.ndim) + (slice(start, end, step),)]


view_copy = _copy_of("view_copy", lambda x, size: x.view(size))
permute_copy = _copy_of("permute_copy", lambda x, dims: x.permute(dims))
expand_copy = _copy_of("expand_copy", lambda x, size, *, implicit=False: x.expand(size))
transpose_copy = _copy_of("transpose_copy", lambda x, dim0, dim1: x.transpose(dim0, dim1))
t_copy = _copy_of("t_copy", lambda x: x.t())
unsqueeze_copy = _copy_of("unsqueeze_copy", lambda x, dim: x.unsqueeze(dim))
squeeze_copy = _copy_of("squeeze_copy", lambda x, dim=None: x.squeeze() if dim is None else x.squeeze(dim))
diagonal_copy = _copy_of("diagonal_copy", lambda x, offset=0, dim1=0, dim2=1: x.diagonal(offset, dim1, dim2))
select_copy = _copy_of("select_copy", lambda x, dim, index: x.select(dim, index))
slice_copy = _copy_of("slice_copy", _slice)
unbind_copy = _copy_of("unbind_copy", lambda x, dim=0: x.unbind(dim))
split_copy = _copy_of("split_copy", lambda x, split_size, dim=0: x.split(split_size, dim))
split_with_sizes_copy = _copy_of("split_with_sizes_copy", lambda x, split_sizes, dim=0: x.split(list(split_sizes), dim))
unfold_copy = _copy_of("unfold_copy", lambda x, dimension, size, step: x.unfold(dimension, size, step))
as_strided_copy = _copy_of("as_strided_copy", lambda x, size, stride, storage_offset=None:
                           x.as_strided(size, stride, storage_offset))


# --- torch's top-level in-place forms of nn.functional's (torch.selu_(x) is F.selu(x, inplace=True)) and the old
# norm names (torch.frobenius_norm, torch.nuclear_norm) ---
def celu_(input, alpha=1.0):
    return F.celu(input, alpha, inplace=True)


def selu_(input):
    return F.selu(input, inplace=True)


def rrelu_(input, lower=1.0 / 8, upper=1.0 / 3, training=False, generator=None):
    return F.rrelu(input, lower, upper, training, inplace=True)


def threshold_(input, threshold, value):
    return F.threshold(input, threshold, value, inplace=True)


def dropout_(input, p, train):
    return F.dropout(input, p, train, inplace=True)


def alpha_dropout_(input, p, train):
    return F.alpha_dropout(input, p, train, inplace=True)


def feature_alpha_dropout_(input, p, train):
    return F.feature_alpha_dropout(input, p, train, inplace=True)


def frobenius_norm(input, dim, keepdim=False):
    from . import linalg
    return linalg.vector_norm(input, 2, dim, keepdim)


def nuclear_norm(input, dim=None, keepdim=False):
    """The sum of the singular values over the last two dims (or ``dim``); ``nuclear_norm(x, True)`` is keepdim."""
    from . import linalg
    if isinstance(dim, bool):
        dim, keepdim = None, dim
    return linalg.matrix_norm(input, "nuc", (-2, -1) if dim is None else dim, keepdim)
