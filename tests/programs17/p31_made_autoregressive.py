# MADE: masked linear layers whose connectivity masks come from degree assignments (registered as buffers),
# the autoregressive property checked through the Jacobian (torch.autograd.functional.jacobian), Bernoulli NLL.
import torch
import torch.nn as nn
import torch.nn.functional as F


class MaskedLinear(nn.Linear):
    def __init__(self, in_features, out_features, bias=True):
        super().__init__(in_features, out_features, bias)
        self.register_buffer("mask", torch.ones(out_features, in_features))

    def set_mask(self, mask):
        self.mask.data.copy_(mask.T)

    def forward(self, input):
        return F.linear(input, self.mask * self.weight, self.bias)


torch.manual_seed(0)
D, Hd = 4, 8
m_in = torch.arange(1, D + 1)
m_h = torch.randint(1, D, (Hd,))
l1, l2 = MaskedLinear(D, Hd), MaskedLinear(Hd, D)
l1.set_mask((m_in[:, None] <= m_h[None, :]).float())
l2.set_mask((m_h[:, None] < m_in[None, :]).float())
net = nn.Sequential(l1, nn.ReLU(), l2)
print(m_h, l2.mask)
print([n for n, _ in net.named_buffers()], net.state_dict().keys())
x = (torch.rand(5, D) > 0.5).float()
J = torch.autograd.functional.jacobian(lambda v: net(v), x[0])
print((J.abs() > 0).int())
print("autoregressive:", bool(torch.triu(J).abs().sum() == 0))
opt = torch.optim.Adam(net.parameters(), lr=0.01)
for it in range(3):
    logits = net(x)
    nll = F.binary_cross_entropy_with_logits(logits, x, reduction="none").sum(1).mean()
    opt.zero_grad()
    nll.backward()
    opt.step()
    print(it, round(nll.item(), 5), (l1.weight.grad * (1 - l1.mask)).abs().sum().item())
