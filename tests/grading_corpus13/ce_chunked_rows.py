"""Cross-entropy over the batch in chunks of 64 rows (a generator yields each chunk's per-row losses and
probabilities): memory stays bounded for any batch size; the chunks are concatenated at the end."""
import numpy as np

import minigrad
from minigrad.autograd import Function

CHUNK = 64


def chunks(z, t):
    for start in range(0, len(z), CHUNK):
        zc, tc = z[start:start + CHUNK], t[start:start + CHUNK]
        m = zc.max(axis=1, keepdims=True)
        e = np.exp(zc - m)
        s = e.sum(axis=1, keepdims=True)
        losses = (np.log(s) + m).ravel() - zc[np.arange(len(tc)), tc]
        yield losses, e / s


class CrossEntropy(Function):
    @staticmethod
    def forward(ctx, logits, target):
        z = logits.detach().numpy()
        t = target.detach().numpy()
        parts = list(chunks(z, t))
        losses = np.concatenate([l for l, _ in parts])
        ctx.probs = np.concatenate([p for _, p in parts], axis=0)
        ctx.t = t
        return minigrad.tensor(losses.sum() / len(losses), dtype=minigrad.float64)

    @staticmethod
    def backward(ctx, grad_output):
        g = ctx.probs.copy()
        g[np.arange(len(ctx.t)), ctx.t] -= 1.0
        return minigrad.tensor(g * grad_output.detach().numpy() / len(ctx.t), dtype=minigrad.float64), None
