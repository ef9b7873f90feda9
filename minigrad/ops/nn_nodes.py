"""Composite nn operations recorded as one graph node each, with torch's names.

torch records ``F.mse_loss`` as one ``MseLossBackward0`` node, ``nn.Linear`` as ``AddmmBackward0`` (bias +
input @ weightᵀ, the transpose being a ``TBackward0`` view), ``F.nll_loss`` as ``NllLossBackward0``... so
``grad_fn`` printouts, ``next_functions`` walks and drawn graphs show those names. Here each is one op:
its forward is a few array operations, its backward one closed-form expression (fewer nodes, fewer
temporaries than the composition it replaces). Backwards are written with tensor ops on the saved
inputs, so ``create_graph=True`` differentiates through them.

The inputs torch lists in ``next_functions`` are positional, in torch's order (NllLoss's class-index
target too, as a constant input that minigrad.viz draws; its ``edge_args`` leaves it out of
``next_functions``, as torch); weights and options travel as keyword arguments.
"""
from __future__ import annotations

import operator

import numpy as np

from .. import backend, fast
from ..autograd.function import Op
from ..factories import zeros
from ..tensor import _wrap
from ._helpers import quiet, sum_to
from .linalg import mm_grads, transposed_operands


def _reduce(losses, reduction):
    if reduction == "none":
        return losses
    if reduction == "mean":
        return losses.mean() if losses.size else losses.sum() * float("nan")    # (empty: nan, without NumPy's warning)
    return losses.sum()


def _scale(ctx, g):
    """The upstream gradient spread over the elementwise losses: g/N for 'mean', g for 'sum', g itself
    (same shape as the losses) for 'none'."""
    if ctx.reduction == "mean":
        return g / max(ctx.count, 1) if ctx.count else g * 0.0
    return g


def gradient_norm(norm, keep):
    """The divisor of a 'mean' class-index loss's gradient: Σw, or 1 when every sample is ignored (Σw = 0 and
    every w_i = 0: torch's gradient is then 0, not 0/0; a batch whose kept samples all weigh 0 keeps 0/0 = NaN,
    as torch). Array code, no transfer from a GPU."""
    xp = backend.array_module(norm)
    return xp.where((norm == 0) & ~keep.any(), 1, norm).astype(norm.dtype, copy=False)


def _xp(arr):
    return backend.array_module(arr)


# ----------------------------------------------------------------------------------------- Linear
class T(Op):
    """out = xᵀ for a matrix (a view).   d/dx = gᵀ"""
    is_view = True

    @staticmethod
    def forward(ctx, x):
        return x.T

    @staticmethod
    def backward(ctx, g):
        return g.t()


class Mm(Op):
    """out = a @ b for matrices.   d/da = g @ bᵀ,  d/db = aᵀ @ g"""

    @staticmethod
    def forward(ctx, a, b):
        need_a, need_b = ctx.needs_input_grad
        ctx.save_for_backward(a if need_b else None, b if need_a else None)
        ctx.transposed = transposed_operands(a, b)
        return quiet(operator.matmul, a, b)      # (inf · 0 in a sum: NaN, silently as torch)

    @staticmethod
    def backward(ctx, g):
        a, b = ctx.saved_tensors
        return mm_grads(g, a, b, ctx.needs_input_grad, ctx.transposed)


class Addmm(Op):
    """out = bias + a @ b (bias broadcast over the rows).   d/dbias = Σ_rows g,  d/da = g @ bᵀ,  d/db = aᵀ @ g"""

    @staticmethod
    def forward(ctx, bias, a, b):
        need_bias, need_a, need_b = ctx.needs_input_grad
        ctx.save_for_backward(a if need_b else None, b if need_a else None)
        ctx.bias_shape = bias.shape
        ctx.transposed = transposed_operands(a, b)
        if a.dtype == np.float16:               # torch's CPU half addmm: the sum in float32, rounded once
            return (a.astype(np.float32) @ b.astype(np.float32) + bias.astype(np.float32)).astype(np.float16)
        out = quiet(operator.matmul, a, b)
        return quiet(operator.iadd, out, bias)

    @staticmethod
    def backward(ctx, g):
        a, b = ctx.saved_tensors
        need_bias, need_a, need_b = ctx.needs_input_grad
        return (sum_to(g, ctx.bias_shape) if need_bias else None,
                *mm_grads(g, a, b, (need_a, need_b), ctx.transposed))


