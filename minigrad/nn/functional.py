"""``minigrad.nn.functional``: layers and losses as functions, with torch's signatures.

Most are compositions of the primitives in ``minigrad/ops`` (so their gradients come for free);
conv2d and pooling are primitives of their own (``minigrad/ops/conv.py``).
"""
from __future__ import annotations

import math
import numbers

import numpy as np

from .. import backend
from ..autograd.grad_mode import no_grad
from ..ops.conv import adaptive_avg_pool2d, adaptive_max_pool2d, avg_pool2d, conv2d, max_pool2d  # noqa: F401
from ..ops.index import one_hot  # noqa: F401
from ..ops.linalg import linear  # noqa: F401
from ..ops.pointwise import relu as _relu, sigmoid, tanh, where
from ..ops.reduce import log_softmax, softmax  # noqa: F401
from ..tensor import Tensor, _wrap

_REDUCTIONS = ("none", "mean", "sum")


# ---------------------------------------------------------------------------------------------
# Activations
# ---------------------------------------------------------------------------------------------
def relu_(input):
    return input.relu_()


def relu(input, inplace=False):
    return input.relu_() if inplace else _relu(input)


def relu6(input, inplace=False):
    return input.clamp(0.0, 6.0)


def leaky_relu(input, negative_slope=0.01, inplace=False):
    return where(input > 0, input, input * negative_slope)


def elu(input, alpha=1.0, inplace=False):
    return where(input > 0, input, (input.clamp(max=0.0).exp() - 1) * alpha)


def softplus(input, beta=1.0, threshold=20.0):
    """log(1 + e^(βx)) / β, computed stably; linear above ``threshold`` (as torch)."""
    bx = input * beta
    soft = (bx.clamp(min=0.0) + (-bx.abs()).exp().log1p()) / beta
    return where(bx > threshold, input, soft)


def silu(input, inplace=False):
    return input * sigmoid(input)


def gelu(input, approximate="none"):
    if approximate == "tanh":
        return 0.5 * input * (1 + tanh(math.sqrt(2 / math.pi) * (input + 0.044715 * input ** 3)))
    from ..ops.pointwise import erf
    return 0.5 * input * (1 + erf(input * (1 / math.sqrt(2))))


def hardtanh(input, min_val=-1.0, max_val=1.0, inplace=False):
    return input.clamp(min_val, max_val)


def logsigmoid(input):
    return -softplus(-input)


def softmin(input, dim=None, dtype=None):
    return softmax(-input, dim, dtype)


def normalize(input, p=2.0, dim=1, eps=1e-12):
    return input / input.norm(p=p, dim=dim, keepdim=True).clamp(min=eps)


# ---------------------------------------------------------------------------------------------
# Dropout and normalisation
# ---------------------------------------------------------------------------------------------
def dropout(input, p=0.5, training=True, inplace=False):
    """Zero each element with probability p and scale the rest by 1/(1-p) (identity when not training)."""
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if not training or p == 0.0:
        return input
    if p == 1.0:
        return input * 0.0
    keep = backend.random_uniform(input.device, input._data.shape, input._data.dtype) >= p
    scale = _wrap((keep / (1.0 - p)).astype(input._data.dtype))
    return input * scale


def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-5):
    """Normalise over the batch (and spatial) dims per channel; updates running stats when training."""
    dims = (0,) + tuple(range(2, input.ndim))
    shape = (1, -1) + (1,) * (input.ndim - 2)
    if training:
        mean = input.mean(dims)
        var = input.var(dims, unbiased=False)
        if running_mean is not None:
            n = input.numel() // input.shape[1]
            with no_grad():
                running_mean.mul_(1 - momentum).add_(mean.detach() * momentum)
                running_var.mul_(1 - momentum).add_(var.detach() * (momentum * n / max(n - 1, 1)))
    else:
        mean, var = running_mean, running_var
    out = (input - mean.reshape(shape)) / (var.reshape(shape) + eps).sqrt()
    if weight is not None:
        out = out * weight.reshape(shape)
    if bias is not None:
        out = out + bias.reshape(shape)
    return out


def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5):
    if isinstance(normalized_shape, numbers.Integral):
        normalized_shape = (normalized_shape,)
    dims = tuple(range(input.ndim - len(normalized_shape), input.ndim))
    mean = input.mean(dims, keepdim=True)
    var = input.var(dims, unbiased=False, keepdim=True)
    out = (input - mean) / (var + eps).sqrt()
    if weight is not None:
        out = out * weight
    if bias is not None:
        out = out + bias
    return out


def embedding(input, weight, padding_idx=None):
    return weight[input]


