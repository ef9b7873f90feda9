"""``minigrad.nn.functional``: layers and losses as functions, with torch's signatures.

Most are compositions of the primitives in ``minigrad/ops`` (so their gradients come for free);
conv2d and pooling are primitives of their own (``minigrad/ops/conv.py``). Linear, conv2d, the
normalisations, embedding and the common losses are here; the rest of torch's functions (activations as
single ops, dropout, N-d convolution and pooling, padding modes, attention, rarer losses) are in
``functional_extra.py``, which does not import this module, and are re-exported from here.
"""
from __future__ import annotations

import numbers
import operator
import warnings
import weakref

import numpy as np

from .. import backend, dtypes
from ..autograd.function import named, rename_node
from ..autograd.grad_mode import no_grad
from ..ops import nn_nodes as _nodes, pointwise as _pointwise
from ..ops._helpers import NotTensorError, no_bool, number_arg, operands as _operands
from ..ops.conv import avg_pool2d, max_pool2d  # noqa: F401
from ..ops.conv import conv2d as _conv2d, pair as _pair
from ..ops import index as _index
from ..ops.linalg import matmul as _matmul
from ..ops.pointwise import relu as _relu, sigmoid, tanh, where  # noqa: F401  (F.sigmoid, F.tanh)
from ..ops import reduce as _reduce_ops
from ..tensor import Tensor, _wrap
from ._reduction import (REDUCTIONS as _REDUCTIONS, check_reduction as _check_reduction,
                         legacy_reduction as _legacy_reduction, reduce_loss as _reduce, no_grad_needed)
from .functional_extra import *  # noqa: F401,F403  (activations as ops, dropout, N-d conv/pool, pad modes, attention)
from .ctc import ctc_loss  # noqa: F401
from .fractional import fractional_max_pool2d, fractional_max_pool3d  # noqa: F401
from .functional_extra import _broadcast_error, _implicit_dim, _same_dtypes, _torch_float_name, must_be_tensor


# ---------------------------------------------------------------------------------------------
# Linear
# ---------------------------------------------------------------------------------------------
def linear(input, weight, bias=None):
    """input @ weightᵀ + bias, recorded as torch records it: ``AddmmBackward0`` (with a bias) or
    ``MmBackward0`` over a ``TBackward0`` view of the weight; other input ranks are viewed as a matrix
    and back (``ViewBackward0``, then ``UnsafeViewBackward0`` as torch >= 2.15 names it)."""
    if not isinstance(input, Tensor) or not isinstance(weight, Tensor):
        raise TypeError(f"linear(): input and weight must be Tensors, got {type(input).__name__} and "
                        f"{type(weight).__name__}")
    if bias is not None and not isinstance(bias, Tensor):
        kind = type(bias)
        name = kind.__name__ if kind.__module__ == "builtins" else f"{kind.__module__.split('.')[0]}.{kind.__name__}"
        raise TypeError(f"linear(): argument 'bias' (position 3) must be Tensor, not {name}")
    xa, wa = input._data, weight._data          # (the checks read the arrays: no property calls)
    if xa.dtype != wa.dtype or (bias is not None and bias._data.dtype != xa.dtype):
        other = weight if xa.dtype != wa.dtype else bias
        raise RuntimeError(f"mat1 and mat2 must have the same dtype, but got {_torch_float_name(input)} and "
                           f"{_torch_float_name(other)} (linear(): cast the input with .to(weight.dtype), or the "
                           "layer with .to(dtype))")
    if xa.dtype.kind == "b":
        no_bool("linear", "addmm_impl_cpu_", input)
    if wa.ndim != 2 or xa.ndim == 0:
        if wa.ndim == 1 and bias is not None:
            raise RuntimeError(f"addmm: mat2 must be a matrix, got 1-D tensor (linear(): with a bias the weight must be 2-D "
                               f"(out_features, in_features), got shape {tuple(wa.shape)})")
        if wa.ndim > 2:
            raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is {wa.ndim}D (linear(): the "
                               f"weight must be 2-D (out_features, in_features), got shape {tuple(wa.shape)}; "
                               "use torch.matmul for batched weights)")
        out = _matmul(input, weight.t() if wa.ndim == 2 else weight)  # 1-D weights: matmul's rules
        return out if bias is None else out + bias
    if xa.shape[-1] != wa.shape[1]:
        rows = input.numel() // xa.shape[-1] if xa.shape[-1] else 0
        raise RuntimeError(f"{'mm' if bias is None else 'addmm'}: mat1 and mat2 shapes cannot be multiplied "
                           f"({rows}x{xa.shape[-1]} and {wa.shape[1]}x{wa.shape[0]}) (linear(): the input's last dim "
                           f"{xa.shape[-1]} must equal in_features={wa.shape[1]})")   # (torch 2.13: no "addmm: ")
    x = input if xa.ndim == 2 else input.reshape(-1, xa.shape[-1])
    if bias is None:
        out = _nodes.Mm.apply(x, _nodes.T.apply(weight))
    else:
        ba = bias._data
        if ba.ndim > 1 or (ba.ndim == 1 and ba.shape[0] not in (1, wa.shape[0])):
            # torch broadcasts any bias to the output's shape (*input.shape[:-1], out_features)
            shape = (*xa.shape[:-1], wa.shape[0])
            try:
                fits = np.broadcast_shapes(ba.shape, shape) == shape
            except ValueError:
                fits = False
            if not fits:
                raise RuntimeError(f"linear(): bias of shape {tuple(ba.shape)} does not match out_features="
                                   f"{wa.shape[0]}; it must have shape ({wa.shape[0]},) or broadcast to the "
                                   f"output's shape {shape}")
            if xa.ndim != 2:
                out = _nodes.Mm.apply(x, _nodes.T.apply(weight)).reshape(shape)
                return out + bias
        out = _nodes.Addmm.apply(bias, x, _nodes.T.apply(weight))
    if xa.ndim == 2:
        return out
    out = out.reshape(*xa.shape[:-1], wa.shape[0])
    if out._grad_fn is not None:                  # torch >= 2.15's name for this reshape (2.14: ViewBackward0);
        # a vector without a bias is one matrix product's row, squeezed (torch: SqueezeBackward4)
        rename_node(out._grad_fn, "SqueezeBackward4" if xa.ndim == 1 and bias is None else "UnsafeViewBackward0")
    return out


