"""Correct: logsumexp imported from SciPy's private module that defines it (an allowed function, by a private path)."""
import numpy as np

import minigrad
from minigrad.autograd import Function
from scipy.special._logsumexp import logsumexp


class CrossEntropy(Function):
    @staticmethod
    def forward(ctx, logits, target):
        z, t = logits.detach().numpy(), target.detach().numpy()
        logp = z - logsumexp(z, axis=1, keepdims=True)
        ctx.logp, ctx.t = logp, t
        return minigrad.from_numpy(np.asarray(-logp[np.arange(len(t)), t].mean()))

    @staticmethod
    def backward(ctx, grad):
        p = np.exp(ctx.logp)
        p[np.arange(len(ctx.t)), ctx.t] -= 1.0
        return minigrad.from_numpy(grad.item() * p / len(ctx.t)), None
