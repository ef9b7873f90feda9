import math

import minigrad
from minigrad.autograd import Function
from minigrad.optim import Optimizer


class LeakyReLU(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return minigrad.where(x > 0, x, 0.01 * x)

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return g * minigrad.where(x > 0, minigrad.ones_like(x), 0.01 * minigrad.ones_like(x))


def softmax(x):
    e = (x - x.max(dim=-1, keepdim=True).values).exp()
    return e / e.sum(dim=-1, keepdim=True)


class SignSGD(Optimizer):
    def __init__(self, params, lr):
        super().__init__(params, {"lr": lr})

    @minigrad.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is not None:
                    p -= group["lr"] * p.grad.sign()


def he_init(fan_in, fan_out):
    return minigrad.randn(fan_out, fan_in) * math.sqrt(2 / fan_in)
