"""Starts a child that keeps every inherited descriptor (stdout, the answer channel) open for 100 s, then the
runner itself dies in the first test: the grader must not wait for the child."""
import os
import time

from minigrad.autograd import Function

if os.fork() == 0:
    time.sleep(100)
    os._exit(0)


class CrossEntropy(Function):
    @staticmethod
    def forward(ctx, logits, target):
        os._exit(7)

    @staticmethod
    def backward(ctx, g):
        os._exit(7)
