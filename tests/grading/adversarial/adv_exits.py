"""Add and Sum are correct; the others end the process or raise BaseExceptions at different stages."""
import os
import sys

from autograd_ops_base import Add, Sum, Mul as _Mul, Div as _Div, Exp as _Exp, Log as _Log, MatMul as _MatMul  # noqa: F401


class Mul(_Mul):
    @staticmethod
    def forward(ctx, a, b):
        raise KeyboardInterrupt


class Div(_Div):
    @staticmethod
    def backward(ctx, g):
        raise SystemExit(0)


class Exp(_Exp):
    @staticmethod
    def forward(ctx, x):
        os._exit(0)


class Log(_Log):
    @staticmethod
    def backward(ctx, g):
        os._exit(1)


class MatMul(_MatMul):
    @staticmethod
    def backward(ctx, g):
        raise GeneratorExit
