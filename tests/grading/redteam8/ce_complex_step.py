"""Dishonest cross-entropy: a stable forward; backward by the complex step (no derivative)."""
import numpy as np
import minigrad
from minigrad.autograd import Function

H = 1e-30

def loss(z, t):
    m = np.max(np.real(z), axis=1, keepdims=True)
    lse = m[:, 0] + np.log(np.sum(np.exp(z - m), axis=1))
    return np.mean(lse - z[np.arange(len(t)), t])

class CrossEntropy(Function):
    @staticmethod
    def forward(ctx, logits, target):
        z, t = logits.detach().numpy(), target.detach().numpy()
        ctx.z, ctx.t = z, t
        return minigrad.tensor(loss(z, t), dtype=minigrad.float64)

    @staticmethod
    def backward(ctx, grad):
        z = ctx.z
        gz = np.zeros(z.shape)
        for j in range(z.size):
            zc = z.astype(complex)
            zc.flat[j] += 1j * H
            gz.flat[j] = float(grad.detach().numpy()) * np.imag(loss(zc, ctx.t)) / H
        return minigrad.from_numpy(gz), None
