import numpy as np
import minigrad
from minigrad.autograd import Function
from numpy.lib.stride_tricks import sliding_window_view


class Conv2d(Function):
    @staticmethod
    def forward(ctx, x, weight, bias, stride, padding):
        xa, wa = x.detach().numpy(), weight.detach().numpy()
        xp = np.pad(xa, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
        kh, kw = wa.shape[2:]
        win = sliding_window_view(xp, (kh, kw), axis=(2, 3))[:, :, ::stride, ::stride]   # N C Ho Wo kh kw
        out = np.einsum("ncijuv,ocuv->noij", win, wa, optimize=True)
        if bias is not None:
            out = out + bias.detach().numpy()[None, :, None, None]
        ctx.save_for_backward(x, weight)
        ctx.meta = (stride, padding, bias is not None, xp.shape)
        return minigrad.tensor(out)

    @staticmethod
    def backward(ctx, grad_output):
        x, weight = ctx.saved_tensors
        stride, padding, has_bias, pshape = ctx.meta
        g, xa, wa = grad_output.detach().numpy(), x.detach().numpy(), weight.detach().numpy()
        xp = np.pad(xa, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
        kh, kw = wa.shape[2:]
        ho, wo = g.shape[2:]
        win = sliding_window_view(xp, (kh, kw), axis=(2, 3))[:, :, ::stride, ::stride][:, :, :ho, :wo]
        gw = np.einsum("noij,ncijuv->ocuv", g, win, optimize=True)
        gxp = np.zeros(pshape)
        for u in range(kh):
            for v in range(kw):
                gxp[:, :, u:u + stride * ho:stride, v:v + stride * wo:stride] += np.einsum("noij,oc->ncij", g, wa[:, :, u, v])
        H, W = xa.shape[2:]
        gx = gxp[:, :, padding:padding + H, padding:padding + W]
        gb = minigrad.tensor(g.sum(axis=(0, 2, 3))) if has_bias else None
        return minigrad.tensor(np.ascontiguousarray(gx)), minigrad.tensor(gw), gb, None, None
