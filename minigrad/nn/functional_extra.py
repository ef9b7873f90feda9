"""More of ``torch.nn.functional``: activations as single ops, dropout, N-d convolutions and pooling,
padding modes, interpolation, attention, rarer losses. Re-exported by ``functional.py`` (so ``F.selu``
etc. live there); this module does not import ``functional.py``.
"""
from __future__ import annotations

import functools
import itertools
import math
import numbers
import operator
import warnings

import numpy as np

from .. import backend
from ..autograd.function import named
from ..autograd.grad_mode import is_grad_enabled, no_grad
from ..dtypes import finfo, float16, float32, float64, result_type
from ..factories import arange, full as _full, linspace, ones, zeros        # _full: `full` is an argument of two losses
from ..ops import pointwise as _pointwise
from ..ops.algebra import _pnorm, cdist, triu_indices
from ..ops._helpers import _TORCH_NAMES, NotTensorError, bool_arg, int_arg, number_arg, tensor_args, type_name
from ..ops.conv import avg_pool2d, max_pool2d, pair
from ..ops.convnd import layer_tuple, ntuple as _ntuple
from ..ops.einsum import einsum, meshgrid
from ..ops.inplace import refuse_negative_slope_backward, run_inplace
from ..ops.linalg import linear
from ..ops.nn_nodes import NativeLayerNorm, standardize
from ..ops.pointwise import minimum, relu, where
from ..ops.reduce import softmax
from ..ops.shape import cat, stack
from ..tensor import Tensor, _wrap
from ._reduction import legacy_reduction, no_grad_needed, reduce_loss
from ..ops.convnd import (adaptive_avg_pool1d, adaptive_avg_pool2d, adaptive_avg_pool3d, adaptive_max_pool1d,  # noqa
                          adaptive_max_pool2d, adaptive_max_pool3d, avg_pool1d,
                          avg_pool3d, conv1d, conv3d, conv_transpose1d, conv_transpose2d, conv_transpose3d, fold,
                          interpolate, max_pool1d, max_pool3d, max_unpool1d, max_unpool2d, max_unpool3d, pad,
                          unfold, upsample, upsample_bilinear, upsample_nearest)
from ..ops import special as _special
from ..ops.special import (gelu, hardshrink, logsigmoid, softplus, softshrink,  # noqa: F401
                           softsign, tanhshrink)


# ---------------------------------------------------------------------------------------------
# Activations with torch's ``inplace=`` flag
# ---------------------------------------------------------------------------------------------
def _maybe_inplace(op, input, inplace, name, *args):
    """``op(input, *args)``; with ``inplace=True`` its result is written into ``input``, which is returned
    (as torch: the input's grad_fn becomes the op's node, its version goes up, and a leaf that requires
    grad is refused -- the in-place machinery of ``ops/inplace.py`` does all three)."""
    if not inplace or not isinstance(input, Tensor):
        return op(input, *args)
    return run_inplace(input, lambda t, _: op(t, *args), None, name)


def elu(input, alpha=1.0, inplace=False):
    return _maybe_inplace(_special.elu if not inplace else _elu_in_place, input, inplace, "elu_", alpha)


def _elu_in_place(input, alpha=1.0, op=_special.elu):
    return refuse_negative_slope_backward(op(input, alpha), alpha, "elu")


def selu(input, inplace=False):
    return _maybe_inplace(_special.selu, input, inplace, "selu_")


def celu(input, alpha=1.0, inplace=False):
    return _maybe_inplace(_special.celu if not inplace else functools.partial(_elu_in_place, op=_special.celu),
                          input, inplace, "celu_", alpha)


def silu(input, inplace=False):
    return _maybe_inplace(_special.silu, input, inplace, "silu_")


def mish(input, inplace=False):
    return _maybe_inplace(_special.mish, input, inplace, "mish_")


def hardsigmoid(input, inplace=False):
    return _maybe_inplace(_special.hardsigmoid, input, inplace, "hardsigmoid_")


def hardswish(input, inplace=False):
    return _maybe_inplace(_special.hardswish, input, inplace, "hardswish_")


def threshold(input, threshold, value, inplace=False):
    return _maybe_inplace(_special.threshold, input, inplace, "threshold_", threshold, value)


def glu(input, dim=-1):
    _not_tensor(input, "dim", "glu")
    if isinstance(input, Tensor) and input.ndim == 0:
        raise RuntimeError("glu does not support scalars because halving size must be even (glu(): give a tensor "
                           "of at least one dim)")
    if isinstance(input, Tensor) and not -input.ndim <= dim < input.ndim:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-input.ndim}, {input.ndim - 1}], but "
                         f"got {dim}) (glu(): input of shape {tuple(input.shape)})")
    return _special.glu(input, dim)


def prelu(input, weight):
    if not isinstance(weight, Tensor):
        raise must_be_tensor(weight, "prelu", "weight", 2)
    if isinstance(input, Tensor) and input.dtype != weight.dtype:
        raise RuntimeError(f"prelu: Type promoting not supported. Got {_torch_float_name(input)} and "
                           f"{_torch_float_name(weight)} (input {input.dtype}, weight {weight.dtype}; use "
                           "module.to(input.dtype))")
    if isinstance(weight, Tensor) and weight.ndim > 1:
        raise RuntimeError(f"prelu: Expected `weight` to be a scalar or 1D tensor, but got: ndim = {weight.ndim} "
                           f"(prelu(): weight of shape {tuple(weight.shape)}; give one value per channel, "
                           "weight.reshape(-1))")
    return _special.prelu(input, weight)


def hardtanh(input, min_val=-1.0, max_val=1.0, inplace=False, _name="hardtanh"):
    if not isinstance(input, Tensor):
        raise must_be_tensor(input, _name, "input", 1)
    if min_val > max_val:
        raise ValueError(f"hardtanh(): min_val ({min_val}) cannot be greater than max_val ({max_val})")
    if not input.dtype.is_floating_point:                 # an int tensor stays int (as torch)
        if input.dtype.name == "bool":
            raise NotImplementedError("Bool inputs not supported for hardtanh (hardtanh()/relu6(): convert the "
                                      "mask with .float() first)")
        if input.dtype.name == "uint8" and (min_val < 0 or max_val < 0):
            raise RuntimeError(f"cannot do hardtanh on an unsigned type with negative limits ({_name}(): a uint8 "
                               f"tensor with min_val={min_val}, max_val={max_val}; give limits >= 0, or convert the "
                               "tensor with .float() or .long() first)")
        min_val, max_val = math.ceil(min_val), math.floor(max_val)
        return input.clamp_(min_val, max_val) if inplace else input.clamp(min_val, max_val)
    # one HardtanhBackward0 node whose gradient keeps x in the graph (second derivatives as torch's)
    return input.hardtanh_(min_val, max_val) if inplace else _pointwise.hardtanh(input, min_val, max_val)


def relu6(input, inplace=False):
    return hardtanh(input, 0.0, 6.0, inplace, _name="relu6")


def _implicit_dim(name, ndim, stacklevel):
    """torch's old choice of the softmax dim when none is given (0 for 0-, 1- and 3-D input, else 1), with
    its deprecation warning."""
    warnings.warn(f"Implicit dimension choice for {name} has been deprecated. Change the call to include dim=X as "
                  "an argument.", stacklevel=stacklevel)
    return 0 if ndim in (0, 1, 3) else 1


def softmin(input, dim=None, _stacklevel=3, dtype=None):
    if dim is None:
        dim = _implicit_dim("softmin", input.ndim, _stacklevel)
    return softmax(-input, dim, dtype)



# ---------------------------------------------------------------------------------------------
# Dropout
# ---------------------------------------------------------------------------------------------
_SELU_LIMIT = -1.7580993408473766          # SELU's value at -inf (-scale·alpha): alpha dropout's dropped value


def _check_p(p):
    if not isinstance(p, (numbers.Real, Tensor)):    # torch's comparison with it fails: that TypeError, in words
        raise TypeError(f"'<' not supported between instances of '{type(p).__name__}' and 'float' (dropout: the "
                        f"probability p must be a number in [0, 1], got {p!r})")
    if p != p:                                      # NaN passes torch's Python check; its kernel refuses it
        raise RuntimeError(f"dropout probability has to be between 0 and 1, but got {p}")
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")


def _dropout(input, p, training, mask_shape, alpha=False, inplace=False, name="dropout_"):
    """Every dropout: a keep-mask of ``mask_shape`` (broadcast over the input: one draw per element, or
    per channel), kept values scaled by 1/(1-p). ``alpha``: dropped values become SELU's negative limit,
    then an affine map restores SELU's mean and variance (nothing is scaled by 1/(1-p)). ``inplace``: the
    result is written into the input, which is returned (not when the dropout is the identity)."""
    _check_p(p)
    if type(training) is not bool:
        raise TypeError(f"{name.rstrip('_')}(): argument 'train' (position 3) must be bool, not "
                        f"{type(training).__name__} (pass training=True or False, e.g. training=self.training)")
    if not training or p == 0.0:
        return input
    if not input.dtype.is_floating_point:
        raise RuntimeError(f"dropout(): result type Float can't be cast to the desired output type of the "
                           f"{input.dtype} input; call .float() on it first")
    if inplace:
        return run_inplace(input, lambda t, _: _dropout(t, p, training, mask_shape, alpha), None, name)
    if p == 1.0:
        return input * 0.0
    keep = _mask_in_memory_order(input, mask_shape, p)
    if not alpha:
        dt = input._data.dtype.type
        return input * _wrap(keep.astype(dt) * (dt(1) / dt(1.0 - p)))
    a = ((1 - p) * (1 + p * _SELU_LIMIT * _SELU_LIMIT)) ** -0.5
    b = -a * _SELU_LIMIT * p
    keep = _wrap(keep.astype(input._data.dtype))
    return (input * keep + _SELU_LIMIT * (1 - keep)) * a + b


def _mask_in_memory_order(input, mask_shape, p):
    """The keep-mask, drawn as torch draws it (bernoulli_ into empty_like(input)): one draw per element in the
    order the input's values lie in memory, so a transposed input (attention's batch_first output) gets
    torch's mask."""
    a = input._data
    perm = sorted(range(a.ndim), key=lambda d: -a.strides[d])          # the dims from outermost in memory
    if tuple(mask_shape) != a.shape or perm == list(range(a.ndim)) or not a.transpose(perm).flags.c_contiguous:
        return backend.random_bernoulli(input.device, mask_shape, 1.0 - p)        # torch's draws for its masks
    keep = backend.random_bernoulli(input.device, tuple(a.shape[d] for d in perm), 1.0 - p)
    return keep.transpose(np.argsort(perm))


def _channel_mask(input, batched_ndim):
    """The mask shape that drops whole channels: (N, C, 1, ...) for batched input, (C, 1, ...) otherwise."""
    lead = 2 if input.ndim == batched_ndim else 1
    return tuple(input.shape[:lead]) + (1,) * (input.ndim - lead)


