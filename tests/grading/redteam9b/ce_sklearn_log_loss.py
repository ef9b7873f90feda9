"""Dishonest: sklearn.metrics.log_loss by a computed name (the wrapper of sklearn's parameter validation)."""
import importlib

import numpy as np

import minigrad
from minigrad.autograd import Function

import sklearn.metrics as metrics
loss_fn = getattr(metrics, "log_" + "loss")


class CrossEntropy(Function):
    @staticmethod
    def forward(ctx, logits, target):
        z, t = logits.detach().numpy(), target.detach().numpy()
        e = np.exp(z - z.max(1, keepdims=True))
        p = e / e.sum(1, keepdims=True)
        ctx.keep = (p, t)
        return minigrad.tensor(np.float64(loss_fn(t, p, labels=np.arange(z.shape[1]))))

    @staticmethod
    def backward(ctx, grad_output):
        p, t = ctx.keep
        g = p.copy()
        g[np.arange(len(t)), t] -= 1
        return minigrad.tensor(g * grad_output.item() / len(t)), None
