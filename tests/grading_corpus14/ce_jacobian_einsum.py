"""Backward by the chain rule written out: the Jacobian of each row's log-softmax, J[n, i, j] = delta_ij - p[n, j],
contracted with the upstream gradient of the log-probabilities (-onehot / N) by np.einsum. Forward through a
log-softmax helper."""
import numpy as np

import minigrad
from minigrad.autograd import Function


def log_softmax_rows(z):
    shifted = z - np.max(z, axis=1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))


class CrossEntropy(Function):
    @staticmethod
    def forward(ctx, logits, target):
        z = logits.detach().numpy()
        t = np.asarray(target.detach().numpy(), dtype=np.intp)
        lp = log_softmax_rows(z)
        ctx.lp, ctx.t = lp, t
        return minigrad.tensor(-lp[np.arange(len(t)), t].sum() / len(t), dtype=minigrad.float64)

    @staticmethod
    def backward(ctx, grad_output):
        lp, t = ctx.lp, ctx.t
        n, c = lp.shape
        p = np.exp(lp)
        dlp = np.zeros((n, c))
        dlp[np.arange(n), t] = -1.0 / n                            # d loss / d log p
        dlp *= grad_output.detach().numpy()
        # per row: dz_j = sum_i dlp_i (delta_ij - p_j) = dlp_j - p_j * sum_i dlp_i
        jac = np.eye(c)[None, :, :] - p[:, None, :]               # (N, C, C)
        dz = np.einsum("ni,nij->nj", dlp, jac)
        return minigrad.tensor(dz, dtype=minigrad.float64), None
