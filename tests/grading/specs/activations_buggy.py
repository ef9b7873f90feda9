import minigrad
from minigrad.autograd import Function
from minigrad.optim import Optimizer


class LeakyReLU(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return minigrad.where(x > 0, x, 0.01 * x)

    @staticmethod
    def backward(ctx, g):                     # bug: slope 0 for negative inputs
        x, = ctx.saved_tensors
        return g * (x > 0).to(g.dtype)


def softmax(x):                               # bug: no max subtraction
    e = x.exp()
    return e / e.sum(dim=-1, keepdim=True)


class SignSGD(Optimizer):
    def __init__(self, params, lr):
        super().__init__(params, {"lr": lr})

    @minigrad.no_grad()
    def step(self, closure=None):             # bug: plain SGD
        for group in self.param_groups:
            for p in group["params"]:
                p -= group["lr"] * p.grad


def he_init(fan_in, fan_out):                 # bug: std 1
    return minigrad.randn(fan_out, fan_in)
