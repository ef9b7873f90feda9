"""Conv2d through minigrad's conv3d (a depth of one); backward through the conv3d and conv_transpose3d forwards."""
import minigrad
import minigrad.nn.functional as F
from minigrad.autograd import Function


class Conv2d(Function):
    @staticmethod
    def forward(ctx, x, weight, bias, stride, padding):
        ctx.save_for_backward(x, weight)
        ctx.conf = (stride, padding, bias is not None)
        out = F.conv3d(x.unsqueeze(2), weight.unsqueeze(2), bias, stride=(1, stride, stride),
                       padding=(0, padding, padding))
        return out.squeeze(2)

    @staticmethod
    def backward(ctx, g):
        x, w = ctx.saved_tensors
        s, p, has_bias = ctx.conf
        H, W = x.shape[2], x.shape[3]
        kH, kW = w.shape[2], w.shape[3]
        Ho, Wo = g.shape[2], g.shape[3]
        op = (H + 2 * p - kH - (Ho - 1) * s, W + 2 * p - kW - (Wo - 1) * s)
        gx = F.conv_transpose3d(g.unsqueeze(2), w.unsqueeze(2), stride=(1, s, s), padding=(0, p, p),
                                output_padding=(0, op[0], op[1])).squeeze(2)
        # grad_w[o, c] = sum_n corr(x[n, c], g[n, o]) with dilation s
        gw = F.conv3d(x.transpose(0, 1).unsqueeze(2), g.transpose(0, 1).unsqueeze(2), padding=(0, p, p),
                      dilation=(1, s, s)).squeeze(2).transpose(0, 1)
        gw = gw[:, :, :kH, :kW]
        gb = g.sum((0, 2, 3)) if has_bias else None
        return gx, gw, gb, None, None
