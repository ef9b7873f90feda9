"""Mul.backward calls sys.exit(); Log.forward kills the interpreter with os._exit(3)."""
import os
import sys

from autograd_ops_correct import *  # noqa: F401,F403
from autograd_ops_correct import Mul as _Mul, Log as _Log


class Mul(_Mul):
    @staticmethod
    def backward(ctx, grad):
        sys.exit(1)


class Log(_Log):
    @staticmethod
    def forward(ctx, x):
        os._exit(3)