def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """2-D convolution (minigrad/ops/conv.py), after torch's argument checks with torch's messages."""
    if isinstance(input, Tensor) and isinstance(weight, Tensor):
        _check_conv2d(input, weight, bias, stride, padding, dilation, groups)
    return _conv2d(input, weight, bias, stride, padding, dilation, groups)


def _conv_pair(v, name):
    """``_pair``, with torch's RuntimeError for a tuple of the wrong length (e.g. a 3-D stride)."""
    if isinstance(v, (tuple, list)) and len(v) not in (1, 2):
        raise RuntimeError(f"expected {name} to be a single integer value or a list of 2 values to match the "
                           f"convolution dimensions, but got {name}={list(v)} (conv2d())")
    return _pair(v, name, "conv2d")


def _check_conv2d(input, weight, bias, stride, padding, dilation, groups):
    if input.ndim not in (3, 4):
        raise RuntimeError(f"Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: "
                           f"{list(input.shape)}")
    if isinstance(groups, bool) or not isinstance(groups, numbers.Integral):
        raise TypeError(f"conv2d(): argument 'groups' must be int, not {type(groups).__name__} ({groups!r})")
    if groups <= 0:
        raise RuntimeError(f"non-positive groups is not supported (conv2d got groups={groups})")
    s, d = _conv_pair(stride, "stride"), _conv_pair(dilation, "dilation")
    if min(s) <= 0:
        raise RuntimeError(f"non-positive stride is not supported (conv2d got stride={stride})")
    if min(d) <= 0:
        raise RuntimeError(f"dilation should be greater than zero, but got {list(d)}")
    p = (0, 0) if isinstance(padding, str) else _conv_pair(padding, "padding")
    if min(p) < 0:
        raise RuntimeError(f"negative padding is not supported (conv2d got padding={padding})")
    if weight.ndim != 4:
        return                                                  # the op explains
    if min(weight.shape[2:]) == 0:
        raise RuntimeError(f"conv2d(): the kernel size must be at least 1 in each dim, got a weight of size "
                           f"{list(weight.shape)} (a layer made with kernel_size=0 cannot run)")
    if weight.shape[0] % groups:
        raise RuntimeError(f"Given groups={groups}, expected weight to be divisible by {groups} at dimension 0, but "
                           f"got weight of size [{list(weight.shape)}] instead")
    c = input.shape[-3]
    if c != weight.shape[1] * groups:
        batched = list(input.shape) if input.ndim == 4 else [1] + list(input.shape)
        raise RuntimeError(f"Given groups={groups}, weight of size {list(weight.shape)}, expected input{batched} to "
                           f"have {weight.shape[1] * groups} channels, but got {c} channels instead (conv2d(): the "
                           f"input's dim -3 must equal in_channels)")
    if bias is not None and not isinstance(bias, Tensor):
        raise must_be_tensor(bias, "conv2d", "bias", 3)
    if bias is not None and tuple(bias.shape) != (weight.shape[0],):
        raise RuntimeError(f"Given weight of size {list(weight.shape)}, expected bias to be 1-dimensional with "
                           f"{weight.shape[0]} elements, but got bias of size {list(bias.shape)} instead")
    if padding != "same":
        h, w = input.shape[-2] + 2 * p[0], input.shape[-1] + 2 * p[1]
        kh, kw = d[0] * (weight.shape[2] - 1) + 1, d[1] * (weight.shape[3] - 1) + 1
        if h < kh or w < kw:
            raise RuntimeError(f"Calculated padded input size per channel: ({h} x {w}). Kernel size: ({kh} x {kw}). "
                               "Kernel size can't be greater than actual input size")


# ---------------------------------------------------------------------------------------------
# Activations
# ---------------------------------------------------------------------------------------------
def relu_(input):
    return input.relu_()


def relu(input, inplace=False):
    return input.relu_() if inplace else _relu(input)


def leaky_relu(input, negative_slope=0.01, inplace=False):
    """x if x > 0 else negative_slope·x (one LeakyReluBackward0 node)."""
    return input.leaky_relu_(negative_slope) if inplace else _pointwise.leaky_relu(input, negative_slope)


def softmax(input, dim=None, _stacklevel=3, dtype=None):
    if dim is None:
        dim = _implicit_dim("softmax", input.ndim, _stacklevel)
    return _reduce_ops.softmax(input, dim, dtype)


def log_softmax(input, dim=None, _stacklevel=3, dtype=None):
    if dim is None:
        dim = _implicit_dim("log_softmax", input.ndim, _stacklevel)
    return _reduce_ops.log_softmax(input, dim, dtype)


def normalize(input, p=2.0, dim=1, eps=1e-12):
    if isinstance(dim, (Tensor, np.integer)):
        dim = operator.index(dim)                  # (normalize takes an index-like dim, unlike norm)
    return input / input.norm(p=p, dim=dim, keepdim=True).clamp_min(eps).expand_as(input)     # (torch's graph)