def pad(input, pad, mode="constant", value=0.0):
    """Pad the last dims: ``pad`` = (left, right, top, bottom, ...) as torch (constant mode)."""
    if mode != "constant":
        raise NotImplementedError(f"pad(mode={mode!r}) is not implemented; only 'constant'")
    if len(pad) % 2 or len(pad) // 2 > input.ndim:
        raise ValueError(f"pad(): padding length must be even and at most 2*ndim, got {pad}")
    from ..factories import full
    shape = list(input.shape)
    key = [slice(None)] * input.ndim
    for i in range(len(pad) // 2):
        d = input.ndim - 1 - i
        lo, hi = pad[2 * i], pad[2 * i + 1]
        if lo < 0 or hi < 0:
            raise NotImplementedError("pad(): negative padding is not supported")
        shape[d] += lo + hi
        key[d] = slice(lo, lo + input.shape[d])
    out = full(shape, value, dtype=input.dtype, device=input.device)
    out[tuple(key)] = input
    return out


# ---------------------------------------------------------------------------------------------
# Losses
# ---------------------------------------------------------------------------------------------
def _reduce(loss, reduction, op):
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    if reduction == "none":
        return loss
    raise ValueError(f"{op}(): reduction must be one of {_REDUCTIONS}, got {reduction!r}")


def _legacy_reduction(size_average, reduce, reduction):
    if size_average is None and reduce is None:
        return reduction
    if reduce is False:
        return "none"
    return "mean" if size_average is not False else "sum"


def _check_pair(input, target, op):
    if not isinstance(input, Tensor) or not isinstance(target, Tensor):
        raise TypeError(f"{op}(): input and target must be Tensors, got {type(input).__name__} and "
                        f"{type(target).__name__}")
    if tuple(input.shape) != tuple(target.shape):
        try:
            np.broadcast_shapes(tuple(input.shape), tuple(target.shape))
        except ValueError:
            raise RuntimeError(f"{op}(): the size of target {tuple(target.shape)} doesn't match the size of "
                               f"input {tuple(input.shape)} and they can't be broadcast") from None
        import warnings
        warnings.warn(f"{op}(): using a target size {tuple(target.shape)} that is different to the input size "
                      f"{tuple(input.shape)}; this will likely lead to incorrect results due to broadcasting. "
                      "Please ensure they have the same size.", stacklevel=3)


def mse_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    """mean((input - target)²)"""
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_pair(input, target, "mse_loss")
    d = input - target
    loss = d * d
    if weight is not None:
        loss = loss * weight
    return _reduce(loss, reduction, "mse_loss")


def l1_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_pair(input, target, "l1_loss")
    return _reduce((input - target).abs(), reduction, "l1_loss")


def smooth_l1_loss(input, target, size_average=None, reduce=None, reduction="mean", beta=1.0):
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_pair(input, target, "smooth_l1_loss")
    d = (input - target).abs()
    loss = where(d < beta, 0.5 * d * d / beta, d - 0.5 * beta) if beta > 0 else d
    return _reduce(loss, reduction, "smooth_l1_loss")


huber_loss = smooth_l1_loss


def _class_targets(input, target, op, ignore_index):
    """Check integer class targets against (N, C, d1, ...) or (C,) input; return (N, d1...) targets."""
    if target._data.dtype != np.int64:
        raise RuntimeError(
            f"{op}(): class-index targets must be int64 (minigrad.long), got {target.dtype} with shape "
            f"{tuple(target.shape)}. Use target.long(), or pass class probabilities with the same shape as the "
            f"input {tuple(input.shape)}")
    expected = (input.shape[0],) + tuple(input.shape[2:]) if input.ndim >= 2 else ()
    if tuple(target.shape) != expected:
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
            raise IndexError(f"{op}(): target {bad} is out of bounds: classes must be in [0, {c}) for an input "
                             f"with {c} classes (shape {tuple(input.shape)})")
    import weakref
    _CHECKED_TARGETS["last"] = (weakref.ref(target), key)
    if type(t) is not type(input._data):
        target = target.to(input.device)
    return target


_CHECKED_TARGETS: dict = {}


def nll_loss(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction="mean"):
    """-input[i, target[i]] (weighted); 'mean' divides by the total weight of the non-ignored targets."""
    reduction = _legacy_reduction(size_average, reduce, reduction)
    if reduction not in _REDUCTIONS:
        raise ValueError(f"nll_loss(): reduction must be one of {_REDUCTIONS}, got {reduction!r}")
    if input.ndim == 0:
        raise RuntimeError("nll_loss(): input must have at least 1 dimension (classes)")
    target = _class_targets(input, target, "nll_loss", ignore_index)
    if input.ndim == 1:                       # a single sample: (C,) input, () target
        loss = nll_loss(input.unsqueeze(0), target.unsqueeze(0), weight, None, ignore_index, None, reduction)
        return loss.squeeze(0) if reduction == "none" else loss
    keep = target != ignore_index
    safe = where(keep, target, 0)
    picked = input.gather(1, safe.unsqueeze(1)).squeeze(1)          # input[i, target[i], ...]
    w = keep.to(input.dtype)
    if weight is not None:
        _check_weight(weight, input, "nll_loss")
        w = w * weight[safe]
    loss = -picked * w
    if reduction == "none":
        return loss
    if reduction == "sum":
        return loss.sum()
    return loss.sum() / w.sum()


def _check_weight(weight, input, op):
    c = input.shape[1] if input.ndim >= 2 else input.shape[0]
    if not isinstance(weight, Tensor) or tuple(weight.shape) != (c,):
        raise RuntimeError(f"{op}(): weight must be a tensor of shape ({c},) (one weight per class), got "
                           f"{tuple(weight.shape) if isinstance(weight, Tensor) else type(weight).__name__}")


def cross_entropy(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None,
                  reduction="mean", label_smoothing=0.0):
    """Cross-entropy of logits ``input`` (N, C, ...) against class indices (N, ...) or class
    probabilities (same shape as input), with torch's ``weight``, ``ignore_index``, ``reduction`` and
    ``label_smoothing``. Uses log_softmax, so logits of ±1e4 are fine."""
    reduction = _legacy_reduction(size_average, reduce, reduction)
    if reduction not in _REDUCTIONS:
        raise ValueError(f"cross_entropy(): reduction must be one of {_REDUCTIONS}, got {reduction!r}")
    if not isinstance(input, Tensor) or not isinstance(target, Tensor):
        raise TypeError("cross_entropy(): input and target must be Tensors")
    if input.ndim == 0:
        raise RuntimeError("cross_entropy(): input must have at least 1 dimension (classes)")
    if not 0.0 <= label_smoothing <= 1.0:
        raise ValueError(f"cross_entropy(): label_smoothing must be in [0, 1], got {label_smoothing}")
    class_dim = 1 if input.ndim >= 2 else 0
    c = input.shape[class_dim]
    if weight is not None:
        _check_weight(weight, input, "cross_entropy")
    wshape = [1] * input.ndim
    wshape[class_dim] = c

    if target._data.dtype.kind == "f":                                   # class probabilities
        logp = log_softmax(input, class_dim)
        if tuple(target.shape) != tuple(input.shape) and target.ndim == input.ndim - 1:
            _class_targets(input, target, "cross_entropy", ignore_index)      # explains: int64 expected
        if tuple(target.shape) != tuple(input.shape):
            raise RuntimeError(f"cross_entropy(): probability targets must have the input's shape "
                               f"{tuple(input.shape)}, got {tuple(target.shape)}; for class indices use int64 "
                               "targets of shape (N, ...)")
        if label_smoothing > 0:
            target = target * (1 - label_smoothing) + label_smoothing / c
        terms = logp * target
        if weight is not None:
            terms = terms * weight.reshape(wshape)
        loss = -terms.sum(class_dim)
        if reduction == "mean":
            return loss.sum() / (input.numel() // c) if input.numel() else loss.sum()
        return _reduce(loss, reduction, "cross_entropy")

    if label_smoothing == 0:                       # the common case: one fused op (minigrad/ops/loss.py)
        if input.ndim == 1:
            loss = cross_entropy(input.unsqueeze(0), target.unsqueeze(0), weight, None, ignore_index, None,
                                 reduction)
            return loss.squeeze(0) if reduction == "none" else loss
        target = _class_targets(input, target, "cross_entropy", ignore_index)
        from ..ops.loss import CrossEntropy
        return CrossEntropy.apply(input, target, weight, ignore_index, reduction)
    logp = log_softmax(input, class_dim)
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
    _check_pair(input, target, "binary_cross_entropy_with_logits")
    # log(1 + e^-|x|) + max(-x, 0) = -log σ(x), stable for any x
    neg_log_sig = (-input.abs()).exp().log1p() + (-input).clamp(min=0.0)
    if pos_weight is not None:
        loss = (1 - target) * input + (1 + (pos_weight - 1) * target) * neg_log_sig
    else:
        loss = (1 - target) * input + neg_log_sig
    if weight is not None:
        loss = loss * weight
    return _reduce(loss, reduction, "binary_cross_entropy_with_logits")


def binary_cross_entropy(input, target, weight=None, size_average=None, reduce=None, reduction="mean"):
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_pair(input, target, "binary_cross_entropy")
    if input._data.size and (float(input._data.min()) < 0 or float(input._data.max()) > 1):
        raise RuntimeError("binary_cross_entropy(): all elements of input should be between 0 and 1 (apply "
                           "sigmoid first, or use binary_cross_entropy_with_logits on the logits)")
    log_p = input.log().clamp(min=-100.0)           # torch clamps the logs at -100
    log_1mp = (1 - input).log().clamp(min=-100.0)
    loss = -(target * log_p + (1 - target) * log_1mp)
    if weight is not None:
        loss = loss * weight
    return _reduce(loss, reduction, "binary_cross_entropy")


def kl_div(input, target, size_average=None, reduce=None, reduction="mean", log_target=False):
    reduction = _legacy_reduction(size_average, reduce, reduction)
    if log_target:
        loss = target.exp() * (target - input)
    else:
        loss = where(target > 0, target * (where(target > 0, target, 1.0).log() - input), 0.0)
    if reduction == "batchmean":
        return loss.sum() / input.shape[0]
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


# --- breadth ops ---
from .functional_extra import *  # noqa: E402,F401,F403  (activations as ops, N-d conv/pool, pad modes, attention)
