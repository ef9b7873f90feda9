"""conv2d as linear algebra: a 0/1 selection matrix S (one row per output pixel and kernel tap, one column per pixel of
the padded image) gathers every patch with one matrix product, so the forward is S @ image followed by a product with
the weights, and the input's gradient is S.T @ (patch gradients): the adjoint of a gather is a scatter-add, written as
a transpose. Padding is cropped off the end result."""
import numpy as np

import minigrad
from minigrad.autograd import Function


def selection(hp, wp, kh, kw, stride, ho, wo):
    """S with S[(i * wo + j) * kh * kw + u * kw + v, (i * stride + u) * wp + j * stride + v] = 1."""
    rows = ho * wo * kh * kw
    s = np.zeros((rows, hp * wp))
    r = 0
    for i in range(ho):
        for j in range(wo):
            for u in range(kh):
                for v in range(kw):
                    s[r, (i * stride + u) * wp + j * stride + v] = 1.0
                    r += 1
    return s


class Conv2d(Function):
    @staticmethod
    def forward(ctx, x, weight, bias, stride, padding):
        xv, wv = x.detach().numpy(), weight.detach().numpy()
        n, c, h, w = xv.shape
        o, _, kh, kw = wv.shape
        hp, wp = h + 2 * padding, w + 2 * padding
        ho, wo = (hp - kh) // stride + 1, (wp - kw) // stride + 1
        s = selection(hp, wp, kh, kw, stride, ho, wo)
        flat = np.pad(xv, ((0, 0), (0, 0), (padding,) * 2, (padding,) * 2)).reshape(n, c, hp * wp)
        patches = (flat @ s.T).reshape(n, c, ho * wo, kh * kw)              # (n, c, pixels, taps)
        out = np.einsum("ncpt,oct->nop", patches, wv.reshape(o, c, kh * kw)).reshape(n, o, ho, wo)
        if bias is not None:
            out = out + bias.detach().numpy().reshape(1, o, 1, 1)
        ctx.keep = (s, patches, wv, (n, c, h, w), padding, bias is not None)
        return minigrad.tensor(out)

    @staticmethod
    def backward(ctx, grad_output):
        s, patches, wv, (n, c, h, w), padding, has_bias = ctx.keep
        o, _, kh, kw = wv.shape
        g = grad_output.detach().numpy().reshape(n, o, -1)                  # (n, o, pixels)
        grad_w = np.einsum("nop,ncpt->oct", g, patches).reshape(wv.shape)
        grad_patches = np.einsum("nop,oct->ncpt", g, wv.reshape(o, c, kh * kw)).reshape(n, c, -1)
        grad_flat = grad_patches @ s                                        # scatter-add: S transposed
        hp, wp = h + 2 * padding, w + 2 * padding
        grad_x = grad_flat.reshape(n, c, hp, wp)[:, :, padding:padding + h, padding:padding + w]
        grad_b = minigrad.tensor(g.sum(axis=(0, 2))) if has_bias else None
        return minigrad.tensor(np.ascontiguousarray(grad_x)), minigrad.tensor(grad_w), grad_b, None, None