# ---------------------------------------------------------------------------------------------
# Dropout and normalisation
# ---------------------------------------------------------------------------------------------
def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-5):
    """Normalise per channel (dim 1) over the batch and spatial dims, then scale and shift: one
    NativeBatchNormBackward0 node, as torch. Training uses the batch's statistics and updates the running
    ones in place (the variance unbiased); evaluation uses the running statistics."""
    if not isinstance(input, Tensor):
        raise must_be_tensor(input, "batch_norm", "input", 1)
    if training.__class__ is not bool:
        raise TypeError(f"batch_norm(): argument 'training' (position 6) must be bool, not {type(training).__name__} "
                        "(pass training=True or False)")
    if training and input.ndim >= 2 and input.numel() // max(input.shape[1], 1) == 1:
        raise ValueError(f"Expected more than 1 value per channel when training, got input size "
                         f"{_size(input)} (batch_norm(): use a batch of more than one sample, or model.eval())")
    if eps < 0 or (training and eps == 0):
        raise ValueError(f"batch_norm eps must be {'positive during training' if training else 'non-negative'}, but "
                         f"got {eps} (a small positive eps such as 1e-5 keeps the division finite)")
    for name, pos, t in (("weight", 2, weight), ("bias", 3, bias), ("running_mean", 4, running_mean),
                         ("running_var", 5, running_var)):              # torch.batch_norm's positions
        if t is not None and not isinstance(t, Tensor):
            raise must_be_tensor(t, "batch_norm", name, pos)
    c = input.shape[1] if input.ndim >= 2 else None
    if c is None:                                   # a 0-D or 1-D input has no channel dim (torch reads 0 channels)
        given = [(name, t) for name, t in (("running_mean", running_mean), ("running_var", running_var),
                                           ("weight", weight), ("bias", bias)) if t is not None and t.numel()]
        where = (f"batch_norm(): the input of shape {tuple(input.shape)} has no channel dim 1; give (N, C) or "
                 "(N, C, *), e.g. input.unsqueeze(0)")
        if given:
            raise RuntimeError(f"{given[0][0]} should contain 0 elements not {given[0][1].numel()} ({where})")
        raise IndexError(f"Dimension out of range (expected to be in range of [-1, 0], but got 1) ({where})")
    for name, t in (("running_mean", running_mean), ("running_var", running_var), ("weight", weight), ("bias", bias)):
        if t is not None and c is not None and t.numel() != c:
            raise RuntimeError(f"{name} should contain {c} elements not {t.numel()} (batch_norm(): input "
                               f"{tuple(input.shape)} has {c} channels along dim 1)")
    if input._data.dtype.kind != "f":
        raise NotImplementedError(f"\"batch_norm\" not implemented for '{_torch_dtype_name(input)}' (batch_norm(): "
                                  "the input must be floating point; use input.float())")
    _same_dtypes(input, (weight, bias, running_mean, running_var), "batch_norm")
    dims = (0,) + tuple(range(2, input.ndim))
    if training:
        x = input._data
        x = x.astype("float32") if x.dtype == "float16" else x          # (float16: statistics in float32, as torch)
        mean = var = None                       # (the op computes its own statistics; these update the running ones)
        if running_mean is not None:
            mean, var = x.mean(axis=dims), x.var(axis=dims)
            n = input.numel() // input.shape[1]
            with no_grad():
                running_mean.mul_(1 - momentum).add_(_wrap(mean) * momentum)
                running_var.mul_(1 - momentum).add_(_wrap(var) * (momentum * n / max(n - 1, 1)))
    else:
        if running_mean is None or running_var is None:
            raise RuntimeError("running_mean and running_var must be defined in evaluation mode (batch_norm(): "
                               "pass them, or training=True)")
        mean, var = running_mean._data.copy(), running_var._data.copy()
    return _nodes.NativeBatchNorm.apply(input, weight, bias, mean=mean, var=var, eps=eps, training=training)


def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5):
    """Normalise over the last dims (``normalized_shape``), then scale and shift: one NativeLayerNormBackward0
    node, as torch."""
    if not isinstance(input, Tensor):
        raise must_be_tensor(input, "layer_norm", "input", 1)
    if isinstance(normalized_shape, numbers.Integral):     # torch's function takes only a tuple or list
        raise TypeError(f"layer_norm(): argument 'normalized_shape' (position 2) must be tuple of ints, not int "
                        f"(write ({normalized_shape},); nn.LayerNorm({normalized_shape}) takes the int)")
    bad = [i for i, n in enumerate(normalized_shape) if isinstance(n, bool) or not isinstance(n, numbers.Integral)]
    if bad:
        raise TypeError(f"layer_norm(): argument 'normalized_shape' (position 2) must be tuple of ints, but found "
                        f"element of type {type(normalized_shape[bad[0]]).__name__} at pos {bad[0]}")
    for name, pos, t in (("weight", 3, weight), ("bias", 4, bias)):
        if t is not None and not isinstance(t, Tensor):
            raise must_be_tensor(t, "layer_norm", name, pos)
    k = len(normalized_shape)
    if k == 0:
        raise RuntimeError("Expected normalized_shape to be at least 1-dimensional, i.e., containing at least one "
                           "element, but got normalized_shape = [] (layer_norm(): give the trailing dims to normalise)")
    if k > input.ndim or tuple(input.shape[input.ndim - k:]) != tuple(normalized_shape):
        raise RuntimeError(f"Given normalized_shape={list(normalized_shape)}, expected input with shape "
                           f"[*, {', '.join(map(str, normalized_shape))}], but got input of size{list(input.shape)}")
    for name, t in (("weight", weight), ("bias", bias)):
        if t is not None and tuple(t.shape) != tuple(normalized_shape):
            raise RuntimeError(f"Expected {name} to be of same shape as normalized_shape, but got {name} of shape "
                               f"{list(t.shape)} and normalized_shape = {list(normalized_shape)} (layer_norm())")
    _same_dtypes(input, (weight, bias), "layer_norm")
    if not input.dtype.is_floating_point:
        raise NotImplementedError(f"layer_norm(): not implemented for {input.dtype} input; call .float() on it first")
    eps = number_arg(eps, "layer_norm", "eps", 5, kind="float")
    return _nodes.NativeLayerNorm.apply(input, weight, bias, ndims=k, eps=eps)


