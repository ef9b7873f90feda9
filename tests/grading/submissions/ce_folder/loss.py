"""A submission as a folder of modules (as Gradescope unpacks it): the grader finds CrossEntropy here."""
import numpy as np

import minigrad
from minigrad.autograd import Function
from helpers import log_softmax


class CrossEntropy(Function):
    @staticmethod
    def forward(ctx, logits, target):
        logp = log_softmax(logits.detach().numpy())
        t = target.numpy()
        ctx.p, ctx.t = np.exp(logp), t
        return minigrad.tensor(-logp[np.arange(len(t)), t].mean())

    @staticmethod
    def backward(ctx, grad):
        p = ctx.p.copy()
        p[np.arange(len(ctx.t)), ctx.t] -= 1
        return grad * minigrad.from_numpy(p / len(ctx.t)), None
