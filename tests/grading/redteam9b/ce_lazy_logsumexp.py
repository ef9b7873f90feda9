"""Correct: scipy.special (a package whose log_softmax the assignment forbids) imported inside forward by a computed
name, after the runner's lock-down, for its logsumexp, which stays allowed."""
import importlib

import numpy as np

import minigrad
from minigrad.autograd import Function


class CrossEntropy(Function):
    @staticmethod
    def forward(ctx, logits, target):
        special = importlib.import_module("scipy." + "special")
        z, t = logits.detach().numpy(), target.detach().numpy()
        lse = special.logsumexp(z, axis=1)
        ctx.keep = (z, t, lse)
        return minigrad.tensor(np.float64((lse - z[np.arange(len(t)), t]).mean()))

    @staticmethod
    def backward(ctx, grad_output):
        z, t, lse = ctx.keep
        g = np.exp(z - lse[:, None])
        g[np.arange(len(t)), t] -= 1
        return minigrad.tensor(g * grad_output.item() / len(t)), None