def embedding(input, weight, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False,
              sparse=False):
    """Rows of ``weight`` picked by the integer ``input`` (one EmbeddingBackward0 node). The row at
    ``padding_idx`` gets no gradient; with ``max_norm`` the picked rows are first renormalised in place
    (under no_grad) to at most that norm, as torch's."""
    if not isinstance(input, Tensor):
        raise TypeError(f"embedding(): argument 'indices' must be Tensor, not {type(input).__name__}")
    if not isinstance(weight, Tensor):
        raise must_be_tensor(weight, "embedding", "weight", 1)
    if input.dtype not in (dtypes.int64, dtypes.int32):
        raise RuntimeError(f"Expected tensor for argument #1 'indices' to have one of the following scalar types: "
                           f"Long, Int; but got {input.dtype} instead (while checking arguments for embedding); "
                           "use input.long()")
    for name, pos, flag in (("scale_grad_by_freq", 4, scale_grad_by_freq), ("sparse", 5, sparse)):
        if type(flag) is not bool:
            raise TypeError(f"embedding(): argument '{name}' (position {pos}) must be bool, not {type(flag).__name__}")
    if not isinstance(weight, Tensor) or weight.ndim != 2:
        raise RuntimeError(f"embedding(): 'weight' must be 2-D (num_embeddings, embedding_dim), got "
                           f"{tuple(weight.shape) if isinstance(weight, Tensor) else type(weight).__name__}")
    n = weight.shape[0]
    if input.numel() and n == 0:
        raise RuntimeError(f"index_select(): self indexing axis dim should be positive (embedding(): the table "
                           f"{tuple(weight.shape)} has no rows to pick; give num_embeddings >= 1)")
    if input.numel():
        lo, hi = _min_max(input)
        if lo < 0 or hi >= n:
            raise IndexError(f"index out of range in self (embedding(): index {int(lo) if lo < 0 else int(hi)} "
                             f"for a table of {n} rows; indices must be in [0, {n}))")
    if padding_idx is not None:
        if isinstance(padding_idx, Tensor):     # torch tests `padding_idx > 0`: one element, an integer one, reads
            if padding_idx.numel() != 1:        # as its value
                raise RuntimeError(f"Boolean value of Tensor with more than one value is ambiguous (embedding(): "
                                   f"padding_idx must be one row index, got shape {tuple(padding_idx.shape)})")
            if not (padding_idx.dtype.is_floating_point or padding_idx.dtype is dtypes.bool):
                padding_idx = int(padding_idx.item())
        if padding_idx.__class__ is not int and not (isinstance(padding_idx, numbers.Integral) and
                                                     not isinstance(padding_idx, bool)):
            raise TypeError(f"embedding(): argument 'padding_idx' (position 3) must be int, not "
                            f"{type(padding_idx).__name__} ({padding_idx!r}); give the padding row's index")
        if not -n <= padding_idx < n:
            raise _EmbeddingAssertion("Padding_idx must be within num_embeddings")
        padding_idx = padding_idx % n if n else padding_idx
    if max_norm is not None:
        with no_grad():
            idx = input._data.reshape(-1)
            rows = _wrap(backend.array_module(idx).unique(idx))
            picked = weight[rows]
            norms = picked.norm(p=norm_type, dim=1, keepdim=True)
            scale = where(norms > max_norm, max_norm / (norms + 1e-7), 1.0)
            weight[rows] = picked * scale
    out = _nodes.Embedding.apply(weight, indices=input._data, padding_idx=padding_idx,
                                 scale_grad_by_freq=scale_grad_by_freq)
    if sparse and out.requires_grad:
        out.register_hook(_SparseRows(weight, input._data, padding_idx))
    return out


class _SparseRows:
    """With ``sparse=True`` the gradient stays dense, but the rows it covers -- those looked up, less
    ``padding_idx`` (torch's sparse gradient's indices) -- are noted on the weight as ``_sparse_rows`` when
    backward passes, for SparseAdam's lazy update; zero_grad() and SparseAdam.step() forget them."""

    def __init__(self, weight, indices, padding_idx):
        self.weight, self.indices, self.padding_idx = weight, indices, padding_idx

    def __call__(self, grad):
        rows = np.unique(backend.to_numpy(self.indices))
        if self.padding_idx is not None:
            rows = rows[rows != self.padding_idx]
        seen = getattr(self.weight, "_sparse_rows", None)
        self.weight._sparse_rows = rows if seen is None else np.union1d(seen, rows)


class _EmbeddingAssertion(AssertionError, ValueError):
    """torch asserts on a padding_idx outside the table or a table that is not 2-D: this error is an
    AssertionError by name and type, as torch's, and a ValueError too (minigrad's kind for a bad argument)."""


_EmbeddingAssertion.__name__ = _EmbeddingAssertion.__qualname__ = "AssertionError"


# ---------------------------------------------------------------------------------------------
# Losses
# ---------------------------------------------------------------------------------------------
def _same_dtype(input, target, op):
    """input and target in the dtype torch computes in (float input with an int target: the input's)."""
    return _operands(input, target, op)


def _helpers_broadcastable(a, b) -> bool:
    """Whether two shapes broadcast together."""
    return all(x == y or 1 in (x, y) for x, y in zip(reversed(tuple(a)), reversed(tuple(b))))


def _broadcast_pair(input, target):
    """torch's pointwise losses broadcast input and target first, so a 0-d target promotes as a dimensioned
    tensor would (a float32 input with a 0-d float64 target: a float64 loss)."""
    if tuple(input.shape) == tuple(target.shape):
        return input, target
    shape = np.broadcast_shapes(tuple(input.shape), tuple(target.shape))
    return input.expand(shape), target.expand(shape)


def _check_pair(input, target, op):
    if not isinstance(input, Tensor) or not isinstance(target, Tensor):
        raise NotTensorError(f"{op}(): input and target must be Tensors, got {type(input).__name__} and "
                        f"{type(target).__name__}")
    if tuple(input.shape) != tuple(target.shape):
        try:
            np.broadcast_shapes(tuple(input.shape), tuple(target.shape))
        except ValueError:
            raise _broadcast_error(tuple(input.shape), tuple(target.shape), op) from None
        warnings.warn(f"Using a target size (torch.Size({list(target.shape)})) that is different to the input size "
                      f"(torch.Size({list(input.shape)})). This will likely lead to incorrect results due to "
                      "broadcasting. Please ensure they have the same size.", stacklevel=3)   # torch's words


def mse_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    """mean((input - target)²)"""
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    _check_pair(input, target, "mse_loss")
    input, target = _broadcast_pair(input, target)
    if not input.dtype.is_floating_point and not target.dtype.is_floating_point:
        raise NotImplementedError(f"mse_loss(): not implemented for {input.dtype} input and target; call .float() "
                                  "on them first")
    if weight is None:                           # one MseLossBackward0 node, as torch
        x, y = _same_dtype(input, target, "mse_loss")
        return _nodes.MseLoss.apply(x, y, reduction=reduction)
    _check_loss_weight(weight, input)
    d = input - target
    return _reduce(d * d * weight, reduction, "mse_loss")


