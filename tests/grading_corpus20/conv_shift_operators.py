"""conv2d with shift operators: for kernel tap (u, v), the rows i*stride + u of the padded image are picked by a 0/1
matrix R_u (H_out x H_pad) and the columns by C_v (W_out x W_pad), so each tap's view of every image is
R_u @ x_pad @ C_v.T, and the output sums weight[:, :, u, v] times those views over the taps and channels. Backward
applies the transposed operators: grad x_pad = sum over taps of R_u.T @ (weight-mixed grad) @ C_v."""
import numpy as np

import minigrad
from minigrad.autograd import Function


def picker(n_out, n_pad, offset, stride):
    m = np.zeros((n_out, n_pad))
    m[np.arange(n_out), offset + stride * np.arange(n_out)] = 1.0
    return m


class Conv2d(Function):
    @staticmethod
    def forward(ctx, x, weight, bias, stride, padding):
        xv, wv = x.detach().numpy(), weight.detach().numpy()
        n, c, h, w = xv.shape
        o, _, kh, kw = wv.shape
        hp, wp = h + 2 * padding, w + 2 * padding
        ho, wo = (hp - kh) // stride + 1, (wp - kw) // stride + 1
        xp = np.pad(xv, [(0, 0), (0, 0), (padding, padding), (padding, padding)])
        rows = [picker(ho, hp, u, stride) for u in range(kh)]
        cols = [picker(wo, wp, v, stride) for v in range(kw)]
        out = np.zeros((n, o, ho, wo))
        for u in range(kh):
            for v in range(kw):
                view = rows[u] @ xp @ cols[v].T                      # (n, c, ho, wo)
                out += np.einsum("oc,ncij->noij", wv[:, :, u, v], view)
        if bias is not None:
            out += bias.detach().numpy()[None, :, None, None]
        ctx.keep = (xp, wv, rows, cols, padding, bias is not None)
        return minigrad.tensor(out)

    @staticmethod
    def backward(ctx, grad_output):
        xp, wv, rows, cols, padding, has_bias = ctx.keep
        g = grad_output.detach().numpy()
        kh, kw = wv.shape[2:]
        grad_xp = np.zeros_like(xp)
        grad_w = np.zeros_like(wv)
        for u in range(kh):
            for v in range(kw):
                view = rows[u] @ xp @ cols[v].T
                grad_w[:, :, u, v] = np.einsum("noij,ncij->oc", g, view)
                grad_xp += rows[u].T @ np.einsum("oc,noij->ncij", wv[:, :, u, v], g) @ cols[v]
        h, w = xp.shape[2] - 2 * padding, xp.shape[3] - 2 * padding
        grad_x = grad_xp[:, :, padding:padding + h, padding:padding + w]
        grad_b = minigrad.tensor(g.sum(axis=(0, 2, 3))) if has_bias else None
        return minigrad.tensor(np.ascontiguousarray(grad_x)), minigrad.tensor(grad_w), grad_b, None, None
