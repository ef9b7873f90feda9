"""Conv2d in torch's vocabulary (import minigrad as torch), all tensor ops under torch.no_grad(): F.pad for the
padding, a loop over the kernel taps with strided slicing and torch.einsum, index-add into a zero tensor for grad_x."""
import minigrad as torch
import minigrad.nn.functional as F


class Conv2d(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, weight, bias, stride, padding):
        with torch.no_grad():
            xp = F.pad(x.detach(), (padding, padding, padding, padding))
            w = weight.detach()
            kh, kw = w.shape[2], w.shape[3]
            ho = (xp.shape[2] - kh) // stride + 1
            wo = (xp.shape[3] - kw) // stride + 1
            out = torch.zeros(x.shape[0], w.shape[0], ho, wo, dtype=torch.float64)
            for u in range(kh):
                for v in range(kw):
                    tap = xp[:, :, u:u + stride * (ho - 1) + 1:stride, v:v + stride * (wo - 1) + 1:stride]
                    out = out + torch.einsum("nchw,oc->nohw", tap, w[:, :, u, v])
            if bias is not None:
                out = out + bias.detach().view(1, -1, 1, 1)
        ctx.save_for_backward(xp, w)
        ctx.conf = (stride, padding, bias is not None, x.shape[2], x.shape[3])
        return out

    @staticmethod
    def backward(ctx, grad_output):
        xp, w = ctx.saved_tensors
        s, p, has_bias, H, W = ctx.conf
        with torch.no_grad():
            g = grad_output.detach()
            ho, wo = g.shape[2], g.shape[3]
            gxp = torch.zeros_like(xp)
            gw = torch.zeros_like(w)
            for u in range(w.shape[2]):
                for v in range(w.shape[3]):
                    rs, cs = slice(u, u + s * (ho - 1) + 1, s), slice(v, v + s * (wo - 1) + 1, s)
                    gw[:, :, u, v] = torch.einsum("nohw,nchw->oc", g, xp[:, :, rs, cs])
                    gxp[:, :, rs, cs] += torch.einsum("nohw,oc->nchw", g, w[:, :, u, v])
            gx = gxp[:, :, p:p + H, p:p + W].contiguous()
            gb = g.sum(dim=(0, 2, 3)) if has_bias else None
        return gx, gw, gb, None, None