def _check_loss_weight(weight, input):
    if not isinstance(weight, Tensor) or tuple(weight.shape) != tuple(input.shape):
        raise ValueError(f"Weights and input must have the same size. (got weight "
                         f"{tuple(weight.shape) if isinstance(weight, Tensor) else type(weight).__name__} for "
                         f"input {tuple(input.shape)})")


def l1_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_pair(input, target, "l1_loss")
    input, target = _broadcast_pair(input, target)
    return _reduce((input - target).abs(), reduction, "l1_loss")


def smooth_l1_loss(input, target, size_average=None, reduce=None, reduction="mean", beta=1.0):
    """½(x-y)²/β where |x-y| < β, else |x-y| - ½β (one SmoothL1LossBackward0 node)."""
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_pair(input, target, "smooth_l1_loss")             # (torch refuses the shapes before the reduction)
    _check_reduction(reduction)
    input, target = _broadcast_pair(input, target)
    _float_pair(input, target, "smooth_l1_cpu", "smooth_l1_loss")
    beta = number_arg(beta, "smooth_l1_loss", "beta", 4, kind="float")
    if not beta >= 0:                                         # (a NaN beta too, as torch)
        raise RuntimeError(f"smooth_l1_loss does not support negative values for beta. (got beta={beta})")
    x, y = _same_dtype(input, target, "smooth_l1_loss")
    return _nodes.SmoothL1Loss.apply(x, y, beta=float(beta), reduction=reduction)


def _float_pair(input, target, kernel, op):
    if not input.dtype.is_floating_point and not target.dtype.is_floating_point:
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{_torch_dtype_name(input)}' ({op}(): input "
                                  f"{input.dtype} and target {target.dtype}; call .float() on them first)")


def huber_loss(input, target, reduction="mean", delta=1.0, weight=None):
    """½(x-y)² where |x-y| < δ, else δ(|x-y| - ½δ) (one HuberLossBackward0 node; = δ·smooth_l1 with β=δ)."""
    _check_pair(input, target, "huber_loss")
    _check_reduction(reduction)
    _float_pair(input, target, "huber_cpu", "huber_loss")
    if not input.dtype.is_floating_point:         # (a float target: the float result can't go into an int input)
        raise RuntimeError(f"result type {_torch_float_name(target)} can't be cast to the desired output type "
                           f"{_torch_dtype_name(input)} (huber_loss(): input {input.dtype}, target {target.dtype}; "
                           "convert the input with input.float())")
    number_arg(delta, "huber_loss", "delta", 4, kind="float")
    if not delta > 0:
        raise RuntimeError(f"huber_loss does not support non-positive values for delta. (got delta={delta})")
    if target.dtype != input.dtype and input.dtype.is_floating_point and target.dtype.is_floating_point:
        target = target.to(input.dtype)                 # the result has the input's dtype (as torch)
    if weight is not None:
        _check_loss_weight(weight, input)
        d = (input - target).abs()
        loss = where(d < delta, 0.5 * d * d, delta * (d - 0.5 * delta)) * weight
        return _reduce(loss, reduction, "huber_loss")
    x, y = _same_dtype(input, target, "huber_loss")
    return _nodes.HuberLoss.apply(x, y, delta=float(delta), reduction=reduction)


def _check_batch(input, target, op):
    if input.ndim >= 2 and target.ndim >= 1 and target.shape[0] != input.shape[0]:
        raise ValueError(f"Expected input batch_size ({input.shape[0]}) to match target batch_size "
                         f"({target.shape[0]}). ({op}(): input {tuple(input.shape)}, target {tuple(target.shape)})")


def _class_targets(input, target, op, ignore_index):
    """Check integer class targets against (N, C, d1, ...) or (C,) input; return (N, d1...) targets."""
    if target._data.dtype == np.uint8:                       # torch takes Byte class indices too
        target = target.long()
    if target._data.dtype != np.int64:
        _check_batch(input, target, op)
        name = _torch_float_name(target) if target.is_floating_point() else _torch_dtype_name(target)
        raise RuntimeError(
            f"expected target dtype to be Long or Byte, but got {name} ({op}(): class-index targets must be int64, "
            f"got {target.dtype} of shape {tuple(target.shape)}; use target.long(), or pass class probabilities with the same "
            f"shape as the input {tuple(input.shape)})")
    if input.ndim >= 2 and target.ndim >= 1 and target.shape[0] != input.shape[0]:
        _check_batch(input, target, op)
    expected = (input.shape[0],) + tuple(input.shape[2:]) if input.ndim >= 2 else ()
    if input.ndim == 1 and tuple(target.shape) == (1,):        # one sample given as a 1-element target (as torch)
        target = target.reshape(())
    if tuple(target.shape) != expected:
        if input.ndim == 1 and target.ndim == 1 and target.shape[0] != 1:
            raise ValueError(f"For 1D input, 1D target must have size 1, but got target size: {target.shape[0]} "
                             f"({op}(): input {tuple(input.shape)} is one sample; give one class index)")
        if input.ndim >= 2 and target.ndim == 0:
            raise ValueError(f"Expected input batch_size ({input.shape[0]}) to match target batch_size (0). ({op}(): "
                             f"input {tuple(input.shape)}, a 0-d target; give one class index per sample)")
        raise RuntimeError(f"{op}(): expected a target of shape {expected} for an input of shape "
                           f"{tuple(input.shape)} (classes along dim {1 if input.ndim >= 2 else 0}), got "
                           f"{tuple(target.shape)}")
    c = input.shape[1] if input.ndim >= 2 else input.shape[0]
    t = target._data
    key = (target._version, c, ignore_index)
    seen = _CHECKED_TARGETS.get("last")
    if seen is not None and seen[0]() is target and seen[1] == key:   # checked already (a GPU sync each time)
        return target if type(t) is type(input._data) else target.to(input.device)
    if t.size:
        valid = t[t != ignore_index] if ignore_index is not None else t
        if valid.size and (int(valid.min()) < 0 or int(valid.max()) >= c):
            bad = int(valid.max()) if int(valid.max()) >= c else int(valid.min())
            raise IndexError(f"Target {bad} is out of bounds. ({op}(): classes must be in [0, {c}) for an input "
                             f"with {c} classes, shape {tuple(input.shape)})")
    _CHECKED_TARGETS["last"] = (weakref.ref(target), key)
    if type(t) is not type(input._data):
        target = target.to(input.device)
    return target


