# Capsule networks: the squash non-linearity and three iterations of routing-by-agreement between two capsule
# layers, then the margin loss with the m+ / m- thresholds from the paper.
import torch
import torch.nn.functional as F


def squash(s, dim=-1):
    n2 = (s ** 2).sum(dim=dim, keepdim=True)
    return n2 / (1 + n2) * s / torch.sqrt(n2 + 1e-8)


torch.manual_seed(0)
B, n_in, n_out, d_in, d_out = 2, 6, 3, 4, 5
u = squash(torch.randn(B, n_in, d_in))
W = torch.randn(1, n_in, n_out, d_out, d_in, requires_grad=True)
u_hat = (W @ u[:, :, None, :, None]).squeeze(-1)          # (B, n_in, n_out, d_out)
b = torch.zeros(B, n_in, n_out)
for it in range(3):
    c = F.softmax(b, dim=2)
    s = (c.unsqueeze(-1) * u_hat).sum(dim=1)
    v = squash(s)
    if it < 2:
        b = b + (u_hat * v.unsqueeze(1)).sum(-1)
print("coupling", c[0, :2])
lengths = v.norm(dim=-1)
print("lengths", lengths)
T = F.one_hot(torch.tensor([2, 0]), n_out).float()
L = T * F.relu(0.9 - lengths) ** 2 + 0.5 * (1 - T) * F.relu(lengths - 0.1) ** 2
loss = L.sum(1).mean()
loss.backward()
print(f"margin loss {loss.item():.6f}", W.grad.abs().mean(), W.grad.shape)
print(squash(torch.tensor([[3.0, 4.0]])).norm())
