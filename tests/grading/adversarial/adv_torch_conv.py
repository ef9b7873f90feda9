"""A conv done by torch, converted back to minigrad."""
import numpy as np
import torch

import minigrad
from minigrad.autograd import Function


class Conv2d(Function):
    @staticmethod
    def forward(ctx, x, weight, bias, stride, padding):
        t = torch.nn.functional.conv2d(torch.from_numpy(x.numpy()), torch.from_numpy(weight.numpy()),
                                       None if bias is None else torch.from_numpy(bias.numpy()), stride=stride,
                                       padding=padding)
        return minigrad.tensor(t.numpy())

    @staticmethod
    def backward(ctx, grad_output):
        raise NotImplementedError
