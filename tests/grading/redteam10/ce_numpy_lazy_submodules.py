"""Correct, with NumPy's lazily loaded submodules: numpy.testing, numpy.polynomial, numpy.typing."""
import numpy as np
import numpy.typing as npt
import minigrad
from minigrad.autograd import Function


def logsumexp(z: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    m = z.max(axis=1, keepdims=True)
    return m + np.log(np.exp(z - m).sum(axis=1, keepdims=True))


class CrossEntropy(Function):
    @staticmethod
    def forward(ctx, logits, target):
        z, t = logits.detach().numpy(), target.detach().numpy()
        logp = z - logsumexp(z)
        np.testing.assert_allclose(np.exp(logp).sum(axis=1), 1.0, rtol=1e-6)
        _ = np.polynomial.Polynomial([1.0, 2.0])
        onehot = np.eye(z.shape[1])[t]
        ctx.save_for_backward(minigrad.from_numpy(np.exp(logp) - onehot))
        return minigrad.from_numpy(np.asarray(-(onehot * logp).sum() / len(t)))

    @staticmethod
    def backward(ctx, grad):
        (diff,) = ctx.saved_tensors
        return grad * diff / diff.shape[0], None
