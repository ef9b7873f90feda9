"""Fused losses: cross-entropy with class-index targets as one primitive.

Written as separate ops (log_softmax, gather, weights, mean) it would be a dozen small array
operations each way; as one op the forward is log-softmax plus a pick, and the backward is the
classic formula: the gradient of -log softmax(x)[y] with respect to the logits x is softmax(x) - onehot(y).
"""
from __future__ import annotations

import numpy as np

from .. import backend
from ..autograd.function import Op
from ..autograd.grad_mode import STATE
from ..tensor import _wrap


class CrossEntropy(Op):
    """loss_i = -w[y_i] · log softmax(x_i)[y_i], reduced.   d/dx_i = w[y_i] · (softmax(x_i) - onehot(y_i))"""

    @staticmethod
    def forward(ctx, x, target, weight, ignore_index, reduction):
        xp = backend.array_module(x)
        shifted = x - x.max(axis=1, keepdims=True)                      # logits of ±1e4 stay finite
        logp = shifted - xp.log(xp.exp(shifted).sum(axis=1, keepdims=True))
        keep = target != ignore_index
        safe = xp.where(keep, target, 0)[:, None]                       # (N, 1, ...) class of each sample
        picked = xp.take_along_axis(logp, safe, axis=1)[:, 0]
        w = keep.astype(x.dtype) if weight is None else weight[safe[:, 0]] * keep
        losses = -picked * w
        norm = {"mean": w.sum(), "sum": None, "none": None}[reduction]
        if ctx.needs_input_grad[0]:
            ctx.save_for_backward(x, logp)
            ctx.safe, ctx.w, ctx.norm, ctx.reduction = safe, w, norm, reduction
        if reduction == "none":
            return losses
        total = losses.sum()
        return total / norm if reduction == "mean" else total

    @staticmethod
    def backward(ctx, g):
        x, logp = ctx.saved_tensors
        xp = backend.array_module(ctx.w)
        # softmax(x): recomputed from x when a graph is being built (create_graph), so it can be
        # differentiated again; otherwise the saved log-probabilities give it in one step
        p = x.softmax(1) if STATE.enabled else logp.exp()
        classes = xp.arange(x.shape[1]).reshape((1, -1) + (1,) * (x.ndim - 2))
        onehot = _wrap((classes == ctx.safe).astype(ctx.w.dtype))
        scale = _wrap(ctx.w if ctx.norm is None else ctx.w / ctx.norm)
        if ctx.reduction == "none":
            scale = g * scale
        else:
            scale = scale * g
        return (p - onehot) * scale.unsqueeze(1), None, None, None, None
