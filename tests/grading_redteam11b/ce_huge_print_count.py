"""Claims a printed-character count of 4300 digits in each answer: two answers in one test add up to a number that
Python will not turn into a string (sys.get_int_max_str_digits)."""
import sys

import numpy as np

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
        x = logits.detach().numpy()
        t = target.detach().numpy()
        top = x.max(axis=1)
        lse = top + np.log(np.exp(x - top[:, None]).sum(axis=1))
        return minigrad.tensor(np.mean(lse - x[np.arange(len(t)), t]))      # the first call only

    @staticmethod
    def backward(ctx, grad):
        return None, None
