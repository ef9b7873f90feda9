"""cross-entropy with the log-sum-exp from np.logaddexp.reduce (stable by construction), one-hot from np.eye."""
import numpy as np

import minigrad
from minigrad.autograd import Function


class CrossEntropy(Function):
    @staticmethod
    def forward(ctx, logits, target):
        z = logits.detach().numpy()
        t = np.asarray(target.detach().numpy(), dtype=np.int64)
        lse = np.logaddexp.reduce(z, axis=1)
        onehot = np.eye(z.shape[1])[t]
        ctx.save_for_backward(logits)
        ctx.onehot, ctx.lse = onehot, lse
        return minigrad.tensor(np.mean(lse - (z * onehot).sum(axis=1)))

    @staticmethod
    def backward(ctx, grad_output):
        (logits,) = ctx.saved_tensors
        z = logits.detach().numpy()
        soft = np.exp(z - ctx.lse[:, None])
        return minigrad.tensor((soft - ctx.onehot) * (float(grad_output) / z.shape[0])), None
