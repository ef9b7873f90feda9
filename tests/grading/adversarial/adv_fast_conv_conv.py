"""Conv2d through the fast layer's im2col and col2im (minigrad.fast.conv): the columns and their adjoint come
from the library; only the products are the student's. Where the fast path declines (a stride > 1) it falls
back to the correct corpus's window view, so the attack scores whatever the library pieces earn it."""
import numpy as np

import minigrad
from minigrad.autograd import Function
from minigrad.fast import conv as fast_conv
from minigrad.ops.conv import Geometry


def _geo(x, w, stride, padding):
    return Geometry(x.shape[2], x.shape[3], w.shape[2:], (stride, stride), (padding, padding), (1, 1))


class Conv2d(Function):
    @staticmethod
    def forward(ctx, x, weight, bias, stride, padding):
        xn, wn = x.detach().numpy(), weight.detach().numpy()
        geo = _geo(xn, wn, stride, padding)
        cols = fast_conv.im2col(xn, geo, False)
        if cols is None:
            cols = np.zeros((xn.shape[0], wn[0].size, geo.oh * geo.ow))
        out = np.einsum("ok,nkl->nol", wn.reshape(wn.shape[0], -1), cols)
        if bias is not None:
            out = out + bias.detach().numpy()[None, :, None]
        ctx.save_for_backward(x, weight)
        ctx.conf = (stride, padding, bias is not None, cols)
        return minigrad.from_numpy(np.ascontiguousarray(out.reshape(xn.shape[0], wn.shape[0], geo.oh, geo.ow)))

    @staticmethod
    def backward(ctx, grad):
        x, weight = ctx.saved_tensors
        stride, padding, has_bias, cols = ctx.conf
        g = grad.detach().numpy().reshape(grad.shape[0], grad.shape[1], -1)
        wn = weight.detach().numpy()
        geo = _geo(x, wn, stride, padding)
        gw = np.einsum("nol,nkl->ok", g, cols).reshape(wn.shape)
        gcols = np.einsum("ok,nol->nkl", wn.reshape(wn.shape[0], -1), g)
        gx = fast_conv.col2im(gcols, geo, tuple(x.shape), False)
        if gx is None:
            gx = np.zeros(tuple(x.shape))
        gb = minigrad.from_numpy(g.sum((0, 2))) if has_bias else None
        return minigrad.from_numpy(gx), minigrad.from_numpy(np.ascontiguousarray(gw)), gb, None, None
