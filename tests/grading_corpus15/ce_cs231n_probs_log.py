"""cross-entropy as in the lecture notes: stable softmax probabilities (max subtracted), then -log of the target's
probability; dscores = probs with 1 subtracted at the target, / N."""
import numpy as np

import minigrad
from minigrad.autograd import Function


class CrossEntropy(Function):
    @staticmethod
    def forward(ctx, logits, target):
        scores = logits.detach().numpy()
        y = target.detach().numpy()
        N = scores.shape[0]
        shifted = scores - np.max(scores, axis=1, keepdims=True)
        exp_scores = np.exp(shifted)
        probs = exp_scores / np.sum(exp_scores, axis=1, keepdims=True)
        correct_logprobs = -np.log(probs[np.arange(N), y])
        loss = np.sum(correct_logprobs) / N
        ctx.probs, ctx.y = probs, y
        return minigrad.tensor(np.array(loss))

    @staticmethod
    def backward(ctx, grad_output):
        N = ctx.probs.shape[0]
        dscores = ctx.probs.copy()
        dscores[np.arange(N), ctx.y] -= 1
        dscores /= N
        return minigrad.tensor(dscores * grad_output.detach().numpy()), None