# ----------------------------------------------------------------------------------------- losses
class MseLoss(Op):
    """loss = (x - y)², reduced.   d/dx = 2(x - y)·g/N,  d/dy = -d/dx (each summed to its own shape)"""

    @staticmethod
    def forward(ctx, x, y, *, reduction):
        d = x - y
        ctx.save_for_backward(x, y)
        ctx.reduction, ctx.count = reduction, d.size
        ctx.shapes = (x.shape, y.shape)
        return _reduce(d * d, reduction)

    @staticmethod
    def backward(ctx, g):
        x, y = ctx.saved_tensors
        need_x, need_y = ctx.needs_input_grad
        gd = (x - y) * (_scale(ctx, g) * 2.0)
        return (sum_to(gd, ctx.shapes[0]) if need_x else None), (sum_to(-gd, ctx.shapes[1]) if need_y else None)


class SmoothL1Loss(Op):
    """loss = ½d²/β where |d| < β, else |d| - ½β  (d = x - y).   d/dx = clamp(d/β, -1, 1)·g/N,  d/dy = -d/dx"""

    @staticmethod
    def forward(ctx, x, y, *, beta, reduction):
        a = abs(x - y)
        ctx.save_for_backward(x, y)
        ctx.reduction, ctx.count, ctx.beta = reduction, a.size, beta
        if beta == 0:
            return _reduce(a, reduction)
        small = a < beta
        return _reduce(small * (0.5 * a * a / beta) + ~small * (a - 0.5 * beta), reduction)

    @staticmethod
    def backward(ctx, g):
        x, y = ctx.saved_tensors
        d = x - y
        slope = d.sign() if ctx.beta == 0 else (d / ctx.beta).clamp(-1.0, 1.0)
        gd = slope * _scale(ctx, g)
        need_x, need_y = ctx.needs_input_grad
        return (sum_to(gd, tuple(x.shape)) if need_x else None), (sum_to(-gd, tuple(y.shape)) if need_y else None)


class HuberLoss(Op):
    """loss = ½d² where |d| < δ, else δ(|d| - ½δ).   d/dx = clamp(d, -δ, δ)·g/N,  d/dy = -d/dx"""

    @staticmethod
    def forward(ctx, x, y, *, delta, reduction):
        a = quiet(lambda: abs(x - y))                                   # (inf - inf: NaN, silently)
        ctx.save_for_backward(x, y)
        ctx.reduction, ctx.count, ctx.delta = reduction, a.size, delta
        small = a < delta
        return _reduce(_xp(a).where(small, 0.5 * a * a, delta * (a - 0.5 * delta)), reduction)    # (a = inf: inf)

    @staticmethod
    def backward(ctx, g):
        x, y = ctx.saved_tensors
        gd = (x - y).clamp(-ctx.delta, ctx.delta) * _scale(ctx, g)
        need_x, need_y = ctx.needs_input_grad
        return (sum_to(gd, tuple(x.shape)) if need_x else None), (sum_to(-gd, tuple(y.shape)) if need_y else None)


class NllLoss(Op):
    """loss_i = -w[y_i]·x[i, y_i] (0 where y_i = ignore_index), reduced ('mean' divides by Σ w[y_i]).
    d/dx = -w[y_i]·onehot(y_i)·g (/Σw)"""
    edge_args = (0,)                    # torch lists the input only (not the integer target)

    @staticmethod
    def forward(ctx, input, target, *, weight, ignore_index, reduction):
        x = input
        xp = _xp(x)
        keep = target != ignore_index
        safe = xp.where(keep, target, 0)[:, None]                       # (N, 1, ...)
        w = keep.astype(x.dtype) if weight is None else weight[safe[:, 0]] * keep
        losses = -xp.take_along_axis(x, safe, axis=1)[:, 0] * w
        norm = w.sum() if reduction == "mean" else None
        ctx.safe, ctx.w, ctx.reduction, ctx.shape = safe, w, reduction, x.shape
        ctx.norm = None if norm is None else gradient_norm(norm, keep)
        ctx.target = target                    # drawn by minigrad.viz as the loss's constant input
        if reduction == "none":
            return losses
        total = losses.sum()
        return quiet(operator.truediv, total, norm) if reduction == "mean" else total   # all ignored: 0/0, silent

    @staticmethod
    def backward(ctx, g):
        xp = _xp(ctx.w)
        w = -ctx.w if ctx.norm is None else quiet(operator.truediv, -ctx.w, ctx.norm)
        coef = fast.losses.nll_coefficients(w, ctx.safe, ctx.shape, ctx.w.dtype)   # normal mode: N writes
        if coef is None:
            classes = xp.arange(ctx.shape[1]).reshape((1, -1) + (1,) * (len(ctx.shape) - 2))
            coef = xp.where(classes == ctx.safe, w[:, None], 0).astype(ctx.w.dtype, copy=False)  # -w_i (/Σw)
            #                                         at each sample's class, +0 elsewhere (not -0, as torch)
        if ctx.reduction == "none":
            g = g.unsqueeze(1)
        return g * _wrap(coef), None


