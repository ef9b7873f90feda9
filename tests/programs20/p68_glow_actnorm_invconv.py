# Glow's building blocks: ActNorm initialised from the first batch's statistics (a data-dependent init flag in a
# buffer), an invertible 1x1 convolution in LU-decomposed form (lu_unpack, triu/tril with diagonal, the log-det
# from the diagonal), checked against slogdet, and the exact inverse.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


class ActNorm(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.loc = nn.Parameter(torch.zeros(1, c, 1, 1))
        self.logs = nn.Parameter(torch.zeros(1, c, 1, 1))
        self.register_buffer("initialized", torch.tensor(0, dtype=torch.uint8))

    def forward(self, x):
        if self.initialized.item() == 0:
            with torch.no_grad():
                mean = x.mean(dim=(0, 2, 3), keepdim=True)
                std = x.std(dim=(0, 2, 3), keepdim=True)
                self.loc.data.copy_(-mean)
                self.logs.data.copy_(-(std + 1e-6).log())
                self.initialized.fill_(1)
        y = (x + self.loc) * self.logs.exp()
        return y, x.size(2) * x.size(3) * self.logs.sum()


class InvConvLU(nn.Module):
    def __init__(self, c):
        super().__init__()
        w = torch.linalg.qr(torch.randn(c, c))[0]
        P, L, U = torch.linalg.lu(w)
        self.register_buffer("P", P)
        self.register_buffer("sign_s", torch.sign(U.diagonal()))
        self.register_buffer("l_mask", torch.tril(torch.ones(c, c), -1))
        self.L = nn.Parameter(L)
        self.log_s = nn.Parameter(U.diagonal().abs().log())
        self.U = nn.Parameter(torch.triu(U, 1))

    def weight(self):
        L = self.L * self.l_mask + torch.eye(self.L.size(0))
        U = self.U * self.l_mask.T + torch.diag(self.sign_s * self.log_s.exp())
        return self.P @ L @ U

    def forward(self, x):
        w = self.weight()
        return F.conv2d(x, w.view(*w.shape, 1, 1)), x.size(2) * x.size(3) * self.log_s.sum()

    def inverse(self, y):
        w_inv = torch.linalg.inv(self.weight())
        return F.conv2d(y, w_inv.view(*w_inv.shape, 1, 1))


x = torch.randn(8, 4, 5, 5) * 3 + 1
an, ic = ActNorm(4), InvConvLU(4)
y, ld1 = an(x)
print(an.initialized.item(), y.mean(dim=(0, 2, 3)).abs().max().item() < 1e-5, round(y.std(dim=(0, 2, 3)).mean().item(), 4))
z, ld2 = ic(y)
sign, logabs = torch.linalg.slogdet(ic.weight())
print(round(ld2.item() / 25, 5), round(logabs.item(), 5), sign.item() in (-1.0, 1.0))
print("inverse", torch.allclose(ic.inverse(z), y, atol=1e-5))
opt = torch.optim.Adam(list(an.parameters()) + list(ic.parameters()), lr=0.01)
for step in range(20):
    y, ld1 = an(x)
    z, ld2 = ic(y)
    nll = 0.5 * z.pow(2).sum() / x.size(0) - (ld1 + ld2)
    opt.zero_grad()
    nll.backward()
    opt.step()
    if step % 5 == 0:
        print(step, round(nll.item(), 4))
print(torch.allclose(torch.linalg.slogdet(ic.weight())[1] * 25, ic(y)[1], atol=1e-3), an.initialized.dtype)
