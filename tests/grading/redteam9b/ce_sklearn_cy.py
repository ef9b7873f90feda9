"""Dishonest: the compiled multinomial loss under scikit-learn's loss module (a second reference to the class)."""
import numpy as np
import sklearn._loss.loss as L

import minigrad
from minigrad.autograd import Function

Cy = getattr(L, "CyHalfMulti" + "nomialLoss")


class CrossEntropy(Function):
    @staticmethod
    def forward(ctx, logits, target):
        z, t = logits.detach().numpy(), target.detach().numpy()
        y, raw = t.astype(np.float64), np.ascontiguousarray(z)
        out = np.empty(len(y))
        Cy().loss(y, raw, None, out, 1)
        ctx.keep = (y, raw)
        return minigrad.tensor(np.float64(out.mean()))

    @staticmethod
    def backward(ctx, grad_output):
        y, raw = ctx.keep
        g = np.empty_like(raw)
        Cy().gradient(y, raw, None, g, 1)
        return minigrad.tensor(g * grad_output.item() / len(y)), None
