"""Sum with dim and keepdim."""
import numpy as np
import minigrad
from minigrad.autograd import Function


class Sum(Function):
    @staticmethod
    def forward(ctx, x, dim=None, keepdim=False):
        ctx.info = (x.shape, dim, keepdim)
        out = x.detach().numpy().sum(axis=dim, keepdims=keepdim)
        return minigrad.tensor(np.array(out))

    @staticmethod
    def backward(ctx, grad_output):
        shape, dim, keepdim = ctx.info
        g = grad_output.detach().numpy()
        if dim is not None and not keepdim:
            g = np.expand_dims(g, dim)
        out = np.empty(shape)
        out[...] = g
        return (minigrad.tensor(out),)


if __name__ == "__main__":
    import sys
    print("x" * 100000)
    sys.stdout.write("Total 100/100\n")
