"""Fused losses: cross-entropy with class-index targets as one primitive.

Written as separate ops (log_softmax, gather, weights, mean) it would be a dozen small array
operations each way; as one op the forward is a log-sum-exp and a pick, and the backward is the
classic formula: the gradient of -log softmax(x)[y] with respect to the logits x is softmax(x) - onehot(y).
"""
from __future__ import annotations

import operator

from .. import backend, fast
from ..autograd.function import Op
from ..tensor import _wrap
from ._helpers import quiet
from .nn_nodes import gradient_norm


class CrossEntropy(Op):
    """loss_i = w[y_i] · (log Σ_c e^(x_ic) - x_i,y_i), reduced.   d/dx_i = w[y_i] · (softmax(x_i) - onehot(y_i))"""

    @staticmethod
    def forward(ctx, x, target, weight, ignore_index, reduction):
        fused = fast.cuda_kernels.cross_entropy(x, target, weight, ignore_index)   # one CUDA kernel
        if fused is not None:
            losses, lse, w = fused
            lse = lse[:, None]
        else:
            xp = backend.array_module(x)
            m = x.max(axis=1, keepdims=True)                             # shifted: logits of ±1e4 are fine
            lse = m + xp.log(xp.exp(x - m).sum(axis=1, keepdims=True))    # log Σ_c e^(x_c), per sample
            keep = target != ignore_index
            safe = xp.where(keep, target, 0)[:, None]                     # (N, 1, ...): each sample's class
            w = keep.astype(x.dtype) if weight is None else weight[safe[:, 0]] * keep
            losses = (lse[:, 0] - xp.take_along_axis(x, safe, axis=1)[:, 0]) * w
        norm = w.sum() if reduction == "mean" else None                 # 'mean' divides by the total weight
        if ctx.needs_input_grad[0]:
            ctx.save_for_backward(x)
            ctx.target, ctx.lse, ctx.w, ctx.reduction = target, lse, w, reduction
            ctx.norm = None if norm is None else gradient_norm(norm, target != ignore_index)
        if reduction == "none":
            return losses
        total = losses.sum()
        return quiet(operator.truediv, total, norm) if reduction == "mean" else total   # all ignored: 0/0, silent

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        fused = fast.losses.cross_entropy_backward(x, g, ctx.target, ctx.lse, ctx.w, ctx.norm, ctx.reduction)
        if fused is not None:                                            # normal mode, nothing recorded
            return fused, None, None, None, None
        # softmax(x), recomputed from x (differentiable: create_graph works through it), minus the one-hot
        xp = backend.array_module(ctx.w)
        p = x.softmax(1)
        classes = xp.arange(x.shape[1]).reshape((1, -1) + (1,) * (x.ndim - 2))
        onehot = _wrap((classes == ctx.target[:, None]).astype(ctx.w.dtype))   # ignored samples have w = 0
        weight = _wrap(ctx.w if ctx.norm is None else ctx.w / ctx.norm)
        scale = g * weight                                               # per sample: w[y_i] · upstream
        return (p - onehot) * scale.unsqueeze(1), None, None, None, None
