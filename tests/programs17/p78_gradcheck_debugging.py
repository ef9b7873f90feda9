# Debugging a hand-written backward the way the custom-Function tutorial does: gradcheck on double inputs catches a
# wrong factor (the error shows the numerical and analytical Jacobians), raise_exception=False for a quiet check,
# the corrected Function passes, and gradgradcheck confirms the second derivative of a double-backward-able one.
import re

import torch
from torch.autograd import Function, gradcheck, gradgradcheck
from torch.autograd.gradcheck import GradcheckError


class MulAddBuggy(Function):
    @staticmethod
    def forward(ctx, x, y):
        ctx.save_for_backward(x, y)
        return x * y, x + y

    @staticmethod
    def backward(ctx, g_prod, g_sum):
        x, y = ctx.saved_tensors
        return g_prod * y * 2 + g_sum, g_prod * x + g_sum          # the factor 2 is the bug


class MulAdd(MulAddBuggy):
    @staticmethod
    def backward(ctx, g_prod, g_sum):
        x, y = ctx.saved_tensors
        return g_prod * y + g_sum, g_prod * x + g_sum


class Softsign(Function):
    """x / (1 + |x|), its backward written with differentiable ops so that it can be differentiated again."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x / (1 + x.abs())

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return g / (1 + x.abs()) ** 2


x = torch.tensor([0.5, -1.0, 2.0], dtype=torch.double, requires_grad=True)
y = torch.tensor([1.5, 0.25, -0.5], dtype=torch.double, requires_grad=True)
try:
    gradcheck(MulAddBuggy.apply, (x, y))
except GradcheckError as e:
    msg = str(e)
    head, numerical, analytical = msg.split("numerical:")[0], msg.split("numerical:")[1].split("analytical:")[0], \
        msg.split("analytical:")[1]
    print(head.strip())
    print("numerical:" + numerical.strip())
    print("analytical:" + re.split(r"\)\n", analytical, maxsplit=1)[0] + ")")
print(gradcheck(MulAddBuggy.apply, (x, y), raise_exception=False), gradcheck(MulAdd.apply, (x, y)))
print(gradcheck(Softsign.apply, (x,), eps=1e-6, atol=1e-4), gradgradcheck(Softsign.apply, (x,)))
out = MulAdd.apply(x, y)
(out[0].sum() + 2 * out[1].sum()).backward()
print(x.grad, y.grad)