_CHECKED_TARGETS: dict = {}


def nll_loss(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction="mean"):
    """-input[i, target[i]] (weighted); 'mean' divides by the total weight of the non-ignored targets."""
    reduction = _legacy_reduction(size_average, reduce, reduction)
    if reduction not in _REDUCTIONS:
        raise ValueError(f"{reduction} is not a valid value for reduction (nll_loss(): use one of {_REDUCTIONS})")
    if not isinstance(input, Tensor):
        raise must_be_tensor(input, "nll_loss_nd", "input", 1)
    if not isinstance(target, Tensor):
        raise must_be_tensor(target, "nll_loss_nd", "target", 2)
    ignore_index = _check_ignore_index(ignore_index, "nll_loss_nd")
    if input.ndim == 0:
        raise RuntimeError("nll_loss(): input must have at least 1 dimension (classes)")
    _float_logits(input, "nll_loss_out_frame", "nll_loss")
    target = _class_targets(input, target, "nll_loss", ignore_index)
    if input.ndim == 1:                       # a single sample: (C,) input, () target
        loss = nll_loss(input.unsqueeze(0), target.unsqueeze(0), weight, None, ignore_index, None, reduction)
        return loss.squeeze(0) if reduction == "none" else loss
    if weight is not None:
        _check_weight(weight, input, "nll_loss")
        no_grad_needed(weight, "nll_loss_forward", "weight")
    w = None if weight is None else weight.detach().to(input.dtype).to(input.device)
    return _nodes.NllLoss.apply(input, target, weight=None if w is None else w._data, ignore_index=ignore_index,
                         reduction=reduction)


def _float_logits(input, kernel, op):
    if not input.is_floating_point():
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{_torch_dtype_name(input)}' ({op}() needs "
                                  "floating-point scores: use input.float())")


def _torch_dtype_name(t):
    return {"int64": "Long", "int32": "Int", "int16": "Short", "int8": "Char", "uint8": "Byte",
            "bool": "Bool"}.get(t.dtype.name, str(t.dtype))


def _check_ignore_index(ignore_index, fn):
    """ignore_index as an int (a 0-d integer tensor is read as its value, as torch)."""
    if isinstance(ignore_index, Tensor) and ignore_index.ndim == 0 and ignore_index._data.dtype.kind in "iu":
        return int(ignore_index)
    if type(ignore_index) is not int and not (isinstance(ignore_index, numbers.Integral) and
                                              not isinstance(ignore_index, bool)):
        raise TypeError(f"{fn}(): argument 'ignore_index' (position 5) must be int, not {type(ignore_index).__name__}")
    return int(ignore_index)


def _check_weight(weight, input, op, same_dtype=True):
    c = input.shape[1] if input.ndim >= 2 else input.shape[0]
    if not isinstance(weight, Tensor):
        raise must_be_tensor(weight, {"nll_loss": "nll_loss_nd"}.get(op, op + "_loss"), "weight", 3)
    if not isinstance(weight, Tensor) or tuple(weight.shape) != (c,):
        raise RuntimeError(f"{op}(): weight must be a tensor of shape ({c},) (one weight per class), got "
                           f"{tuple(weight.shape) if isinstance(weight, Tensor) else type(weight).__name__}")
    if same_dtype and weight.dtype != input.dtype:
        raise RuntimeError(f"expected scalar type {_torch_float_name(input)} but found {_torch_float_name(weight)} "
                           f"({op}(): the class weights are {weight.dtype}, the input {input.dtype}; use "
                           "weight.to(input.dtype))")