class BinaryCrossEntropyWithLogits(Op):
    """loss = w·[(1-y)·x + (1 + (p-1)·y)·softplus(-x)]  (p = pos_weight; = -w[p·y·log σ(x) + (1-y)·log(1-σ(x))]).
    d/dx = w·[σ(x)·(1 + (p-1)·y) - p·y]·g/N,   d/dy = w·[p·softplus(-x) - softplus(x)]·g/N"""

    @staticmethod
    def forward(ctx, x, y, *, weight, pos_weight, reduction):
        xp = _xp(x)
        # softplus(-x) = -log σ(x) = max(-x, 0) + log(1 + e^-|x|): no overflow (np.logaddexp(0, -x) gives the same
        # numbers up to rounding, 9x slower: it branches per element)
        sp_neg = (xp.maximum(-x, 0) + xp.log1p(xp.exp(-xp.abs(x)))).astype(x.dtype, copy=False)
        if pos_weight is None:
            losses = quiet(lambda: (1 - y) * x + sp_neg)            # (x = ±inf: 0 · inf and inf - inf, NaN silently)
        else:
            losses = quiet(lambda: (1 - y) * x + (1 + (pos_weight - 1) * y) * sp_neg)
        if weight is not None:
            losses = losses * weight
        ctx.save_for_backward(x, y)
        ctx.weight, ctx.pos_weight, ctx.reduction, ctx.count = weight, pos_weight, reduction, losses.size
        return _reduce(losses, reduction)

    @staticmethod
    def backward(ctx, g):
        x, y = ctx.saved_tensors
        need_x, need_y = ctx.needs_input_grad
        scale = _scale(ctx, g)
        if ctx.weight is not None:
            scale = scale * _wrap(ctx.weight)
        p = _wrap(ctx.pos_weight) if ctx.pos_weight is not None else None
        gx = gy = None
        if need_x:
            s = x.sigmoid()
            gx = (s - y if p is None else s * (1 + (p - 1) * y) - p * y) * scale
            gx = sum_to(gx, tuple(x.shape))
        if need_y:
            sp_neg = _softplus(-x)
            sp_pos = _softplus(x)
            gy = ((sp_neg - sp_pos) if p is None else (p * sp_neg - sp_pos)) * scale
            gy = sum_to(gy, tuple(y.shape))
        return gx, gy


def _softplus(t):
    """log(1 + e^t) without overflow, with tensor ops (differentiable)."""
    return (-t.abs()).exp().log1p() + t.clamp(min=0.0)


class BinaryCrossEntropy(Op):
    """loss = -w·[y·log p + (1-y)·log(1-p)] with the logs clamped at -100 (as torch).
    d/dp = w·(p - y) / max((1-p)·p, 1e-12)·g/N,   d/dy = w·(log(1-p) - log p)·g/N  (not clamped, as torch's)"""

    @staticmethod
    def forward(ctx, p, y, *, weight, reduction):
        xp = _xp(p)
        with _quiet(xp):
            log_p = xp.maximum(xp.log(p), -100.0)
            log_1mp = xp.maximum(xp.log1p(-p), -100.0)
        losses = -(y * log_p + (1 - y) * log_1mp)
        if weight is not None:
            losses = losses * weight
        ctx.save_for_backward(p, y)
        ctx.weight, ctx.reduction, ctx.count = weight, reduction, losses.size
        return _reduce(losses.astype(p.dtype, copy=False), reduction)

    @staticmethod
    def backward(ctx, g):
        p, y = ctx.saved_tensors
        need_p, need_y = ctx.needs_input_grad
        scale = _scale(ctx, g)
        if ctx.weight is not None:
            scale = scale * _wrap(ctx.weight)
        gp = gy = None
        if need_p:
            gp = sum_to((p - y) / ((1 - p) * p).clamp(min=1e-12) * scale, tuple(p.shape))
        if need_y:
            gy = sum_to(((-p).log1p() - p.log()) * scale, tuple(y.shape))       # unclamped, as torch
        return gp, gy


