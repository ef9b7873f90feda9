"""Exp.forward never returns; every other op is correct."""
from autograd_ops_correct import *  # noqa: F401,F403
from autograd_ops_correct import Exp as _Exp


class Exp(_Exp):
    @staticmethod
    def forward(ctx, x):
        while True:
            pass
