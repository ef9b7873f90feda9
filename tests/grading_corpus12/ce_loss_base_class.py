"""HW4: cross-entropy.  A small hierarchy: _Reduction (mixin: mean over the batch) -> _LogSoftmaxLoss (the
log-softmax and its cache, __slots__) -> CrossEntropy.  Typed, with a self-check under __main__."""
from __future__ import annotations

from typing import Optional, Tuple

import numpy as np

import minigrad
from minigrad.autograd import Function


class _Cache:
    __slots__ = ("probs", "target", "n")

    def __init__(self, probs: np.ndarray, target: np.ndarray):
        self.probs, self.target, self.n = probs, target, probs.shape[0]

    @property
    def onehot(self) -> np.ndarray:
        oh = np.zeros_like(self.probs)
        oh[np.arange(self.n), self.target] = 1.0
        return oh


class _Reduction:
    @staticmethod
    def reduce(per_sample: np.ndarray) -> np.ndarray:
        return np.asarray(per_sample.sum() / per_sample.shape[0])

    @staticmethod
    def scale(n: int) -> float:
        return 1.0 / n


class _LogSoftmaxLoss(_Reduction, Function):
    @staticmethod
    def log_softmax(z: np.ndarray) -> np.ndarray:
        m = np.amax(z, axis=-1, keepdims=True)
        return z - (m + np.log(np.sum(np.exp(z - m), axis=-1, keepdims=True)))


class CrossEntropy(_LogSoftmaxLoss):
    @staticmethod
    def forward(ctx, logits: minigrad.Tensor, target: minigrad.Tensor) -> minigrad.Tensor:
        z = logits.detach().numpy()
        t = target.detach().numpy()
        logp = CrossEntropy.log_softmax(z)
        ctx.cache = _Cache(np.exp(logp), t)
        per_sample = -np.take_along_axis(logp, t[:, None], axis=1)[:, 0]
        return minigrad.tensor(CrossEntropy.reduce(per_sample), dtype=minigrad.float64)

    @staticmethod
    def backward(ctx, grad_output: minigrad.Tensor) -> Tuple[minigrad.Tensor, Optional[minigrad.Tensor]]:
        c: _Cache = ctx.cache
        g = grad_output.detach().numpy() * CrossEntropy.scale(c.n)
        return minigrad.tensor((c.probs - c.onehot) * g, dtype=minigrad.float64), None


if __name__ == "__main__":
    z = minigrad.tensor(np.array([[1.0, 2.0, 3.0]]), requires_grad=True)
    y = minigrad.tensor(np.array([2]))
    print("loss", CrossEntropy.apply(z, y))
