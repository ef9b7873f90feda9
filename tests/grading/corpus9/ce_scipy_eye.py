"""Cross-entropy with scipy.special.logsumexp / softmax and a one-hot from np.eye."""
import numpy as np
import scipy.special

import minigrad
from minigrad.autograd import Function


class CrossEntropy(Function):
    @staticmethod
    def forward(ctx, logits, target):
        z = logits.detach().numpy()
        t = target.detach().numpy().astype(np.intp)
        onehot = np.eye(z.shape[1])[t]
        loss = np.mean(scipy.special.logsumexp(z, axis=1) - (z * onehot).sum(axis=1))
        ctx.save = (scipy.special.softmax(z, axis=1), onehot)
        return minigrad.tensor(np.float64(loss))

    @staticmethod
    def backward(ctx, grad_output):
        p, onehot = ctx.save
        return minigrad.tensor(grad_output.item() * (p - onehot) / p.shape[0]), None
