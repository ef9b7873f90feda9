"""More of ``torch.nn.functional``: activations as single ops, N-d convolutions and pooling, padding
modes, interpolation, attention. Re-exported by ``functional.py`` (so ``F.selu`` etc. live there)."""
from __future__ import annotations

import math

from ..ops.convnd import (adaptive_avg_pool1d, adaptive_avg_pool2d, adaptive_avg_pool3d, avg_pool1d,  # noqa: F401
                          avg_pool3d, conv1d, conv3d, conv_transpose1d, conv_transpose2d, conv_transpose3d, fold,
                          interpolate, max_pool1d, max_pool3d, max_unpool1d, max_unpool2d, max_unpool3d, pad,
                          unfold, upsample, upsample_bilinear, upsample_nearest)
from ..ops.special import (celu, elu, gelu, glu, hardshrink, hardsigmoid, hardswish, logsigmoid,  # noqa: F401
                           mish, prelu, selu, silu, softplus, softshrink, softsign, tanhshrink, threshold)


def hardtanh(input, min_val=-1.0, max_val=1.0, inplace=False):
    if min_val > max_val:
        raise ValueError(f"hardtanh(): min_val ({min_val}) cannot be greater than max_val ({max_val})")
    return input.clamp(min_val, max_val)


def relu6(input, inplace=False):
    return hardtanh(input, 0.0, 6.0)


def softmin(input, dim=None, _stacklevel=3, dtype=None):
    from ..ops.reduce import softmax
    return softmax(-input, dim, dtype)



# ---------------------------------------------------------------------------------------------
# Attention
# ---------------------------------------------------------------------------------------------
def _causal_mask(L, S, like):
    """(L, S) bool: True where query i may attend key j (j <= i), top-left aligned as torch."""
    from ..tensor import _wrap
    xp = like.xp
    return _wrap(xp.tril(xp.ones((L, S), dtype=bool)))


def scaled_dot_product_attention(query, key, value, attn_mask=None, dropout_p=0.0, is_causal=False, scale=None,
                                 enable_gqa=False):
    """softmax(q kᵀ · scale + mask) v over the last two dims (scale = 1/√E by default).

    ``attn_mask``: bool (True = may attend) or float (added to the scores), broadcast to (..., L, S);
    ``is_causal``: query i sees keys 0..i; ``dropout_p``: dropout on the attention weights (always
    applied when > 0, as torch's function); ``enable_gqa``: key/value heads are shared by groups of
    query heads (dim -3)."""
    from ..ops.reduce import softmax
    from .functional import dropout
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
    s = 1 / math.sqrt(query.shape[-1]) if scale is None else scale
    scores = (query @ key.transpose(-2, -1)) * s
    if is_causal:
        if attn_mask is not None:
            raise RuntimeError("scaled_dot_product_attention(): explicit attn_mask should not be set when "
                               "is_causal=True")
        scores = scores.masked_fill(~_causal_mask(L, S, query), float("-inf"))
    if attn_mask is not None:
        if attn_mask.dtype.is_floating_point:
            scores = scores + attn_mask.to(scores.dtype)
        elif str(attn_mask.dtype) == "minigrad.bool":
            scores = scores.masked_fill(~attn_mask, float("-inf"))
        else:
            raise RuntimeError(f"scaled_dot_product_attention(): attn_mask must be bool or float, got "
                               f"{attn_mask.dtype}")
    attn = softmax(scores, -1)
    if dropout_p > 0:
        attn = dropout(attn, dropout_p)
    return attn @ value


def _mask_to_float(mask, like, name):
    """A bool mask (True = masked out, MultiheadAttention's convention) as 0/-inf; a float one as is."""
    if mask is None:
        return None
    if mask.dtype.is_floating_point:
        return mask.to(like.dtype)
    if str(mask.dtype) != "minigrad.bool":
        raise RuntimeError(f"multi_head_attention_forward(): {name} must be bool or float, got {mask.dtype}")
    from ..factories import zeros
    return zeros(tuple(mask.shape), dtype=like.dtype, device=like.device).masked_fill(mask, float("-inf"))


def multi_head_attention_forward(query, key, value, embed_dim_to_check, num_heads, in_proj_weight, in_proj_bias,
                                 bias_k, bias_v, add_zero_attn, dropout_p, out_proj_weight, out_proj_bias,
                                 training=True, key_padding_mask=None, need_weights=True, attn_mask=None,
                                 use_separate_proj_weight=False, q_proj_weight=None, k_proj_weight=None,
                                 v_proj_weight=None, static_k=None, static_v=None, average_attn_weights=True,
                                 is_causal=False):
    """torch's multi-head attention on (L, N, E) query and (S, N, E) key/value (or unbatched (L, E)):
    project, split into heads, attend, merge, project out. Returns (output, weights or None)."""
    from ..factories import zeros
    from ..ops.linalg import linear
    from ..ops.reduce import softmax
    from ..ops.shape import cat
    from .functional import dropout, pad
    if static_k is not None or static_v is not None:
        raise NotImplementedError("multi_head_attention_forward(): static_k/static_v are not supported")
    unbatched = query.ndim == 2
    if unbatched:
        query, key, value = query.unsqueeze(1), key.unsqueeze(1), value.unsqueeze(1)
        if key_padding_mask is not None:
            key_padding_mask = key_padding_mask.unsqueeze(0)
    L, N, E = query.shape
    if E != embed_dim_to_check:
        raise RuntimeError(f"multi_head_attention_forward(): was expecting embedding dimension of "
                           f"{embed_dim_to_check}, but got {E} (query shape {tuple(query.shape)})")
    if E % num_heads:
        raise RuntimeError(f"multi_head_attention_forward(): embed_dim {E} not divisible by num_heads {num_heads}")
    if is_causal and attn_mask is None:
        raise RuntimeError("multi_head_attention_forward(): need attn_mask if specifying the is_causal hint "
                           "(pass the causal mask itself, e.g. from Transformer.generate_square_subsequent_mask)")
    H, D = num_heads, E // num_heads
    if use_separate_proj_weight:
        bq = bk = bv = None
        if in_proj_bias is not None:
            bq, bk, bv = in_proj_bias.chunk(3)
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
            raise RuntimeError(f"multi_head_attention_forward(): key_padding_mask should have shape ({N}, {S}), "
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


__all__ = [n for n in dir() if not n.startswith("_") and n != "annotations"]