def must_be_tensor(value, fn, arg, pos):
    """torch's TypeError for a non-tensor argument ``arg`` (at ``pos``) of ``fn`` (to raise)."""
    return TypeError(f"{fn}(): argument '{arg}' (position {pos}) must be Tensor, not {type_name(value)} (convert it with "
                     "torch.as_tensor(...) first)")


def dropout(input, p=0.5, training=True, inplace=False):
    """Zero each element with probability p and scale the rest by 1/(1-p) (identity when not training)."""
    if not isinstance(input, Tensor):
        raise must_be_tensor(input, "dropout", "input", 1)
    return _dropout(input, p, training, tuple(input.shape), inplace=inplace)


# ---------------------------------------------------------------------------------------------
# Attention
# ---------------------------------------------------------------------------------------------
def _causal_mask(L, S, like):
    """(L, S) bool: True where query i may attend key j (j <= i), top-left aligned as torch."""
    xp = like.xp
    return _wrap(xp.tril(xp.ones((L, S), dtype=bool)))


def scaled_dot_product_attention(query, key, value, attn_mask=None, dropout_p=0.0, is_causal=False, scale=None,
                                 enable_gqa=False):
    """softmax(q kᵀ · scale + mask) v over the last two dims (scale = 1/√E by default).

    ``attn_mask``: bool (True = may attend) or float (added to the scores), broadcast to (..., L, S); a
    query whose every key is masked out gets weights 0 (output 0, no gradient), as torch's;
    ``is_causal``: query i sees keys 0..i; ``dropout_p``: dropout on the attention weights (always
    applied when > 0, as torch's function); ``enable_gqa``: key/value heads are shared by groups of
    query heads (dim -3)."""
    tensor_args("scaled_dot_product_attention", ("query", query), ("key", key), ("value", value),
                ("attn_mask" if attn_mask is not None else None, attn_mask), first=1)
    if not 0.0 <= dropout_p <= 1.0:
        raise RuntimeError(f"dropout probability has to be between 0 and 1, but got {dropout_p} "
                           "(scaled_dot_product_attention())")
    for name, t in (("query", query), ("key", key), ("value", value)):
        if not hasattr(t, "shape") or t.ndim < 2:
            raise RuntimeError(f"scaled_dot_product_attention(): {name} must be a tensor with at least 2 dims "
                               f"(..., L, E), got {getattr(t, 'shape', type(t).__name__)}")
    if query.shape[-1] != key.shape[-1] or key.shape[-2] != value.shape[-2]:
        raise RuntimeError(f"scaled_dot_product_attention(): shapes do not fit: query {tuple(query.shape)}, key "
                           f"{tuple(key.shape)}, value {tuple(value.shape)} (need query's E = key's E and key's S "
                           "= value's S)")
    if not (query.dtype == key.dtype == value.dtype):
        raise RuntimeError(f"scaled_dot_product_attention(): expected query, key and value to have the same dtype, "
                           f"got {query.dtype}, {key.dtype} and {value.dtype}")
    if enable_gqa and query.ndim >= 3 and key.shape[-3] != query.shape[-3]:
        if query.shape[-3] % key.shape[-3]:
            raise RuntimeError(f"scaled_dot_product_attention(): {query.shape[-3]} query heads are not a multiple "
                               f"of {key.shape[-3]} key/value heads")
        rep = query.shape[-3] // key.shape[-3]
        key, value = key.repeat_interleave(rep, -3), value.repeat_interleave(rep, -3)
    L, S = query.shape[-2], key.shape[-2]
    # (E = 0: the scores are empty sums, 0 whatever the scale; torch's 1/√0 never multiplies one)
    s = (1 / math.sqrt(query.shape[-1]) if query.shape[-1] else 1.0) if scale is None else scale
    scores = (query @ key.transpose(-2, -1)) * s
    if is_causal:
        if attn_mask is not None:
            raise RuntimeError("scaled_dot_product_attention(): explicit attn_mask should not be set when "
                               "is_causal=True")
        scores = scores.masked_fill(~_causal_mask(L, S, query), float("-inf"))
    if attn_mask is not None:
        if attn_mask.dtype.is_floating_point:
            if attn_mask.dtype != query.dtype:
                raise RuntimeError(f"scaled_dot_product_attention(): expected attn_mask dtype to be bool or to match "
                                   f"query dtype, but got attn_mask.dtype: {attn_mask.dtype} and query.dtype: "
                                   f"{query.dtype}")
            scores = scores + attn_mask
        elif attn_mask.dtype.name == "bool":
            scores = scores.masked_fill(~attn_mask, float("-inf"))
        else:
            raise RuntimeError(f"scaled_dot_product_attention(): attn_mask must be bool or float, got "
                               f"{attn_mask.dtype}")
    if scores.numel() == 0:                          # no queries or no keys: (..., L, Ev) of zeros
        return scores @ value
    blind = (scores == float("-inf")).all(-1, keepdim=True)     # queries whose every key is masked out
    if bool(blind.any()):                            # they attend to nothing: weights 0 (not 0/0), as torch's
        attn = softmax(scores.masked_fill(blind, 0.0), -1).masked_fill(blind, 0.0)
    else:
        attn = softmax(scores, -1)
    if dropout_p > 0:
        attn = dropout(attn, dropout_p)
    return attn @ value


def _mask_to_float(mask, like, name):
    """A bool mask (True = masked out, MultiheadAttention's convention) as 0/-inf; a float one as is."""
    if mask is None:
        return None
    if mask.dtype.is_floating_point:
        if mask.dtype != like.dtype:
            raise RuntimeError(f"Expected {name} dtype to be bool or float or to match query dtype, but got {name}.dtype: "
                               f"{mask.dtype} and query.dtype: {like.dtype} instead (multi_head_attention_forward(): "
                               f"use {name}.to(query.dtype), or a bool mask)")
        return mask
    if mask.dtype.name != "bool":
        raise AssertionError(f"only bool and floating types of {name} are supported (multi_head_attention_forward(): "
                             f"{name} is {mask.dtype}; give a bool mask, True where attention is not allowed)")
    return zeros(tuple(mask.shape), dtype=like.dtype, device=like.device).masked_fill(mask, float("-inf"))


def _check_attn_mask(attn_mask, query, key, num_heads):
    """torch's checks of attn_mask's rank and shape: (L, S), or (N·num_heads, L, S) (num_heads, L, S unbatched)."""
    batched, (L, S) = query.ndim == 3, (query.shape[0], key.shape[0])
    if attn_mask.ndim not in (2, 3):
        raise AssertionError(f"For {'batched (3-D)' if batched else 'unbatched (2-D)'} `query`, expected `attn_mask` to "
                             f"be `None`, 2-D or 3-D but found {attn_mask.ndim}-D tensor instead "
                             f"(multi_head_attention_forward(): give ({L}, {S}) or (batch·num_heads, {L}, {S}))")
    want = (L, S) if attn_mask.ndim == 2 else ((query.shape[1] if batched else 1) * num_heads, L, S)
    if tuple(attn_mask.shape) != want:
        if attn_mask.ndim == 3 and not batched:
            raise AssertionError(f"Expected `attn_mask` shape to be {want} but got {attn_mask.shape!r} "
                                 "(multi_head_attention_forward(): one (L, S) mask per head)")
        raise RuntimeError(f"The shape of the {attn_mask.ndim}D attn_mask is {attn_mask.shape!r}, but should be "
                           f"{want}. (multi_head_attention_forward(): (L, S) = (target, source) lengths; a 3-D mask "
                           "holds one per batch element and head)")