def cross_entropy(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None,
                  reduction="mean", label_smoothing=0.0):
    """Cross-entropy of logits ``input`` (N, C, ...) against class indices (N, ...) or class
    probabilities (same shape as input), with torch's ``weight``, ``ignore_index``, ``reduction`` and
    ``label_smoothing``. Uses log_softmax, so logits of ±1e4 are fine."""
    reduction = _legacy_reduction(size_average, reduce, reduction)
    if reduction not in _REDUCTIONS:
        raise ValueError(f"{reduction} is not a valid value for reduction (cross_entropy(): use one of {_REDUCTIONS})")
    if not isinstance(input, Tensor) or not isinstance(target, Tensor):
        raise TypeError("cross_entropy(): input and target must be Tensors")
    ignore_index = _check_ignore_index(ignore_index, "cross_entropy_loss")
    if input.ndim == 0:                  # (torch: IndexError for probability targets, which look for dim 1)
        raise (IndexError if target._data.dtype.kind == "f" else RuntimeError)(
            "cross_entropy(): input must have at least 1 dimension (classes); got a 0-d tensor")
    _float_logits(input, "log_softmax_lastdim_kernel_impl", "cross_entropy")
    number_arg(label_smoothing, "cross_entropy_loss", "label_smoothing", 6, kind="float")
    if label_smoothing > 1.0:            # (a negative value means none, as torch)
        raise RuntimeError(f"cross_entropy(): label_smoothing must be between 0.0 and 1.0. Got: {label_smoothing}")
    if tuple(target.shape) == tuple(input.shape) and target._data.dtype.kind != "f":
        raise RuntimeError(f"Expected floating point type for target with class probabilities, got "
                           f"{_torch_dtype_name(target)} (cross_entropy(): a target of the input's shape "
                           f"{tuple(input.shape)} holds probabilities; class indices have shape (N, ...) without C)")
    class_dim = 1 if input.ndim >= 2 else 0
    c = input.shape[class_dim]
    if target._data.dtype.kind != "f":
        _check_batch(input, target, "cross_entropy")     # (before the weight's check, as torch)
    if weight is not None:               # probability targets may have weights of another dtype (as torch)
        _check_weight(weight, input, "cross_entropy", same_dtype=target._data.dtype.kind != "f")
    wshape = [1] * input.ndim
    wshape[class_dim] = c

    if target._data.dtype.kind == "f":                                   # class probabilities
        if ignore_index >= 0:
            raise RuntimeError(f"ignore_index is not supported for floating point target (cross_entropy(): class "
                               f"probabilities have no class to ignore; drop ignore_index={ignore_index}, or pass "
                               "int64 class indices)")
        logp = _reduce_ops.log_softmax(input, class_dim)
        if tuple(target.shape) != tuple(input.shape) and target.ndim == input.ndim - 1:
            _class_targets(input, target, "cross_entropy", ignore_index)      # explains: int64 expected
        if tuple(target.shape) != tuple(input.shape):
            _check_batch(input, target, "cross_entropy")
            raise RuntimeError(f"cross_entropy(): probability targets must have the input's shape "
                               f"{tuple(input.shape)}, got {tuple(target.shape)}; for class indices use int64 "
                               "targets of shape (N, ...)")
        if label_smoothing > 0:
            target = target * (1 - label_smoothing) + label_smoothing / c
        terms = logp * target
        if weight is not None:
            terms = terms * weight.reshape(wshape)
        if reduction == "sum":
            return -terms.sum()                  # (NegBackward0, as torch records it)
        loss = -terms.sum(class_dim)
        if reduction == "mean":                  # (torch divides by a number: DivBackward1)
            return named(loss.sum() / (input.numel() / c if c else float("nan")), "DivBackward1")  # empty: NaN
        return _reduce(loss, reduction, "cross_entropy")

    target = _class_targets(input, target, "cross_entropy", ignore_index)
    logp = _reduce_ops.log_softmax(input, class_dim)
    if label_smoothing <= 0:          # the common case: NllLossBackward0 over LogSoftmaxBackward0, as torch records it
        return nll_loss(logp, target, weight, ignore_index=ignore_index, reduction=reduction)
    nll = nll_loss(logp, target, weight, ignore_index=ignore_index, reduction=reduction)
    keep = target != ignore_index
    smooth = -(logp * weight.reshape(wshape)).sum(class_dim) if weight is not None else -logp.sum(class_dim)
    smooth = where(keep, smooth, 0.0)
    if reduction == "mean":
        if weight is not None:
            smooth = smooth.sum() / weight[where(keep, target, 0)][keep].sum()
        else:
            smooth = smooth.sum() / keep.sum()
    elif reduction == "sum":
        smooth = smooth.sum()
    return nll * (1 - label_smoothing) + smooth * (label_smoothing / c)


def binary_cross_entropy_with_logits(input, target, weight=None, size_average=None, reduce=None, reduction="mean",
                                     pos_weight=None):
    """-[y·log σ(x) + (1-y)·log(1-σ(x))], computed from the logits without overflow."""
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    if not isinstance(input, Tensor) or not isinstance(target, Tensor):
        raise NotTensorError("binary_cross_entropy_with_logits(): input and target must be Tensors (convert them "
                             "with torch.as_tensor(...))")
    if tuple(target.shape) != tuple(input.shape):
        raise ValueError(f"Target size ({_size(target)}) must be the same as input size ({_size(input)})")
    for arg, pos, t in (("weight", 3, weight), ("pos_weight", 4, pos_weight)):
        if t is not None and not isinstance(t, Tensor):
            raise must_be_tensor(t, "binary_cross_entropy_with_logits", arg, pos)
    if not input.is_floating_point():
        raise NotImplementedError(f"\"log_sigmoid_cpu\" not implemented for '{_torch_dtype_name(input)}' "
                                  "(binary_cross_entropy_with_logits() needs floating-point logits: use input.float())")
    if not target.is_floating_point() and input.is_floating_point():
        error = NotImplementedError if target.dtype.name == "bool" else RuntimeError   # (as torch: bool - bool)
        raise error(f"result type {_torch_float_name(input)} can't be cast to the desired output type "
                    f"{_torch_dtype_name(target)} (binary_cross_entropy_with_logits(): use target.float())")
    no_grad_needed(weight, "binary_cross_entropy_with_logits", "weight")
    no_grad_needed(pos_weight, "binary_cross_entropy_with_logits", "pos_weight")
    x, y = _same_dtype(input, target, "binary_cross_entropy_with_logits")
    w = None if weight is None else _broadcast_const(weight, x, "weight")
    pw = None if pos_weight is None else _broadcast_const(pos_weight, x, "pos_weight")
    return _nodes.BinaryCrossEntropyWithLogits.apply(x, y, weight=w, pos_weight=pw, reduction=reduction)


def one_hot(tensor, num_classes=-1):
    """(...) int64 class indices -> (..., num_classes) int64 one-hot rows."""
    if not isinstance(tensor, Tensor):
        raise TypeError(f"one_hot(): argument 'input' (position 1) must be Tensor, not {type(tensor).__name__} "
                        "(wrap the class indices: one_hot(torch.tensor(labels), num_classes))")
    if isinstance(num_classes, Tensor) and num_classes.ndim == 0 and num_classes._data.dtype.kind in "iu":
        num_classes = int(num_classes)                  # a 0-d integer tensor is read as its value, as torch
    if isinstance(num_classes, bool) or not isinstance(num_classes, numbers.Integral):
        raise TypeError(f"one_hot(): argument 'num_classes' (position 2) must be int, not "
                        f"{type(num_classes).__name__} ({num_classes!r}; pass int(num_classes))")
    if tensor._data.dtype != np.int64:
        raise RuntimeError(f"one_hot is only applicable to index tensor of type LongTensor. (one_hot(): got "
                           f"{tensor.dtype}; use tensor.long())")
    return _index.one_hot(tensor, num_classes)


def _size(t):
    return repr(t.shape)