class _quiet:
    """Silence NumPy's divide-by-zero warning for log(0) (the result, -inf, is clamped at -100)."""

    def __init__(self, xp):
        self.xp = xp

    def __enter__(self):
        self.old = np.seterr(divide="ignore") if self.xp is np else None

    def __exit__(self, *exc):
        if self.old is not None:
            np.seterr(**self.old)


# ----------------------------------------------------------------------------------------- Embedding
class Embedding(Op):
    """out = weight[indices].   d/dweight = Σ of g's rows into the rows they were read from (none into
    ``padding_idx``; each divided by its index's count with ``scale_grad_by_freq``)"""

    @staticmethod
    def forward(ctx, weight, *, indices, padding_idx, scale_grad_by_freq):
        ctx.indices, ctx.padding_idx, ctx.freq, ctx.rows = indices, padding_idx, scale_grad_by_freq, weight.shape[0]
        return weight[indices]

    @staticmethod
    def backward(ctx, g):
        xp = _xp(ctx.indices)
        idx = ctx.indices.reshape(-1)
        g2 = g.reshape(-1, g.shape[-1])
        keep = None
        if ctx.padding_idx is not None or ctx.freq:
            keep = xp.ones(idx.shape, dtype=g2.dtype.np)
            if ctx.padding_idx is not None:
                keep[idx == ctx.padding_idx] = 0
            if ctx.freq:
                keep = keep / xp.bincount(idx, minlength=ctx.rows)[idx]
            g2 = g2 * _wrap(keep.astype(g2.dtype.np)[:, None])
        out = zeros((ctx.rows, g.shape[-1]), dtype=g.dtype, device=g.device)
        return out.index_add(0, _wrap(idx), g2)


# ----------------------------------------------------------------------------------------- normalisation
# Two things every normalisation here does as torch (or better): float16 data is normalised in float32 and
# rounded once at the end; and the data is centred in two steps -- minus its mean, then minus the mean of
# what is left -- so that data far from zero (1e6 + noise in float32) keeps the precision of its deviations
# (the mean itself, rounded to the dtype, would otherwise leave an error of half its last digit in x - mean).
_F16 = np.dtype(np.float16)


def _centred(x, dims):
    """(x - mean(x), mean(x)) over ``dims`` for an array, accurate far from zero (see above)."""
    m0 = x.mean(axis=dims, keepdims=True)
    d = x - m0
    c = d.mean(axis=dims, keepdims=True)
    return d - c, m0 + c


def standardize(x, dims, eps):
    """(x - mean) / √(var + eps) over ``dims`` (biased variance), with tensor ops: differentiable; centred
    in two steps (see above)."""
    d = x - x.mean(dims, keepdim=True)
    xc = d - d.mean(dims, keepdim=True)
    return xc * ((xc * xc).mean(dims, keepdim=True) + eps).rsqrt()


_standardize = standardize


def _standardize_backward(x, gxhat, dims, eps):
    """The gradient through x̂ = (x - μ)/σ over ``dims`` of M elements, given dL/dx̂:
    dL/dx = (1/σ)·(dL/dx̂ - mean(dL/dx̂) - x̂·mean(dL/dx̂ · x̂))."""
    d = x - x.mean(dims, keepdim=True)
    xc = d - d.mean(dims, keepdim=True)
    invstd = ((xc * xc).mean(dims, keepdim=True) + eps).rsqrt()
    xhat = xc * invstd
    return (gxhat - gxhat.mean(dims, keepdim=True) - xhat * (gxhat * xhat).mean(dims, keepdim=True)) * invstd


def _float32(*tensors):
    """The float16 tensors among ``tensors`` in float32 (the normalisations' backward runs there, as torch)."""
    return [t if t is None or t._data.dtype != _F16 else t.float() for t in tensors]


def _like(grads, x, w=None):
    """The gradients back in their inputs' dtypes: x's for x (float16 where x was), the weight's for the weight
    and bias (float32 parameters under a float16 input, as torch allows on the CPU)."""
    w = x if w is None else w
    return tuple(g if g is None or g._data.dtype == a._data.dtype else g.to(a.dtype) for g, a in zip(grads, (x, w, w)))