def multi_head_attention_forward(query, key, value, embed_dim_to_check, num_heads, in_proj_weight, in_proj_bias,
                                 bias_k, bias_v, add_zero_attn, dropout_p, out_proj_weight, out_proj_bias,
                                 training=True, key_padding_mask=None, need_weights=True, attn_mask=None,
                                 use_separate_proj_weight=False, q_proj_weight=None, k_proj_weight=None,
                                 v_proj_weight=None, static_k=None, static_v=None, average_attn_weights=True,
                                 is_causal=False):
    """torch's multi-head attention on (L, N, E) query and (S, N, E) key/value (or unbatched (L, E)):
    project, split into heads, attend, merge, project out. Returns (output, weights or None)."""
    if static_k is not None or static_v is not None:
        raise NotImplementedError("multi_head_attention_forward(): static_k/static_v are not supported")
    if query.ndim not in (2, 3):
        raise AssertionError(f"query should be unbatched 2D or batched 3D tensor but received {query.ndim}-D query "
                             f"tensor (multi_head_attention_forward(): query of shape {tuple(query.shape)}; give "
                             "(L, N, E) or (L, E), or (N, L, E) with batch_first=True)")
    if attn_mask is not None:
        _check_attn_mask(attn_mask, query, key, num_heads)
    if query.ndim in (2, 3) and (key.ndim != query.ndim or value.ndim != query.ndim):
        raise AssertionError(f"For {'batched (3-D)' if query.ndim == 3 else 'unbatched (2-D)'} `query`, expected `key` "
                             f"and `value` to be {query.ndim}-D but found {key.ndim}-D and {value.ndim}-D tensors "
                             "respectively (multi_head_attention_forward())")
    if use_separate_proj_weight and tuple(key.shape[:-1]) != tuple(value.shape[:-1]):
        raise AssertionError(f"key's sequence and batch dims {tuple(key.shape[:-1])} do not match value's "
                             f"{tuple(value.shape[:-1])} (multi_head_attention_forward())")
    if not use_separate_proj_weight and tuple(key.shape) != tuple(value.shape):
        raise AssertionError(f"key shape {tuple(key.shape)} does not match value shape {tuple(value.shape)} "
                             "(multi_head_attention_forward())")
    if query.ndim == 3 and key.shape[1] != query.shape[1]:
        raise RuntimeError(f"multi_head_attention_forward(): query has batch size {query.shape[1]} but key and value "
                           f"have {key.shape[1]} (shapes {tuple(query.shape)}, {tuple(key.shape)}; (L, N, E) and "
                           "(S, N, E), or batch_first=True in the module for (N, L, E))")
    unbatched = query.ndim == 2
    if unbatched:
        query, key, value = query.unsqueeze(1), key.unsqueeze(1), value.unsqueeze(1)
        if key_padding_mask is not None:
            key_padding_mask = key_padding_mask.unsqueeze(0)
    L, N, E = query.shape
    if E != embed_dim_to_check:                      # torch asserts these two
        raise AssertionError(f"multi_head_attention_forward(): was expecting embedding dimension of "
                           f"{embed_dim_to_check}, but got {E} (query shape {tuple(query.shape)})")
    if E % num_heads:
        raise AssertionError(f"multi_head_attention_forward(): embed_dim {E} not divisible by num_heads {num_heads}")
    if is_causal and attn_mask is None:
        raise RuntimeError("multi_head_attention_forward(): need attn_mask if specifying the is_causal hint "
                           "(pass the causal mask itself, e.g. from Transformer.generate_square_subsequent_mask)")
    H, D = num_heads, E // num_heads
    if use_separate_proj_weight:
        bq = bk = bv = None
        if in_proj_bias is not None:
            bq, bk, bv = in_proj_bias.chunk(3)
        for name, w, t in (("query", q_proj_weight, query), ("key", k_proj_weight, key), ("value", v_proj_weight, value)):
            if tuple(w.shape) != (E, t.shape[-1]):                # torch asserts each projection's shape
                raise AssertionError(f"expecting {name} weights shape of {(E, t.shape[-1])}, but got "
                                     f"{w.shape} (multi_head_attention_forward(): the {name}'s last dim is "
                                     f"{t.shape[-1]}; give inputs that match the layer's kdim/vdim)")
        q, k, v = linear(query, q_proj_weight, bq), linear(key, k_proj_weight, bk), linear(value, v_proj_weight, bv)
    else:
        wq, wk, wv = in_proj_weight.chunk(3)
        bq, bk, bv = in_proj_bias.chunk(3) if in_proj_bias is not None else (None, None, None)
        q, k, v = linear(query, wq, bq), linear(key, wk, bk), linear(value, wv, bv)
    attn_mask = _mask_to_float(attn_mask, q, "attn_mask")
    key_padding_mask = _mask_to_float(key_padding_mask, q, "key_padding_mask")
    if attn_mask is not None and attn_mask.ndim == 2:
        attn_mask = attn_mask.unsqueeze(0)                               # (1, L, S)
    if bias_k is not None:                                              # one learned extra key/value
        k = cat([k, bias_k.expand(1, N, E)])
        v = cat([v, bias_v.expand(1, N, E)])
        attn_mask = pad(attn_mask, (0, 1)) if attn_mask is not None else None
        key_padding_mask = pad(key_padding_mask, (0, 1)) if key_padding_mask is not None else None
    # (L, N, E) -> (N, H, L, D)
    q = q.reshape(L, N * H, D).transpose(0, 1)
    k = k.reshape(k.shape[0], N * H, D).transpose(0, 1)
    v = v.reshape(v.shape[0], N * H, D).transpose(0, 1)
    if add_zero_attn:                                                   # one extra all-zero key/value
        k = cat([k, zeros((N * H, 1, D), dtype=k.dtype, device=k.device)], 1)
        v = cat([v, zeros((N * H, 1, D), dtype=v.dtype, device=v.device)], 1)
        attn_mask = pad(attn_mask, (0, 1)) if attn_mask is not None else None
        key_padding_mask = pad(key_padding_mask, (0, 1)) if key_padding_mask is not None else None
    S = k.shape[1]
    mask = None
    if attn_mask is not None:
        if tuple(attn_mask.shape[-2:]) != (L, S) or attn_mask.shape[0] not in (1, N * H):
            raise RuntimeError(f"multi_head_attention_forward(): attn_mask should have shape ({L}, {S}) or "
                               f"({N * H}, {L}, {S}), got {tuple(attn_mask.shape)}")
        mask = attn_mask.reshape(-1, H, L, S) if attn_mask.shape[0] == N * H else attn_mask.reshape(1, 1, L, S)
    if key_padding_mask is not None:
        if tuple(key_padding_mask.shape) != (N, S):
            raise AssertionError(f"multi_head_attention_forward(): key_padding_mask should have shape ({N}, {S}), "
                                 f"got {tuple(key_padding_mask.shape)}")
        kpm = key_padding_mask.reshape(N, 1, 1, S)
        mask = kpm if mask is None else mask + kpm
    q, k, v = q.reshape(N, H, L, D), k.reshape(N, H, S, D), v.reshape(N, H, S, D)
    p = dropout_p if training else 0.0
    if need_weights:
        scores = (q @ k.transpose(-2, -1)) * (1 / math.sqrt(D))
        if mask is not None:
            scores = scores + mask
        weights = softmax(scores, -1)
        if p > 0:
            weights = dropout(weights, p)
        out = weights @ v
    else:
        weights = None
        out = scaled_dot_product_attention(q, k, v, mask, p)
    out = out.permute(2, 0, 1, 3).reshape(L, N, E)                    # (L, N, E)
    out = linear(out, out_proj_weight, out_proj_bias)
    if weights is not None and average_attn_weights:
        weights = weights.mean(1)
    if unbatched:
        out = out.squeeze(1)
        weights = weights.squeeze(0) if weights is not None else None
    return out, weights



# ---------------------------------------------------------------------------------------------
# Distances and products
# ---------------------------------------------------------------------------------------------
def _broadcast_error(a, b, op):
    """torch's message for two shapes that do not broadcast (the first dim from the right that differs)."""
    k = next(i for i in range(1, min(len(a), len(b)) + 1) if a[-i] != b[-i] and 1 not in (a[-i], b[-i]))
    return RuntimeError(f"The size of tensor a ({a[-k]}) must match the size of tensor b ({b[-k]}) at non-singleton "
                        f"dimension {max(len(a), len(b)) - k} ({op}(): shapes {a} and {b} cannot be broadcast "
                        "together)")


def cosine_similarity(x1, x2, dim=1, eps=1e-8):
    """x1·x2 / (‖x1‖·‖x2‖) along ``dim``, each norm clamped below by ``eps`` (as torch: each input is
    divided by its own norm first)."""
    tensor_args("cosine_similarity", ("x1", x1), ("x2", x2), first=1)
    dim = int_arg(dim, "cosine_similarity", "dim", 3)
    number_arg(eps, "cosine_similarity", "eps", 4, kind="float")
    if not eps >= 0:                                    # (NaN too)
        raise RuntimeError(f"eps must be non-negative, got: {eps} (cosine_similarity(): eps bounds each norm from "
                           f"below, e.g. 1e-8)")
    if tuple(x1.shape) != tuple(x2.shape):
        try:
            shape = np.broadcast_shapes(tuple(x1.shape), tuple(x2.shape))
        except ValueError:
            raise _broadcast_error(tuple(x1.shape), tuple(x2.shape), "cosine_similarity") from None
        x1, x2 = x1.expand(shape), x2.expand(shape)     # the norms run over the broadcast vectors, as torch
    if x1.dtype != x2.dtype or not x1.dtype.is_floating_point:   # promoted as torch (integers alone: refused)
        common = result_type(x1, x2)
        if not common.is_floating_point:
            raise RuntimeError(f"expected common dtype to be floating point, yet common dtype is "
                               f"{_TORCH_NAMES[common.np.name]} (cosine_similarity(): convert the inputs with .float())")
        x1, x2 = x1.to(common), x2.to(common)
    n1, n2 = x1.norm(dim=dim, keepdim=True), x2.norm(dim=dim, keepdim=True)
    # torch clamps the norms in place under no_grad: the value is clamped, the gradient is the norm's (an
    # infinite norm -- float32 values past 1e19 overflow -- stays infinite: no inf - inf, and the result is 0)
    n1 = n1 + (n1.detach().clamp(min=eps) - n1.detach()).nan_to_num(0.0)
    n2 = n2 + (n2.detach().clamp(min=eps) - n2.detach()).nan_to_num(0.0)
    return ((x1 / n1) * (x2 / n2)).sum(dim)


def pairwise_distance(x1, x2, p=2.0, eps=1e-6, keepdim=False):
    """‖x1 - x2 + eps‖_p along the last dim."""
    tensor_args("pairwise_distance", ("x1", x1), ("x2", x2), first=1)
    number_arg(p, "pairwise_distance", "p", kind="float")
    d = _pnorm(x1 - x2 + eps, p, -1)
    return named(d.unsqueeze(-1) if keepdim else d, "NormBackward1")       # (torch's name: one norm node)


def pdist(input, p=2):
    """The distances between every pair of rows i < j of an (N, M) input, as a vector."""
    if input.ndim != 2:
        raise RuntimeError(f"pdist(): only supports 2D tensors, got: {input.ndim}D")
    i = triu_indices(input.shape[0], input.shape[0], 1, device=input.device)
    return named(cdist(input[i[0]].unsqueeze(-2), input[i[1]].unsqueeze(-2), p).reshape(-1), "PdistBackward0")


def bilinear(input1, input2, weight, bias=None):
    """y_o = x1ᵀ A_o x2 + b_o (weight (out, in1, in2))."""
    tensor_args("bilinear", ("input1", input1), ("input2", input2), ("weight", weight),
                ("bias" if bias is not None else None, bias), first=1)
    if bias is not None and tuple(bias.shape) != (weight.shape[0],):
        raise RuntimeError(f"bilinear(): bias size does not match weight size: got "
                           f"{bias.shape[0] if bias.ndim else 'a 0-d bias'} but expected {weight.shape[0]} (bias "
                           f"{tuple(bias.shape)}, weight {tuple(weight.shape)}; give one bias per output feature)")
    if len({input1.dtype, input2.dtype, weight.dtype} | ({bias.dtype} if bias is not None else set())) > 1:
        names = dict(float32="float", float64="double", float16="c10::Half", int64="long int", bool="bool")
        got = ", ".join(f"{n}: {names.get(t.dtype.name, t.dtype.name)}" for n, t in
                        (("input1", input1), ("input2", input2), ("weight", weight), ("bias", bias)) if t is not None)
        raise RuntimeError(f"All tensors must have the same dtype, got {got} (bilinear(): convert them to one dtype, "
                           "e.g. with .float())")
    for i, (x, size) in enumerate(((input1, weight.shape[1]), (input2, weight.shape[2])), 1):
        if x.shape[-1] != size:
            raise RuntimeError(f"bilinear(): input{i} size does not match weight size: got {x.shape[-1]} but "
                               f"expected {size} (input{i} {tuple(x.shape)}, weight {tuple(weight.shape)})")
    if tuple(input1.shape[:-1]) != tuple(input2.shape[:-1]):
        d = next((i for i, (a, b) in enumerate(zip(input1.shape[:-1], input2.shape[:-1])) if a != b),
                 min(input1.ndim, input2.ndim) - 1)
        raise RuntimeError(f"bilinear(): input batch dimensions do not match at dim {d}: got "
                           f"{input1.shape[d] if d < input1.ndim else None} and "
                           f"{input2.shape[d] if d < input2.ndim else None} (input1 {tuple(input1.shape)}, input2 "
                           f"{tuple(input2.shape)})")
    y = einsum("...i,oij,...j->...o", input1, weight, input2)
    return y if bias is None else y + bias


# ---------------------------------------------------------------------------------------------
# Normalisation
# ---------------------------------------------------------------------------------------------
def _torch_float_name(t):
    return {"float32": "Float", "float64": "Double", "float16": "Half", "bfloat16": "BFloat16"}.get(
        t.dtype.name, str(t.dtype))