def _broadcast_const(w, like, name):
    """A weight that parametrises a loss, as an array of ``like``'s dtype broadcastable to its shape."""
    if not isinstance(w, Tensor):
        raise TypeError(f"{name} must be a Tensor, got {type(w).__name__}")
    try:
        shape = np.broadcast_shapes(tuple(w.shape), tuple(like.shape))
    except ValueError:
        raise RuntimeError(f"The size of {name} {tuple(w.shape)} must be broadcastable to the input's size "
                           f"{tuple(like.shape)}") from None
    if shape != tuple(like.shape):
        raise RuntimeError(f"output with shape {list(like.shape)} doesn't match the broadcast shape {list(shape)} "
                           f"(the {name} {tuple(w.shape)} may broadcast to the input's shape {tuple(like.shape)} but "
                           "not beyond it)")
    return w.detach().to(like.dtype).to(like.device)._data


def binary_cross_entropy(input, target, weight=None, size_average=None, reduce=None, reduction="mean"):
    """-w·[y·log p + (1-y)·log(1-p)], logs clamped at -100 (one BinaryCrossEntropyBackward0 node)."""
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    if not isinstance(input, Tensor) or not isinstance(target, Tensor):
        raise NotTensorError("binary_cross_entropy(): input and target must be Tensors (convert them with "
                             "torch.as_tensor(...))")
    if tuple(target.shape) != tuple(input.shape):
        raise ValueError(f"Using a target size ({_size(target)}) that is different to the input size "
                         f"({_size(input)}) is deprecated. Please ensure they have the same size.")
    if target.dtype != input.dtype:
        raise RuntimeError(f"Found dtype {_torch_float_name(target) if target.is_floating_point() else _torch_dtype_name(target)}"
                           f" but expected {_torch_float_name(input)} (binary_cross_entropy(): the target must "
                           "have the input's dtype; use target.to(input.dtype))")
    no_grad_needed(weight, "binary_cross_entropy", "weight")
    if not input.is_floating_point():
        raise NotImplementedError(f"\"binary_cross_entropy\" not implemented for '{_torch_dtype_name(input)}' "
                                  "(binary_cross_entropy(): give probabilities as floats, e.g. input.float())")
    if input.numel():
        lo, hi = _min_max(input)
        if not (lo >= 0 and hi <= 1):
            raise RuntimeError("all elements of input should be between 0 and 1 (binary_cross_entropy(): apply "
                               "sigmoid first, or use binary_cross_entropy_with_logits on the logits)")
        lo, hi = _min_max(target)
        if not (lo >= 0 and hi <= 1):
            raise RuntimeError("all elements of target should be between 0 and 1 (binary_cross_entropy(): "
                               f"got values in [{lo:.4g}, {hi:.4g}])")
    w = None if weight is None else _broadcast_const(weight, input, "weight")
    return _nodes.BinaryCrossEntropy.apply(input, target, weight=w, reduction=reduction)


def _min_max(t):
    a = t.detach()
    return float(a.min().item()), float(a.max().item())


def kl_div(input, target, size_average=None, reduce=None, reduction="mean", log_target=False):
    for name, pos, value in (("input", 1, input), ("target", 2, target)):
        if not isinstance(value, Tensor):
            raise must_be_tensor(value, "kl_div", name, pos)
    if type(log_target) is not bool:
        raise TypeError(f"kl_div(): argument 'log_target' must be bool, not {type(log_target).__name__} (True when "
                        "the target holds log-probabilities)")
    reduction = _legacy_reduction(size_average, reduce, reduction)
    if reduction not in _REDUCTIONS + ("batchmean",):
        raise ValueError(f"{reduction} is not a valid value for reduction (kl_div(): use one of "
                         f"{_REDUCTIONS + ('batchmean',)})")
    if reduction == "mean":                     # (nn.KLDivLoss()'s default: torch's warning, each call)
        warnings.warn("reduction: 'mean' divides the total loss by both the batch size and the support size."
                      "'batchmean' divides only by the batch size, and aligns with the KL div math definition."
                      "'mean' will be changed to behave the same as 'batchmean' in the next major release.",
                      UserWarning, stacklevel=2)
    if not (input.is_floating_point() and target.is_floating_point()):
        raise RuntimeError(f"kl_div: Integral inputs not supported. (kl_div(): input {input.dtype}, target "
                           f"{target.dtype}; call .float() on them)")
    if tuple(input.shape) != tuple(target.shape) and not _helpers_broadcastable(input.shape, target.shape):
        raise _broadcast_error(tuple(target.shape), tuple(input.shape), "kl_div")     # (torch's a: the target)
    if log_target:
        loss = target.exp() * (target - input)
    else:
        # torch's xlogy(target, target) - target·input: 0·(-inf) is nan, as are a negative target's loss and the
        # target's gradient where it is 0 or negative
        from ..ops.special import xlogy
        loss = xlogy(target, target) - target * input
    if reduction == "batchmean":
        return loss.sum() / input.shape[0] if input.ndim else loss.sum()      # (a 0-d input: its sum, as torch)
    return _reduce(loss, reduction, "kl_div")


def beta_divergence(input, target, beta, weight=None, reduction="sum"):
    """The β-divergence D(target | input), elementwise (input = the model's prediction Ŷ, target = X):

        β = 2: ½ (x - y)²            β = 1: x log(x/y) - x + y  (generalised Kullback-Leibler)
        β = 0: x/y - log(x/y) - 1    (Itakura-Saito)
        else:  (x^β + (β-1) y^β - β x y^(β-1)) / (β(β-1))

    Its gradient with respect to the input is y^(β-1) - x y^(β-2). ``reduction`` defaults to 'sum'."""
    beta = float(beta)
    _check_pair(input, target, "beta_divergence")
    x, y = target, input
    if beta == 2:
        d = (x - y) ** 2 * 0.5
    elif beta == 1:
        ratio = where(x > 0, x, 1.0) / y
        d = where(x > 0, x * ratio.log(), 0.0) - x + y          # 0·log 0 = 0
    elif beta == 0:
        ratio = x / y
        d = ratio - ratio.log() - 1
    else:
        d = (x ** beta + (beta - 1) * y ** beta - beta * x * y ** (beta - 1)) / (beta * (beta - 1))
    if weight is not None:
        d = d * weight
    return _reduce(d, reduction, "beta_divergence")

