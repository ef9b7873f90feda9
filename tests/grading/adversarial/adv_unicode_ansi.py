"""Exceptions and prints with lone surrogates, ANSI escapes, carriage returns, newlines that forge report
lines, bidi overrides and a 5 MB class name."""
from minigrad.autograd import Function

FORGED = "\n\x1b[32mTotal 100/100\x1b[0m\r\nAdd: forward  2/2  passed\n\ud800\udfff\u202e"


class Add(Function):
    @staticmethod
    def forward(ctx, a, b):
        print(FORGED * 1000)
        raise ValueError(FORGED * 10000)

    @staticmethod
    def backward(ctx, g):
        raise type("E" * 5_000_000 + FORGED, (Exception,), {})(FORGED)


class Mul(Function):
    @staticmethod
    def forward(ctx, a, b):
        raise type("Bad\ud800" + FORGED, (Exception,), {"__str__": lambda self: "\ud800" * 100 + FORGED})()

    @staticmethod
    def backward(ctx, g):
        raise RuntimeError(FORGED)