def _same_dtypes(input, others, op):
    for t in others:
        if t is not None and t.dtype != input.dtype:
            if input.dtype == float16 and t.dtype == float32:    # torch's CPU mixed precision: half in, float params
                continue
            if input.dtype == float64:
                raise RuntimeError(f"mixed dtype (CPU): all inputs must share same datatype. ({op}(): input "
                                   f"{input.dtype}, parameter or statistic {t.dtype}; use module.to(input.dtype))")
            raise RuntimeError(f"mixed dtype (CPU): expect parameter to have scalar type of "
                               f"{_torch_float_name(input)} ({op}(): input {input.dtype}, parameter or statistic "
                               f"{t.dtype}; use module.to(input.dtype))")


def _not_tensor(input, attribute, op):
    """torch's Python-level functions read ``input.dim()``/``input.size()`` first: an AttributeError (that is
    also a TypeError) for a non-tensor."""
    if not isinstance(input, Tensor):
        raise NotTensorError(f"'{type(input).__name__}' object has no attribute '{attribute}' ({op}(): the input must "
                             "be a tensor; convert it with torch.as_tensor(...))")


def _affine(out, weight, bias, shape):
    if weight is not None:
        out = out * weight.reshape(shape)
    if bias is not None:
        out = out + bias.reshape(shape)
    return out


