"""Conv2d with plain Python loops over lists (my first version; slow but I understand every index)."""
import minigrad
from minigrad.autograd import Function


def zeros(*shape):
    if len(shape) == 1:
        return [0.0] * shape[0]
    return [zeros(*shape[1:]) for _ in range(shape[0])]


def pad_image(img, p):
    """img: [C][H][W] lists -> zero padded [C][H+2p][W+2p]."""
    if p == 0:
        return img
    out = []
    for ch in img:
        w = len(ch[0]) + 2 * p
        rows = [[0.0] * w for _ in range(p)]
        rows += [[0.0] * p + list(r) + [0.0] * p for r in ch]
        rows += [[0.0] * w for _ in range(p)]
        out.append(rows)
    return out


class Conv2d(Function):
    @staticmethod
    def forward(ctx, x, weight, bias, stride, padding):
        X = x.detach().numpy().tolist()
        Wt = weight.detach().numpy().tolist()
        B = bias.detach().numpy().tolist() if bias is not None else None
        N, C, H, W = x.shape
        O, _, KH, KW = weight.shape
        s, p = stride, padding
        HO = (H + 2 * p - KH) // s + 1
        WO = (W + 2 * p - KW) // s + 1
        Xp = [pad_image(img, p) for img in X]
        out = zeros(N, O, HO, WO)
        for n in range(N):
            for o in range(O):
                b = B[o] if B is not None else 0.0
                for i in range(HO):
                    for j in range(WO):
                        acc = b
                        for c in range(C):
                            wc, xc = Wt[o][c], Xp[n][c]
                            for u in range(KH):
                                row, wrow = xc[i * s + u], wc[u]
                                acc += sum(wrow[v] * row[j * s + v] for v in range(KW))
                        out[n][o][i][j] = acc
        ctx.stuff = (Xp, Wt, (N, C, H, W), (O, KH, KW), s, p, HO, WO, bias is not None)
        return minigrad.tensor(out, dtype=minigrad.float64)

    @staticmethod
    def backward(ctx, grad_output):
        Xp, Wt, (N, C, H, W), (O, KH, KW), s, p, HO, WO, has_bias = ctx.stuff
        G = grad_output.detach().numpy().tolist()
        gXp = zeros(N, C, H + 2 * p, W + 2 * p)
        gW = zeros(O, C, KH, KW)
        gB = [0.0] * O
        for n in range(N):
            for o in range(O):
                for i in range(HO):
                    for j in range(WO):
                        g = G[n][o][i][j]
                        gB[o] += g
                        for c in range(C):
                            xc, wc, gxc, gwc = Xp[n][c], Wt[o][c], gXp[n][c], gW[o][c]
                            for u in range(KH):
                                r = i * s + u
                                for v in range(KW):
                                    gwc[u][v] += g * xc[r][j * s + v]
                                    gxc[r][j * s + v] += g * wc[u][v]
        gX = [[[row[p:p + W] for row in ch[p:p + H]] for ch in img] for img in gXp]
        return (minigrad.tensor(gX, dtype=minigrad.float64), minigrad.tensor(gW, dtype=minigrad.float64),
                minigrad.tensor(gB, dtype=minigrad.float64) if has_bias else None, None, None)