class NativeBatchNorm(Op):
    """out = (x - μ_c)/√(σ²_c + eps)·w_c + b_c per channel c (dim 1); μ, σ² over the batch and spatial dims
    when training, the running statistics otherwise.
    d/dx = w·(g - mean(g) - x̂·mean(g·x̂))/σ (training) or w·g/σ (eval);  d/dw = Σ g·x̂;  d/db = Σ g"""
    edge_non_tensors = True             # (input, weight, bias): torch lists an absent weight or bias as (None, 0)

    @staticmethod
    def forward(ctx, x, weight, bias, *, mean, var, eps, training):
        dims = (0,) + tuple(range(2, x.ndim))
        shape = (1, -1) + (1,) * (x.ndim - 2)
        xp = _xp(x)
        xw = x.astype(np.float32) if x.dtype == _F16 else x
        if training:                    # (the statistics again, here accurate far from zero: see above)
            xc, _ = _centred(xw, dims)
            var = (xc * xc).mean(axis=dims)
        else:
            xc = xw - mean.reshape(shape).astype(xw.dtype, copy=False)
        invstd = (1.0 / xp.sqrt(var.astype(xw.dtype, copy=False) + eps)).astype(xw.dtype, copy=False).reshape(shape)
        xhat = xc * invstd
        out = xhat * weight.reshape(shape) if weight is not None else xhat.copy()
        if bias is not None:
            out += bias.reshape(shape)
        ctx.save_for_backward(x, weight)
        ctx.dims, ctx.shape, ctx.eps, ctx.training = dims, shape, eps, training
        ctx.kept = fast.gradients.keep_standardized(x, xhat, invstd, out) if training else None  # normal mode
        ctx.mean, ctx.invstd = mean, invstd
        return out.astype(x.dtype, copy=False)

    @staticmethod
    def backward(ctx, g):
        x0, weight0 = ctx.saved_tensors
        x, weight, g = _float32(x0, weight0, g)
        need_x, need_w, need_b = ctx.needs_input_grad
        dims, shape = ctx.dims, ctx.shape
        if ctx.training:
            xhat = _standardize(x, dims, ctx.eps)
        else:
            xhat = (x - _wrap(ctx.mean.reshape(shape).astype(x.dtype.np, copy=False))) * _wrap(ctx.invstd)
        gx = gw = gb = None
        if need_x:
            gxhat = g * weight.reshape(shape) if weight is not None else g
            gx = (_standardize_backward(x, gxhat, dims, ctx.eps) if ctx.training else gxhat * _wrap(ctx.invstd))
        if need_w:
            gw = (g * xhat).sum(dims)
        if need_b:
            gb = g.sum(dims)
        return _like((gx, gw, gb), x0, weight0)


class NativeLayerNorm(Op):
    """out = (x - μ)/√(σ² + eps)·w + b with μ, σ² over the last len(normalized_shape) dims.
    d/dx = w·(g - mean(g) - x̂·mean(g·x̂))/σ over those dims;  d/dw = Σ_rows g·x̂;  d/db = Σ_rows g"""
    edge_non_tensors = True             # (input, weight, bias): torch lists an absent weight or bias as (None, 0)

    @staticmethod
    def forward(ctx, x, weight, bias, *, ndims, eps):
        xp = _xp(x)
        dims = tuple(range(x.ndim - ndims, x.ndim))
        xw = x.astype(np.float32) if x.dtype == _F16 else x
        xc, _ = _centred(xw, dims)
        invstd = (1.0 / xp.sqrt((xc * xc).mean(axis=dims, keepdims=True) + eps)).astype(xw.dtype, copy=False)
        xhat = xc * invstd
        out = xhat * weight if weight is not None else xhat
        if bias is not None:
            out = out + bias
        ctx.save_for_backward(x, weight)
        ctx.dims, ctx.eps, ctx.lead = dims, eps, tuple(range(x.ndim - ndims))
        ctx.kept = fast.gradients.keep_standardized(x, xhat, invstd, out)    # normal mode: x̂, 1/σ for backward
        return out.astype(x.dtype, copy=False)

    @staticmethod
    def backward(ctx, g):
        x0, weight0 = ctx.saved_tensors
        x, weight, g = _float32(x0, weight0, g)
        need_x, need_w, need_b = ctx.needs_input_grad
        gx = gw = gb = None
        if need_x:
            gxhat = g * weight if weight is not None else g
            gx = _standardize_backward(x, gxhat, ctx.dims, ctx.eps)
        if need_w:
            xhat = _standardize(x, ctx.dims, ctx.eps)
            gw = (g * xhat).sum(ctx.lead) if ctx.lead else g * xhat
        if need_b:
            gb = g.sum(ctx.lead) if ctx.lead else g
        return _like((gx, gw, gb), x0, weight0)

