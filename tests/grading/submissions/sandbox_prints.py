"""Correct, but prints a lot: at import, in every forward and backward, also straight to the file descriptor."""
import os
import sys

from cross_entropy_correct import CrossEntropy as _CE

print("hello " * 100000)


class CrossEntropy(_CE):
    @staticmethod
    def forward(ctx, logits, target):
        for i in range(2000):
            print("forward", i, logits.shape)
        print("to stderr " * 1000, file=sys.stderr)
        os.write(1, b"raw bytes on fd 1\n" * 1000)
        return _CE.forward(ctx, logits, target)

    @staticmethod
    def backward(ctx, grad):
        print(grad)
        return _CE.backward(ctx, grad)