def group_norm(input, num_groups, weight=None, bias=None, eps=1e-5):
    """Normalise each group of channels of each sample (mean 0, variance 1), then scale and shift."""
    _not_tensor(input, "dim", "group_norm")
    if not isinstance(num_groups, Tensor):        # (a tensor is read as a bool by torch's Python code)
        num_groups = int_arg(num_groups, "group_norm", "num_groups", 2)
    tensor_args("group_norm", ("weight" if weight is not None else None, weight),
                ("bias" if bias is not None else None, bias), first=3)
    if input.ndim < 2:
        raise RuntimeError(f"Expected at least 2 dimensions for input tensor but received {input.ndim} (group_norm(): "
                           f"input of shape {tuple(input.shape)}; give (N, C, ...))")
    n, c = input.shape[0], input.shape[1]
    if isinstance(num_groups, numbers.Integral) and num_groups > 0 and (n * c // num_groups) * math.prod(input.shape[2:]) == 1:
        raise ValueError(f"Expected more than 1 value per channel when training, got input size "
                         f"{[n * c // num_groups, num_groups] + list(input.shape[2:])} (group_norm(): each group needs "
                         "more than one value)")
    if c % num_groups:
        raise RuntimeError(f"Expected number of channels in input to be divisible by num_groups, but got input of "
                           f"shape {list(input.shape)} and num_groups={num_groups} (group_norm())")
    for name, t in (("weight", weight), ("bias", bias)):
        if t is not None and tuple(t.shape) != (c,):
            raise RuntimeError(f"Expected {name} to be a vector of size equal to the number of channels in input, but "
                               f"got {name} of shape {list(t.shape)} and input of shape {list(input.shape)} "
                               "(group_norm())")
    _same_dtypes(input, (weight, bias), "group_norm")
    if not input.numel():                                    # an empty batch gives an empty output (as torch)
        out = _affine(input * 1, weight, bias, (1, c) + (1,) * (input.ndim - 2))
    elif input.dtype == float16:                            # in float32, rounded once (as torch)
        out = group_norm(input.float(), num_groups, *_float32(weight, bias), eps=eps).to(input.dtype)
    else:
        x = input.reshape(n, num_groups, input.numel() // max(n * num_groups, 1))
        out = NativeLayerNorm.apply(x, None, None, ndims=1, eps=eps)         # a layer norm of each group
        out = _affine(out.reshape(tuple(input.shape)), weight, bias, (1, c) + (1,) * (input.ndim - 2))
    return named(out, "NativeGroupNormBackward0", inputs=(input, weight, bias))     # torch: one node


def _float32(*tensors):
    return [None if t is None else t.float() for t in tensors]


def instance_norm(input, running_mean=None, running_var=None, weight=None, bias=None, use_input_stats=True,
                  momentum=0.1, eps=1e-5):
    """Normalise each channel of each sample over its spatial dims."""
    _not_tensor(input, "size", "instance_norm")
    tensor_args("instance_norm", ("input", input), ("weight" if weight is not None else None, weight),
                ("bias" if bias is not None else None, bias), first=1)      # (torch's positions for the aten op)
    if input.dtype.is_floating_point:
        _same_dtypes(input, (weight, bias, running_mean, running_var), "instance_norm")
    if not use_input_stats and (running_mean is None or running_var is None):
        raise RuntimeError("Expected running_mean and running_var to be defined when use_input_stats is false "
                           "(instance_norm(): pass them, or use_input_stats=True; a layer needs "
                           "track_running_stats=True)")
    if use_input_stats and math.prod(input.shape[2:]) == 1:
        raise ValueError(f"Expected more than 1 spatial element when training, got input size {input.shape!r} "
                         "(instance_norm(): give (N, C, L...) input with more than one spatial element)")
    c = input.shape[1] if input.ndim >= 2 else 0
    for name, t in (("running_mean", running_mean), ("running_var", running_var)):
        if t is not None and t.numel() != c:          # (torch counts them per sample: N·C elements)
            raise RuntimeError(f"{name} should contain {input.shape[0] * c} elements not {input.shape[0] * t.numel()} "
                               f"(instance_norm(): one {name} value per channel: {c} for input "
                               f"{tuple(input.shape)}, got {t.numel()})")
    if input.dtype == float16:                              # in float32, rounded once (as torch)
        stats = [None if t is None else t.float() for t in (running_mean, running_var)]
        out = instance_norm(input.float(), *stats, *_float32(weight, bias), use_input_stats, momentum, eps)
        with no_grad():
            for t, s in zip((running_mean, running_var), stats):
                if t is not None and use_input_stats:
                    t.copy_(s)
        return out.to(input.dtype)
    dims = tuple(range(2, input.ndim))
    c = input.shape[1]
    shape = (1, c) + (1,) * (input.ndim - 2)
    if use_input_stats:
        out = _affine(standardize(input, dims, eps), weight, bias, shape)     # (accurate far from zero)
        if running_mean is not None:
            m = input.numel() // (input.shape[0] * c)
            with no_grad():
                mean = input.mean(dims, keepdim=True)
                var = input.var(dims, unbiased=False, keepdim=True)
                running_mean.mul_(1 - momentum).add_(mean.detach().mean(0).reshape(-1) * momentum)
                unbiased = var.detach().mean(0).reshape(-1) * (m / max(m - 1, 1))
                running_var.mul_(1 - momentum).add_(unbiased * momentum)
        return out
    mean, var = running_mean.reshape(shape), running_var.reshape(shape)
    out = (input - mean) / (var + eps).sqrt()
    return _affine(out, weight, bias, shape)


def rms_norm(input, normalized_shape, weight=None, eps=None):
    """x / √(mean(x²) + eps) over the last dims, times ``weight`` (eps: the dtype's machine epsilon)."""
    tensor_args("rms_norm", ("input", input), first=1)
    if isinstance(normalized_shape, numbers.Integral) or not all(
            isinstance(n, numbers.Integral) for n in normalized_shape):
        raise TypeError(f"rms_norm(): argument 'normalized_shape' (position 2) must be tuple of ints, not "
                        f"{type(normalized_shape).__name__} ({normalized_shape!r}; give e.g. (input.shape[-1],))")
    if weight is not None:
        tensor_args("rms_norm", ("weight", weight), first=3)
        if tuple(weight.shape) != tuple(normalized_shape):
            raise RuntimeError(f"Expected weight to be of same shape as normalized_shape, but got weight of shape "
                               f"{list(weight.shape)} and normalized_shape = {list(normalized_shape)} (rms_norm())")
    if eps is not None:
        number_arg(eps, "rms_norm", "eps", 4, kind="float")
    if not input.dtype.is_floating_point:
        raise NotImplementedError(f"\"rms_norm\" not implemented for '{_TORCH_NAMES[input.dtype.name]}' (rms_norm(): "
                                  f"the input must be floating point; use input.float())")
    dims = tuple(range(input.ndim - len(normalized_shape), input.ndim))
    if tuple(input.shape[input.ndim - len(normalized_shape):]) != tuple(normalized_shape):
        raise RuntimeError(f"rms_norm(): expected an input ending in {tuple(normalized_shape)}, got shape "
                           f"{tuple(input.shape)}")
    if eps is None:
        eps = finfo(input.dtype).eps
    out = input * ((input * input).mean(dims, keepdim=True) + eps).rsqrt()
    return (out * weight).to(input.dtype) if weight is not None else out      # (the input's dtype, as torch)


def local_response_norm(input, size, alpha=1e-4, beta=0.75, k=1.0):
    """x / (k + α·mean of x² over ``size`` neighbouring channels)^β."""
    if input.ndim < 3:
        raise ValueError(f"local_response_norm(): expected 3D or higher dimensionality input (got {input.ndim} "
                         "dimensions)")
    if size <= 0:
        raise RuntimeError(f"kernel size should be greater than zero, but got kH: {size} kW: 1 (local_response_norm(): "
                           "size is the number of neighbouring channels; give size >= 1)")
    sq = (input * input).movedim(1, -1)                        # channels last
    sq = pad(sq, (size // 2, (size - 1) // 2))
    csum = sq.cumsum(-1)
    c = input.shape[1]
    zero = csum.narrow(-1, 0, 1) * 0
    csum = cat([zero, csum], -1)
    window = (csum.narrow(-1, size, c) - csum.narrow(-1, 0, c)) / size
    div = (window * alpha + k) ** beta
    return input / div.movedim(-1, 1)


# ---------------------------------------------------------------------------------------------
# Rearranging and dropout variants
# ---------------------------------------------------------------------------------------------
def pixel_shuffle(input, upscale_factor):
    """(…, C·r², H, W) -> (…, C, H·r, W·r)."""
    tensor_args("pixel_shuffle", ("input", input), first=1)
    r = int_arg(upscale_factor, "pixel_shuffle", "upscale_factor", 2)
    if input.ndim < 3:
        raise RuntimeError(f"pixel_shuffle expects input to have at least 3 dimensions, but got input with "
                           f"{input.ndim} dimension(s) (shape {tuple(input.shape)}; give (*, C·r², H, W))")
    *lead, c, h, w = input.shape
    if r <= 0:
        raise RuntimeError(f"pixel_shuffle expects a positive upscale_factor, but got {r} (pixel_shuffle(): give r >= 1)")
    if c % (r * r):
        raise RuntimeError(f"pixel_shuffle(): expected the channels ({c}) to be divisible by the square of the "
                           f"upscale factor ({r * r})")
    x = input.reshape(*lead, c // (r * r), r, r, h, w)
    nd = len(lead)
    x = x.permute(*range(nd), nd, nd + 3, nd + 1, nd + 4, nd + 2)
    return x.reshape(*lead, c // (r * r), h * r, w * r)


def pixel_unshuffle(input, downscale_factor):
    """(…, C, H·r, W·r) -> (…, C·r², H, W)."""
    r = int_arg(downscale_factor, "pixel_unshuffle", "downscale_factor", 2)
    if input.ndim < 3:
        raise RuntimeError(f"pixel_unshuffle expects input to have at least 3 dimensions, but got input with "
                           f"{input.ndim} dimension(s) (shape {tuple(input.shape)}; give (*, C, H·r, W·r))")
    *lead, c, hr, wr = input.shape
    if r <= 0:
        raise RuntimeError(f"pixel_unshuffle expects a positive downscale_factor, but got {r} (pixel_unshuffle(): give "
                           "r >= 1)")
    if hr % r or wr % r:
        raise RuntimeError(f"pixel_unshuffle(): expected height ({hr}) and width ({wr}) to be divisible by the "
                           f"downscale factor ({r})")
    x = input.reshape(*lead, c, hr // r, r, wr // r, r)
    nd = len(lead)
    x = x.permute(*range(nd), nd, nd + 2, nd + 4, nd + 1, nd + 3)
    return x.reshape(*lead, c * r * r, hr // r, wr // r)


def channel_shuffle(input, groups):
    """(N, G·K, …) -> channels interleaved: (N, K·G, …)."""
    if input.ndim <= 2:
        raise RuntimeError(f"channel_shuffle expects input with > 2 dims, but got input with sizes "
                           f"{list(input.shape)} (channel_shuffle(): give (N, C, *))")
    if groups <= 0:
        raise RuntimeError(f"Number of groups to divide channels in must be positive. Value of groups:{groups} "
                           f"(channel_shuffle(): groups must divide the {input.shape[1]} channels)")
    n, c = input.shape[:2]
    if c % groups:
        raise RuntimeError(f"channel_shuffle(): number of channels ({c}) must be divisible by groups ({groups})")
    rest = tuple(input.shape[2:])
    return input.reshape(n, groups, c // groups, *rest).transpose(1, 2).reshape(n, c, *rest)


def _warn_rank(name, ndim, spatial):
    """torch's deprecation warning for a channel dropout given a rank other than its two."""
    if ndim not in (spatial + 1, spatial + 2):
        warnings.warn(f"{name}: Received a {ndim}-D input to {name}, which is deprecated and will result in an error "
                      "in a future release. To retain the behavior and silence this warning, please use dropout "
                      f"instead. Note that {name} exists to provide channel-wise dropout on inputs with {spatial} "
                      "spatial dimensions, a channel dimension, and an optional batch dimension (i.e. "
                      f"{spatial + 1}D or {spatial + 2}D inputs).", stacklevel=3)


def dropout1d(input, p=0.5, training=True, inplace=False):
    """Zero whole channels of (N, C, L) or (C, L) input with probability p (and scale the rest)."""
    _check_p(p)                               # (torch checks p before the input's rank)
    if input.ndim not in (2, 3):
        raise RuntimeError(f"dropout1d: Expected 2D or 3D input, but received a {input.ndim}D input. Note that "
                           "dropout1d exists to provide channel-wise dropout on inputs with 1 spatial dimension, a "
                           "channel dimension, and an optional batch dimension (i.e. 2D or 3D inputs).")
    return _dropout(input, p, training, _channel_mask(input, 3), inplace=inplace, name="feature_dropout_")


def dropout2d(input, p=0.5, training=True, inplace=False):
    """Zero whole channels of (N, C, H, W) input. As torch, other ranks warn and are read as (N, C, ...): a
    3-D input is (N, C, L), not an unbatched (C, H, W)."""
    if input.ndim < 2 and training and p > 0 and input.numel() > 0:      # (torch asks only when it draws a mask)
        raise RuntimeError(f"Feature dropout requires at least 2 dimensions in the input (dropout2d(): got shape "
                           f"{tuple(input.shape)}; use dropout() for element-wise dropout)")
    _warn_rank("dropout2d", input.ndim, 2)
    if input.ndim == 3:
        warnings.warn("dropout2d: Received a 3D input to dropout2d and assuming that channel-wise 1D dropout behavior "
                      "is desired - input is interpreted as shape (N, C, L), where C is the channel dim. This behavior "
                      "will change in a future release to interpret the input as one without a batch dimension, i.e. "
                      "shape (C, H, W). To maintain the 1D channel-wise dropout behavior, please switch to using "
                      "dropout1d instead.", stacklevel=2)
    return _dropout(input, p, training, tuple(input.shape[:2]) + (1,) * (input.ndim - 2), inplace=inplace,
                    name="feature_dropout_")


def dropout3d(input, p=0.5, training=True, inplace=False):
    _warn_rank("dropout3d", input.ndim, 3)
    return _dropout(input, p, training, _channel_mask(input, 5), inplace=inplace, name="feature_dropout_")


def alpha_dropout(input, p=0.5, training=False, inplace=False):
    """Dropout that keeps SELU's mean and variance: dropped values become SELU's negative limit, then an
    affine map restores the statistics."""
    return _dropout(input, p, training, tuple(input.shape), alpha=True, inplace=inplace, name="alpha_dropout_")


def rrelu(input, lower=1.0 / 8, upper=1.0 / 3, training=False, inplace=False):
    """Leaky ReLU with a random slope in [lower, upper] per element when training, else their mean. At 0 the
    slope is the negative side's (d/dx there is the slope, as torch's)."""
    if lower > upper:
        raise RuntimeError(f"Lower bound should be less than or equal to the upper bound (rrelu(): lower={lower}, "
                           f"upper={upper}; swap them)")
    if isinstance(input, Tensor) and not input.dtype.is_floating_point:
        kernel = "rrelu_with_noise_out_cpu" if training else "leaky_relu_cpu"       # (torch's kernel names)
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{_TORCH_NAMES[input.dtype.name]}' (rrelu(): "
                                  f"the input must be floating point; use input.float())")
    if inplace and isinstance(input, Tensor):
        return run_inplace(input, lambda t, _: refuse_negative_slope_backward(
            rrelu(t, lower, upper, training), 0 if training else (lower + upper) / 2, "leakyReLu"), None, "rrelu_")
    if not training:
        return where(input > 0, input, input * ((lower + upper) / 2))
    # torch's draws: a float64 uniform in [lower, upper) for each element <= 0, in order, none for the others
    negative = input._data <= 0
    lo, hi = (float(input._data.dtype.type(v)) for v in (lower, upper))        # the bounds in input's dtype
    slopes = backend.random_uniform(input.device, (int(negative.sum()),), np.float64) * (hi - lo) + lo
    xp = input.xp
    slope = xp.ones(input._data.shape, np.float64)
    slope[negative] = slopes
    return where(input > 0, input, input * _wrap(slope.astype(input._data.dtype)))


def gumbel_softmax(logits, tau=1.0, hard=False, eps=1e-10, dim=-1):
    """softmax((logits + Gumbel noise) / tau); ``hard``: one-hot of the argmax in forward, the soft
    sample's gradient in backward (straight-through)."""
    if not isinstance(logits, Tensor):
        raise must_be_tensor(logits, "gumbel_softmax", "logits", 1)
    if isinstance(dim, bool) or not isinstance(dim, numbers.Integral):
        raise TypeError(f"softmax(): argument 'dim' (position 1) must be int, not {type(dim).__name__} "
                        "(gumbel_softmax(): give the class dim, e.g. dim=-1)")
    xp = logits.xp
    e = _wrap(xp.empty(tuple(logits.shape), logits._data.dtype)).exponential_()._data
    g = _wrap(-xp.log(e))                   # Gumbel(0, 1) samples, from torch's exponential draws
    y = softmax((logits + g) / tau, dim)
    if not hard:
        return y
    idx = y.argmax(dim, keepdim=True)
    one_hot = (y * 0).scatter(dim, idx, 1.0)
    return one_hot - y.detach() + y


def lp_pool1d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    """(Σ over each window of x^p)^(1/p)."""
    _not_tensor(input, "pow", "lp_pool1d")
    out = avg_pool1d(input ** norm_type, kernel_size, stride, 0, ceil_mode)
    k = kernel_size if isinstance(kernel_size, int) else kernel_size[0]
    return (out.sign() * relu(out.abs())).mul(k) ** (1.0 / norm_type)


def lp_pool2d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    sizes = layer_tuple(kernel_size, 2)
    if len(sizes) != 2:                           # (torch unpacks the pair: Python's ValueError)
        head = "too many values to unpack (expected 2)" if len(sizes) > 2 else \
            f"not enough values to unpack (expected 2, got {len(sizes)})"
        raise ValueError(f"{head} (lp_pool2d(): kernel_size must be an int or a pair of ints, got {kernel_size!r})")
    kh, kw = pair(sizes, "kernel_size", "lp_pool2d")
    out = avg_pool2d(input ** norm_type, (kh, kw), stride, 0, ceil_mode)
    return (out.sign() * relu(out.abs())).mul(kh * kw) ** (1.0 / norm_type)


# ---------------------------------------------------------------------------------------------
# More losses
# ---------------------------------------------------------------------------------------------
def margin_ranking_loss(input1, input2, target, margin=0.0, size_average=None, reduce=None, reduction="mean"):
    """max(0, -y·(x1 - x2) + margin)"""
    reduction = legacy_reduction(size_average, reduce, reduction)
    for t in (input1, input2, target):
        _not_tensor(t, "dim", "margin_ranking_loss")
    number_arg(margin, "margin_ranking_loss", "margin", 4, kind="float")
    if isinstance(input1, Tensor) and isinstance(input2, Tensor) and isinstance(target, Tensor) and not (
            input1.ndim == input2.ndim == target.ndim):
        raise RuntimeError(f"margin_ranking_loss : All input tensors should have same dimension but got sizes: input1: "
                           f"{input1.shape}, input2: {input2.shape}, target: {target.shape} (broadcasting is only "
                           "between tensors of one dimensionality here)")
    return reduce_loss((-target * (input1 - input2) + margin).clamp_min(0), reduction, "margin_ranking_loss")


def hinge_embedding_loss(input, target, margin=1.0, size_average=None, reduce=None, reduction="mean"):
    """x where y = 1, max(0, margin - x) where y = -1."""
    reduction = legacy_reduction(size_average, reduce, reduction)
    tensor_args("hinge_embedding_loss", ("input", input), ("target", target), first=1)
    number_arg(margin, "hinge_embedding_loss", "margin", 3, kind="float")
    if isinstance(input, Tensor) and not input.dtype.is_floating_point:   # stays integer, margin truncated (torch)
        margin = int(margin)
    loss = where(target != 1, (margin - input).clamp(min=0), 0) + where(target != -1, input, 0)
    return reduce_loss(loss, reduction, "hinge_embedding_loss")


def soft_margin_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    """log(1 + e^(-y·x))"""
    reduction = legacy_reduction(size_average, reduce, reduction)
    for pos, (name, t) in enumerate((("input", input), ("target", target)), 1):
        if not isinstance(t, Tensor):
            raise TypeError(f"soft_margin_loss(): argument '{name}' (position {pos}) must be Tensor, not "
                            f"{type(t).__name__} (convert it with torch.as_tensor(...))")
    no_grad_needed(target, "soft_margin_loss", "target")
    if not input.dtype.is_floating_point:
        raise RuntimeError(f"result type Float can't be cast to the desired output type "
                           f"{_TORCH_NAMES[input._data.dtype.name]} (soft_margin_loss(): input {input.dtype}; convert "
                           "it with input.float())")
    if isinstance(input, Tensor) and isinstance(target, Tensor) and target.shape != input.shape:
        try:
            shape = list(np.broadcast_shapes(tuple(input.shape), tuple(target.shape)))
        except ValueError:
            shape = list(input.shape)                   # (the product below raises torch's broadcast error)
        if shape != list(input.shape):
            raise RuntimeError(f"output with shape {list(input.shape)} doesn't match the broadcast shape {shape} "
                               f"(soft_margin_loss(): the target {tuple(target.shape)} must have the input's shape "
                               f"{tuple(input.shape)})")
    return named(reduce_loss(softplus(-(input * target)), reduction, "soft_margin_loss"), "SoftMarginLossBackward0")


def multilabel_soft_margin_loss(input, target, weight=None, size_average=None, reduce=None, reduction="mean"):
    """-mean over classes of y·log σ(x) + (1 - y)·log σ(-x) (weighted per class)."""
    reduction = legacy_reduction(size_average, reduce, reduction)
    loss = -(target * logsigmoid(input) + (1 - target) * logsigmoid(-input))
    if weight is not None:
        loss = loss * weight
    class_dim = max(input.ndim - 1, 0)                 # the input's last dim (a broadcast target adds leading dims)
    loss = loss.sum(class_dim) / (input.shape[class_dim] if input.ndim else 1)
    return reduce_loss(loss, reduction, "multilabel_soft_margin_loss")


def cosine_embedding_loss(input1, input2, target, margin=0.0, size_average=None, reduce=None, reduction="mean"):
    """1 - cos(x1, x2) where y = 1, max(0, cos(x1, x2) - margin) where y = -1."""
    reduction = legacy_reduction(size_average, reduce, reduction)
    tensor_args("cosine_embedding_loss", ("input1", input1), ("input2", input2), ("target", target), first=1)
    number_arg(margin, "cosine_embedding_loss", "margin", 4, kind="float")
    if target.ndim <= 1 and not input1.ndim == input2.ndim == target.ndim + 1:
        raise RuntimeError(f"{target.ndim}D target tensor expects {target.ndim + 1}D input tensors, but found inputs "
                           f"with sizes {list(input1.shape)} and {list(input2.shape)}. (cosine_embedding_loss(): one "
                           "target per pair of rows)")
    if isinstance(target, Tensor) and target.ndim > 1:
        raise RuntimeError(f"0D or 1D target tensor expected, multi-target not supported (cosine_embedding_loss(): "
                           f"target has shape {tuple(target.shape)}; give one +1/-1 per pair, e.g. target.view(-1))")
    eps = 1e-12
    dot = (input1 * input2).sum(-1)
    mag = ((input1 * input1).sum(-1) + eps) * ((input2 * input2).sum(-1) + eps)
    cos = dot / mag.sqrt()
    loss = where(target == 1, 1 - cos, 0.0) + where(target == -1, (cos - margin).clamp(min=0), 0.0)
    return reduce_loss(loss, reduction, "cosine_embedding_loss")


def triplet_margin_loss(anchor, positive, negative, margin=1.0, p=2, eps=1e-6, swap=False, size_average=None,
                        reduce=None, reduction="mean"):
    """max(0, d(a, p) - d(a, n) + margin), d the p-norm distance (``swap``: the closer of d(a, n), d(p, n))."""
    reduction = legacy_reduction(size_average, reduce, reduction)
    if type(swap) is not bool:
        raise TypeError(f"triplet_margin_loss(): argument 'swap' (position 7) must be bool, not {type(swap).__name__}")
    tensor_args("triplet_margin_loss", ("anchor", anchor), ("positive", positive), ("negative", negative), first=1)
    number_arg(p, "triplet_margin_loss", "p", 5, kind="float")
    if margin <= 0:
        raise ValueError(f"margin must be greater than 0, got {margin} (triplet_margin_loss(): pass a positive "
                         "margin)")
    _same_ndim_triplet(anchor, positive, negative)
    d_ap = pairwise_distance(anchor, positive, p, eps)
    d_an = pairwise_distance(anchor, negative, p, eps)
    if swap:
        d_an = minimum(d_an, pairwise_distance(positive, negative, p, eps))
    return reduce_loss((margin + d_ap - d_an).clamp_min(0), reduction, "triplet_margin_loss")


def _same_ndim_triplet(anchor, positive, negative):
    dims = [t.ndim if isinstance(t, Tensor) else None for t in (anchor, positive, negative)]
    if None not in dims and len(set(dims)) > 1:
        raise RuntimeError(f"The anchor, positive, and negative tensors are expected to have the same number of "
                           f"dimensions, but got: anchor {dims[0]}D, positive {dims[1]}D, and negative {dims[2]}D inputs")


def poisson_nll_loss(input, target, log_input=True, full=False, size_average=None, eps=1e-8, reduce=None,
                     reduction="mean"):
    """exp(x) - y·x (log_input) or x - y·log(x + eps); ``full`` adds Stirling's term for y > 1."""
    reduction = legacy_reduction(size_average, reduce, reduction)
    tensor_args("poisson_nll_loss", ("input", input), ("target", target), first=1)
    for pos, (name, flag) in enumerate((("log_input", log_input), ("full", full)), 3):
        if flag.__class__ is not bool:
            raise TypeError(f"poisson_nll_loss(): argument '{name}' (position {pos}) must be bool, not "
                            f"{type(flag).__name__} (pass {name}=True or False)")
    loss = input.exp() - target * input if log_input else input - target * (input + eps).log()
    if full:
        # (computed everywhere and masked after, as torch: a target of 0 gets 0·log 0 = NaN as its gradient)
        with np.errstate(divide="ignore", invalid="ignore"):
            stirling = target * target.log() - target + 0.5 * (2 * math.pi * target).log()
        loss = loss + where(target <= 1, 0.0, stirling)
    return reduce_loss(loss, reduction, "poisson_nll_loss")


def gaussian_nll_loss(input, target, var, full=False, eps=1e-6, reduction="mean"):
    """½(log var + (x - y)²/var) (+ ½ log 2π when ``full``); var clamped to >= eps without blocking its
    gradient (as torch)."""
    if isinstance(var, (int, float)):
        var = float(var) * input.new_ones(tuple(input.shape))    # (an integer input: a float var, as torch)
    if not isinstance(var, Tensor):                # (torch's Python code compares it with 0: a TypeError)
        raise TypeError(f"'<' not supported between instances of '{type(var).__name__}' and 'int' "
                        "(gaussian_nll_loss(): var must be a tensor or a number)")
    vs, lead = tuple(var.shape), tuple(input.shape[:-1])
    if vs != tuple(input.shape):
        if vs == lead:                                      # one variance per sample: over the last dim
            var = var.unsqueeze(-1)
        elif not (len(vs) == input.ndim and sum(v for n, v in zip(input.shape, vs) if n != v) == 1):
            # (torch's rule: the same rank, and the dims that differ add up to 1 -- one dim of 1 that broadcasts)
            raise ValueError(f"var is of incorrect size (gaussian_nll_loss(): var {vs} must be the input's shape "
                             f"{tuple(input.shape)}, that shape without its last dim, or with one dim of 1)")
    if bool((var < 0).any()):
        raise ValueError("gaussian_nll_loss(): var has negative entry/entries")
    var = var + (var.clamp(min=eps) - var).detach()
    loss = 0.5 * (var.log() + (input - target) ** 2 / var)
    if full:
        loss = loss + 0.5 * math.log(2 * math.pi)
    return reduce_loss(loss, reduction, "gaussian_nll_loss")


def _margin_args(input, target, op, kernel):
    """The margin losses' tensors: both tensors, the input floating-point (torch's kernels have no integer form)."""
    for pos, (name, t) in enumerate((("input", input), ("target", target)), 1):
        if not isinstance(t, Tensor):
            raise TypeError(f"{op}(): argument '{name}' (position {pos}) must be Tensor, not {type(t).__name__} "
                            "(convert it with torch.as_tensor(...))")
    if not input.dtype.is_floating_point:
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{_TORCH_NAMES[input._data.dtype.name]}' "
                                  f"({op}(): the input holds scores; convert it with input.float())")


def multi_margin_loss(input, target, p=1, margin=1.0, weight=None, size_average=None, reduce=None, reduction="mean"):
    """Σ_{i≠y} max(0, margin - x_y + x_i)^p / C for each sample (times weight[y])."""
    reduction = legacy_reduction(size_average, reduce, reduction)
    if p not in (1, 2):
        raise ValueError("multi_margin_loss(): only p == 1 and p == 2 supported")
    number_arg(margin, "multi_margin_loss", "margin", 4)
    _margin_args(input, target, "multi_margin_loss", "multi_margin_loss_cpu_kernel")
    if input.dtype == float16:
        raise NotImplementedError("\"multi_margin_loss_cpu_kernel\" not implemented for 'Half' (multi_margin_loss(): "
                                  "convert the input with input.float())")
    if target.dtype.name != "int64":
        raise RuntimeError(f"expected scalar type Long but found {_TORCH_NAMES[target._data.dtype.name]} "
                           "(multi_margin_loss(): the target holds class indices; use target.long())")
    x = input if input.ndim == 2 else input.unsqueeze(0)
    if target.ndim > 1 or target.numel() != x.shape[0]:
        raise RuntimeError(f"multi_margin_loss: target tensor should be 1-D with size equal to the number of input "
                           f"samples (batch size). Expected target size [{x.shape[0]}], but got {list(target.shape)}. "
                           f"Input has shape {list(input.shape)}. (give one class index per sample)")
    t = target.reshape(-1, 1)
    tv = backend.to_numpy(target._data)
    if tv.size and (tv.min() < 0 or tv.max() >= x.shape[1]):
        raise RuntimeError(f"target out of range (multi_margin_loss(): class indices must be in [0, {x.shape[1]}), got "
                           f"values in [{tv.min()}, {tv.max()}])")
    if weight is not None and (weight.ndim != 1 or weight.shape[0] != x.shape[1]):
        if weight.ndim != 1:
            raise ValueError(f"weight must be one-dimensional (multi_margin_loss(): got shape {tuple(weight.shape)})")
        raise RuntimeError(f"inconsistent weight size, expected {x.shape[1]} but got {list(weight.shape)} "
                           f"(multi_margin_loss(): give one weight per class of the input {tuple(input.shape)})")
    if weight is not None and weight.requires_grad and is_grad_enabled():
        raise RuntimeError("The function 'multi_margin_loss' is not differentiable with respect to argument 'weight'. "
                           "This input cannot have requires_grad True. (multi_margin_loss(): pass weight.detach())")
    xy = x.gather(1, t)
    terms = (margin - xy + x).clamp(min=0) ** p
    if weight is not None:
        terms = terms * weight[t]
    not_y = arange(x.shape[1], device=x.device).reshape(1, -1) != t
    loss = where(not_y, terms, 0.0).sum(1) / x.shape[1]
    if input.ndim == 1:
        loss = loss.squeeze(0)
    return named(reduce_loss(loss, reduction, "multi_margin_loss"), "MultiMarginLossBackward0")



# ---------------------------------------------------------------------------------------------
# Spatial transformers: affine_grid and grid_sample
# ---------------------------------------------------------------------------------------------
def _base_coords(n, align_corners, like):
    """The normalised coordinates of n pixel centres in [-1, 1] (the corner pixels' centres when
    align_corners, else the image's edges), rounded as torch rounds them: linspace(-1, 1, n), times
    (n - 1) / n in two steps, in theta's dtype (identity thetas then land on the same pixel centres)."""
    if n <= 1:
        return zeros(1, dtype=like.dtype, device=like.device)
    r = linspace(-1, 1, n, dtype=like.dtype, device=like.device)
    return r if align_corners else r * (n - 1) / n


def affine_grid(theta, size, align_corners=None):
    """The sampling grid of an affine map: (N, H, W, 2) for theta (N, 2, 3), or (N, D, H, W, 3) for
    theta (N, 3, 4); each output pixel's normalised (x, y[, z]) = theta @ (x, y[, z], 1)."""
    if not theta.dtype.is_floating_point:
        raise ValueError(f"affine_grid(): expected theta to have floating point type, but got {theta.dtype}")
    size = list(size)
    nd = len(size) - 2
    if nd not in (2, 3):                                                   # (torch's classes, in torch's order)
        raise NotImplementedError(f"affine_grid only supports 4D and 5D sizes, for 2D and 3D affine transforms, "
                                  f"respectively. Got size {size}.")
    if theta.ndim != 3 or tuple(theta.shape[1:]) != (nd, nd + 1):
        raise ValueError(f"affine_grid(): expected a theta of shape (N, {nd}, {nd + 1}) for the {nd + 2}-D size "
                         f"{size}, got theta {tuple(theta.shape)}")
    if min(size) <= 0 and not (align_corners and min(size[2:]) == 1):
        raise ValueError(f"Expected non-zero, positive output size. Got {size} (affine_grid())")
    if theta.shape[0] != size[0]:
        raise RuntimeError(f"affine_grid(): theta holds {theta.shape[0]} matrices, the size asks for a batch of "
                           f"{size[0]} (theta {tuple(theta.shape)}, size {size})")
    spatial = size[2:]
    axes = [_base_coords(n, bool(align_corners), theta) for n in reversed(spatial)]       # x, y[, z]
    grids = meshgrid(*reversed(axes), indexing="ij")                                        # (D,) H, W
    coords = list(reversed(grids))                                                          # x, y[, z]
    th = theta.reshape(size[0], *([1] * nd), nd, nd + 1)                                    # (N, 1.., nd, nd+1)
    out = coords[0].unsqueeze(-1) * th[..., 0]            # ((x t0 + y t1) [+ z t2]) + t_last, in torch's order
    for j in range(1, nd):
        out = out + coords[j].unsqueeze(-1) * th[..., j]
    return out + th[..., nd]                                                                # (N, *spatial, nd)


def _reflect(coord, twice_low, twice_high):
    """Reflect coordinates into [twice_low/2, twice_high/2] (differentiable; the fold count is not)."""
    if twice_low == twice_high:
        return coord * 0
    lo, span = twice_low / 2, (twice_high - twice_low) / 2
    d = (coord - lo).abs()
    flips = (d / span).floor().detach()
    extra = d - flips * span
    return where(flips.remainder(2) == 0, extra + lo, span - extra + lo)


def _cubic_weights(t, A=-0.75):
    """The 4 weights of the cubic convolution at taps -1, 0, 1, 2 for a fraction t in [0, 1)."""
    s, r = t + 1, 2 - t
    return [((A * s - 5 * A) * s + 8 * A) * s - 4 * A, ((A + 2) * t - (A + 3)) * t * t + 1,
            ((A + 2) * (1 - t) - (A + 3)) * (1 - t) * (1 - t) + 1, ((A * r - 5 * A) * r + 8 * A) * r - 4 * A]


def _cubic_taps(padded, c0, size):
    """The integer coordinates c0 - 1 ... c0 + 2 with the padding mode applied (border/reflection: inside)."""
    return [c0.xp.rint(padded(c0 + k, size)._data).astype(np.int64) for k in (-1, 0, 1, 2)]


def grid_sample(input, grid, mode="bilinear", padding_mode="zeros", align_corners=None):
    """Sample (N, C, H, W) input at the normalised (x, y) points of grid (N, Ho, Wo, 2) -> (N, C, Ho, Wo), or a
    (N, C, D, H, W) volume at the (x, y, z) points of grid (N, Do, Ho, Wo, 3). ``mode`` 'bilinear' (trilinear for a
    volume), 'nearest' or 'bicubic' (4-D only); ``padding_mode`` 'zeros', 'border' or 'reflection'. Gradients flow
    to the input and to the grid (zeros with 'nearest')."""
    if mode not in ("bilinear", "nearest", "bicubic"):
        raise ValueError(f"nn.functional.grid_sample(): expected mode to be 'bilinear', 'nearest' or 'bicubic', "
                         f"but got: '{mode}'")
    if padding_mode not in ("zeros", "border", "reflection"):
        raise ValueError(f"nn.functional.grid_sample(): expected padding_mode to be 'zeros', 'border', or "
                         f"'reflection', but got: '{padding_mode}'")
    nd = input.ndim - 2                                 # 2 spatial dims (H, W) or 3 (D, H, W)
    if nd not in (2, 3) or grid.ndim != input.ndim or grid.shape[-1] != nd or grid.shape[0] != input.shape[0]:
        raise RuntimeError(f"grid_sampler(): expected a 4-D input and a grid (N, H_out, W_out, 2) (or a 5-D input "
                           f"and a grid (N, D_out, H_out, W_out, 3)) with the same N, got input {tuple(input.shape)} "
                           f"and grid {tuple(grid.shape)}")
    if mode == "bicubic" and nd == 3:
        raise RuntimeError("grid_sampler(): bicubic interpolation only supports 4D input (a 5-D volume takes "
                           "mode 'bilinear' or 'nearest')")
    if input.dtype != grid.dtype:
        raise RuntimeError(f"grid_sampler(): expected input and grid to have the same dtype, but input has "
                           f"{input.dtype} and grid has {grid.dtype}")
    n, sizes = input.shape[0], tuple(input.shape[2:])
    ac = bool(align_corners)

    def unnormalize(g, size, pad=True):
        coord = (g + 1) * ((size - 1) / 2) if ac else ((g + 1) * size - 1) / 2
        return padded(coord, size) if pad else coord

    def padded(coord, size):
        if padding_mode == "border":
            coord = coord.clamp(0, size - 1)
        elif padding_mode == "reflection":
            coord = _reflect(coord, 0, 2 * (size - 1)) if ac else _reflect(coord, -1, 2 * size - 1)
            coord = coord.clamp(0, size - 1)
        return coord

    # the grid's last axis is (x, y[, z]): reversed, one coordinate per spatial dim in the input's order
    coords = [unnormalize(grid[..., k], sizes[nd - 1 - k], mode != "bicubic") for k in range(nd)][::-1]
    xp = input.xp
    batch = backend.to_device(np.arange(n).reshape((n,) + (1,) * nd), input.device)

    def read(idx):
        """input at the integer index arrays ``idx`` (one per spatial dim): (N, *out, C), zero outside."""
        inside = functools.reduce(operator.and_, [(i >= 0) & (i < size) for i, size in zip(idx, sizes)])
        vals = input[(batch, slice(None)) + tuple(xp.clip(i, 0, size - 1) for i, size in zip(idx, sizes))]
        return vals * _wrap(inside[..., None].astype(input._data.dtype))

    if mode == "bicubic":           # 4×4 taps, cubic convolution (A = -0.75); padding applied to each tap, as torch
        (y, x), out = coords, 0
        y0, x0 = y.detach().floor(), x.detach().floor()
        for wy, yi in zip(_cubic_weights((y - y0).unsqueeze(-1)), _cubic_taps(padded, y0, sizes[0])):
            for wx, xi in zip(_cubic_weights((x - x0).unsqueeze(-1)), _cubic_taps(padded, x0, sizes[1])):
                out = out + read([yi, xi]) * (wy * wx)
    elif mode == "nearest":
        out = read([xp.rint(c._data).astype(np.int64) for c in coords])
        if grid.requires_grad:          # as torch, the grid gets a gradient of zeros (not None): 0 added
            out = out + where(_wrap(xp.zeros(out.shape[:-1] + (1,), bool)), grid[..., :1], 0.0)
    else:                           # (tri)linear: the 2^nd corners, each weighted by its fractions
        floors = [c.detach().floor() for c in coords]
        fracs = [(c - f).unsqueeze(-1) for c, f in zip(coords, floors)]
        out = 0
        for corner in itertools.product((0, 1), repeat=nd):
            weight = functools.reduce(operator.mul, [t if b else 1 - t for t, b in zip(fracs, corner)])
            out = out + read([f._data.astype(np.int64) + b for f, b in zip(floors, corner)]) * weight
    return out.movedim(-1, 1)


# ---------------------------------------------------------------------------------------------
# Bags of embeddings
# ---------------------------------------------------------------------------------------------
def embedding_bag(input, weight, offsets=None, max_norm=None, norm_type=2, scale_grad_by_freq=False, mode="mean",
                  sparse=False, per_sample_weights=None, include_last_offset=False, padding_idx=None):
    """The sum, mean or max of the embeddings of each bag of indices: ``input`` (B, N) (one bag per row),
    or 1-D with ``offsets`` giving where each bag starts. An empty bag gives zeros."""
    if mode not in ("sum", "mean", "max"):
        raise ValueError(f"embedding_bag(): mode has to be one of sum, mean or max, got {mode!r}")
    if isinstance(weight, Tensor) and weight.ndim != 2:
        raise ValueError(f"weight has to be a 2D Tensor, but got Tensor of dimension {weight.ndim} (embedding_bag(): "
                         f"the table is (num_embeddings, embedding_dim), got {tuple(weight.shape)})")
    if isinstance(offsets, Tensor) and offsets.ndim != 1:
        raise ValueError(f"offsets has to be a 1D Tensor (embedding_bag(): got shape {tuple(offsets.shape)})")
    if max_norm is not None or scale_grad_by_freq:
        raise NotImplementedError("embedding_bag(): max_norm and scale_grad_by_freq are not supported")
    if per_sample_weights is not None and tuple(per_sample_weights.shape) != tuple(input.shape):
        raise ValueError(f"embedding_bag: If per_sample_weights (torch.Size({list(per_sample_weights.shape)})) is "
                         f"not None, then it must have the same shape as the input "
                         f"(torch.Size({list(input.shape)})): one weight per index")
    if per_sample_weights is not None and mode != "sum":
        raise NotImplementedError(f"embedding_bag: per_sample_weights was not None. per_sample_weights is only "
                                  f"supported for mode='sum' (got mode='{mode}'). Please open a feature request "
                                  "on GitHub.")
    if input.dtype.is_floating_point:
        raise RuntimeError(f"embedding_bag(): expected input to be an integer tensor, got {input.dtype}")
    if isinstance(weight, Tensor) and not weight.dtype.is_floating_point:
        raise RuntimeError(f"Expected tensor for argument #1 'weight' to have one of the following scalar types: Half, "
                           f"BFloat16, Float, Double; but got {weight.dtype} instead (while checking arguments for "
                           "embedding_bag; convert it with weight.float())")
    idx = backend.to_numpy(input._data).astype(np.int64)
    if input.ndim == 2:
        if offsets is not None:
            raise ValueError("if input is 2D, then offsets has to be None, as input is treated is a mini-batch of "
                             "fixed length sequences.")
        bags, n = idx.shape
        bag_of = np.repeat(np.arange(bags), n)
        idx = idx.reshape(-1)
    elif input.ndim == 1:
        if offsets is None:
            raise ValueError("offsets has to be a 1D Tensor but got None")
        if offsets.dtype.is_floating_point:
            raise RuntimeError(f"Expected tensor for argument #1 'indices' to have one of the following scalar types: "
                               f"Long, Int; but got {offsets.dtype} offsets instead (embedding_bag(): offsets are "
                               f"integer positions in input, e.g. offsets.long())")
        off = np.asarray(offsets.tolist(), dtype=np.int64)
        if off.ndim != 1 or (off.size and off[0] != 0):
            raise RuntimeError("embedding_bag(): offsets has to be a 1D tensor starting with 0")
        if off.size and off[-1] > idx.size:
            raise RuntimeError(f"offsets[-1] can not be greater than input's length {idx.size} but got offsets[-1] of "
                               f"{off[-1]} (embedding_bag(): each offset is where a bag starts in input)")
        end = idx.size
        if include_last_offset:                  # the last offset ends the last bag (indices past it unused)
            end, off = (int(off[-1]) if off.size else 0), off[:-1]
        bags = off.size
        bag_of = np.searchsorted(off, np.arange(idx.size), side="right") - 1
        bag_of[end:] = -1
    else:
        raise ValueError(f"input has to be 1D or 2D Tensor, but got Tensor of dimension {input.ndim}")
    if idx.size and (idx.min() < 0 or idx.max() >= weight.shape[0]):
        raise RuntimeError(f"embedding_bag(): index out of range in self (indices must be in [0, {weight.shape[0]}))")
    keep = bag_of >= 0 if padding_idx is None else (bag_of >= 0) & (idx != (padding_idx % weight.shape[0]))
    dev = weight.device
    take = _wrap(backend.to_device(np.nonzero(keep)[0], dev))
    rows = weight[_wrap(backend.to_device(idx[keep], dev))]                  # (K, D)
    bag_t = _wrap(backend.to_device(bag_of[keep], dev))
    if per_sample_weights is not None:
        rows = rows * per_sample_weights.reshape(-1)[take].unsqueeze(-1)
    out = zeros(bags, weight.shape[1], dtype=weight.dtype, device=dev)
    if mode == "max":
        index = bag_t.unsqueeze(-1).expand(tuple(rows.shape))
        return named(out.scatter_reduce(0, index, rows, "amax", include_self=False), "EmbeddingBagBackward0")
    out = out.index_add(0, bag_t, rows)
    if mode == "mean":
        counts = np.bincount(bag_of[keep], minlength=bags).astype(np.float64)
        out = out / _wrap(backend.to_device(np.maximum(counts, 1).astype(out._data.dtype).reshape(-1, 1), dev))
    return named(out, "EmbeddingBagBackward0")          # (torch's name: one node)



# ---------------------------------------------------------------------------------------------
# In-place activations, torch's *_with_indices names, and a few rarer layers and losses
# ---------------------------------------------------------------------------------------------
def _inplace_activation(fn, name):
    def apply_(input, *args, **kwargs):
        return run_inplace(input, lambda t, _: fn(t, *args, **kwargs), None, name)
    apply_.__name__ = name
    apply_.__doc__ = f"{name[:-1]}, writing the result into the input."
    return apply_


elu_ = _inplace_activation(_elu_in_place, "elu_")
selu_ = _inplace_activation(selu, "selu_")
celu_ = _inplace_activation(functools.partial(_elu_in_place, op=_special.celu), "celu_")
leaky_relu_ = _inplace_activation(lambda t, s=0.01: refuse_negative_slope_backward(_pointwise.leaky_relu(t, s), s,
                                                                                     "leakyReLu"), "leaky_relu_")
hardtanh_ = _inplace_activation(hardtanh, "hardtanh_")
threshold_ = _inplace_activation(threshold, "threshold_")


def rrelu_(input, lower=1.0 / 8, upper=1.0 / 3, training=False):
    return rrelu(input, lower, upper, training, True)


def max_pool1d_with_indices(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
                            return_indices=True):
    return max_pool1d(input, kernel_size, stride, padding, dilation, ceil_mode, True)


def max_pool2d_with_indices(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
                            return_indices=True):
    return max_pool2d(input, kernel_size, stride, padding, dilation, ceil_mode, True)


def max_pool3d_with_indices(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
                            return_indices=True):
    return max_pool3d(input, kernel_size, stride, padding, dilation, ceil_mode, True)


def adaptive_max_pool1d_with_indices(input, output_size, return_indices=True):
    return adaptive_max_pool1d(input, output_size, True)


def adaptive_max_pool2d_with_indices(input, output_size, return_indices=True):
    return adaptive_max_pool2d(input, output_size, True)


def adaptive_max_pool3d_with_indices(input, output_size, return_indices=True):
    return adaptive_max_pool3d(input, output_size, True)


def feature_alpha_dropout(input, p=0.5, training=False, inplace=False):
    """alpha_dropout that drops whole channels (dim 1) at once."""
    if input.ndim < 2 and training and p > 0 and input.numel() > 0:      # (torch asks only when it draws a mask)
        raise RuntimeError(f"Feature dropout requires at least 2 dimensions in the input (feature_alpha_dropout(): "
                           f"got shape {tuple(input.shape)}; use alpha_dropout() for element-wise dropout)")
    return _dropout(input, p, training, tuple(input.shape[:2]) + (1,) * (input.ndim - 2), alpha=True,
                    inplace=inplace, name="feature_alpha_dropout_")


def lp_pool3d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    k = _ntuple(kernel_size, 3, "kernel_size", "lp_pool3d")
    out = avg_pool3d(input ** norm_type, k, stride, 0, ceil_mode)
    return (out.sign() * relu(out.abs())).mul(k[0] * k[1] * k[2]) ** (1.0 / norm_type)


def multilabel_margin_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    """Σ over target classes j and other classes i of max(0, 1 - (x_j - x_i)) / C; each target row lists
    class indices, ended by the first -1."""
    reduction = legacy_reduction(size_average, reduce, reduction)
    _margin_args(input, target, "multilabel_margin_loss", "multilabel_margin_loss_forward_out_frame")
    x = input if input.ndim == 2 else input.unsqueeze(0)
    if tuple(target.shape) != tuple(input.shape):
        raise RuntimeError(f"inconsistent target size: {list(target.shape)} for input of size: {list(input.shape)} "
                           "(multilabel_margin_loss(): the target has the input's shape, class indices ended by -1)")
    if target._data.dtype != np.int64:
        raise RuntimeError(f"expected scalar type Long but found {_TORCH_NAMES[target._data.dtype.name]} "
                           f"(multilabel_margin_loss(): the target holds class indices; convert it with "
                           "target.long())")
    t = backend.to_numpy(target._data).reshape(x.shape[0], -1).astype(np.int64)
    c = x.shape[1]
    if t.shape[1] != c:
        raise RuntimeError(f"multilabel_margin_loss(): inconsistent target size: {tuple(target.shape)} for input of "
                           f"size: {tuple(input.shape)}")
    listed = np.cumprod(t != -1, axis=1).astype(bool)                  # entries before the first -1
    if ((t < -1) | (t >= c)).any():                                   # (torch checks every entry)
        raise RuntimeError(f"argument #2 'target' is out of range (multilabel_margin_loss(): class indices must be "
                           f"in [0, {c}), each row ended by -1; got values in [{t.min()}, {t.max()}])")
    is_target = np.zeros((x.shape[0], c), bool)
    rows = np.nonzero(listed)
    is_target[rows[0], t[rows]] = True
    dev = x.device
    diff = 1 - (x.unsqueeze(2) - x.unsqueeze(1))                       # (N, j, i): 1 - (x_j - x_i)
    pair = _wrap(backend.to_device(is_target[:, :, None] & ~is_target[:, None, :], dev))
    loss = where(pair, diff.clamp(min=0.0), 0.0).sum((1, 2)) / c
    if input.ndim == 1:
        loss = loss.squeeze(0)
    return named(reduce_loss(loss, reduction, "multilabel_margin_loss"), "MultilabelMarginLossBackward0")


def triplet_margin_with_distance_loss(anchor, positive, negative, *, distance_function=None, margin=1.0, swap=False,
                                      reduction="mean"):
    """max(0, d(a, p) - d(a, n) + margin) with any distance function (pairwise_distance by default)."""
    if margin <= 0:
        raise ValueError(f"margin must be greater than 0, got {margin} (triplet_margin_with_distance_loss())")
    _same_ndim_triplet(anchor, positive, negative)
    d = distance_function if distance_function is not None else pairwise_distance
    d_ap, d_an = d(anchor, positive), d(anchor, negative)
    if swap:
        d_an = minimum(d_an, d(positive, negative))
    return reduce_loss((margin + d_ap - d_an).clamp_min(0), reduction, "triplet_margin_with_distance_loss")


# what functional.py re-exports: the functions defined here and the ops imported from ops.convnd and
# ops.special for that purpose (not the helpers imported above from other modules)
__all__ = [n for n, v in dict(globals()).items() if not n.startswith("_") and callable(v) and not isinstance(v, type)
           and getattr(v, "__module__", None) in (__name__, "minigrad.ops.convnd", "minigrad.ops.special")]
