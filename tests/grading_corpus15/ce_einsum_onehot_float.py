"""cross-entropy with a float one-hot built by comparison with np.arange (broadcast), picks by einsum, and the
gradient scaled with np.multiply(..., out=...)."""
import numpy as np

import minigrad
from minigrad.autograd import Function


class CrossEntropy(Function):
    @staticmethod
    def forward(ctx, logits, target):
        z = logits.detach().numpy()
        n, c = z.shape
        t = target.detach().numpy().reshape(n, 1)
        onehot = (np.arange(c)[None, :] == t).astype(z.dtype)
        zmax = np.amax(z, axis=1, keepdims=True)
        logsum = zmax[:, 0] + np.log(np.einsum("nc->n", np.exp(z - zmax)))
        ctx.z, ctx.onehot, ctx.logsum = z.copy(), onehot, logsum
        return minigrad.tensor(np.einsum("n->", logsum - np.einsum("nc,nc->n", z, onehot)) / n)

    @staticmethod
    def backward(ctx, grad_output):
        soft = np.exp(ctx.z - ctx.logsum[:, None])
        diff = soft - ctx.onehot
        np.multiply(diff, grad_output.detach().numpy() / ctx.z.shape[0], out=diff)
        return minigrad.tensor(diff), None
