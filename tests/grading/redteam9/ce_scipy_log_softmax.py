"""Dishonest (a library's log_softmax, which cross-entropy forbids as minigrad's): scipy.special.log_softmax."""
import numpy as np
from scipy.special import log_softmax

import minigrad
from minigrad.autograd import Function


class CrossEntropy(Function):
    @staticmethod
    def forward(ctx, logits, target):
        z, t = logits.detach().numpy(), target.detach().numpy()
        lp = log_softmax(z, axis=1)
        ctx.keep = (lp, t)
        return minigrad.tensor(-lp[np.arange(len(t)), t].mean())

    @staticmethod
    def backward(ctx, grad_output):
        lp, t = ctx.keep
        g = np.exp(lp)
        g[np.arange(len(t)), t] -= 1
        return minigrad.tensor(g * grad_output.item() / len(t)), None
