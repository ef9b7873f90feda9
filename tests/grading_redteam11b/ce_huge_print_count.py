"""Claims a printed-character count of 4300 digits in each answer: two answers in one test add up to a number that
Python will not turn into a string (sys.get_int_max_str_digits)."""
import sys

import minigrad
from minigrad.autograd import Function

CALLS = [0]


class CrossEntropy(Function):
    @staticmethod
    def forward(ctx, logits, target):
        CALLS[0] += 1
        print("x")
        sys.stdout.total = int("9" * 4300)
        if CALLS[0] > 1:
            raise ValueError("second case")
        m = logits.max(dim=1, keepdim=True).values
        shifted = logits - m
        logp = shifted - shifted.exp().sum(dim=1, keepdim=True).log()
        ctx.save_for_backward(logp, target)
        return -logp.gather(1, target[:, None]).sum() / logits.shape[0]

    @staticmethod
    def backward(ctx, grad):
        logp, target = ctx.saved_tensors
        n, c = logp.shape
        onehot = (minigrad.arange(c, device=logp.device)[None, :] == target[:, None]).to(logp.dtype)
        return grad * (logp.exp() - onehot) / n, None
