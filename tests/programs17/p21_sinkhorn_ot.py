# Entropic optimal transport with log-domain Sinkhorn iterations (logsumexp), the transport plan's marginals,
# the Sinkhorn distance, and its gradient with respect to the source points through torch.cdist.
import torch

torch.manual_seed(0)
x = torch.randn(5, 2, requires_grad=True)
y = torch.randn(6, 2) + 1.0
a = torch.full((5,), 1 / 5)
b = torch.full((6,), 1 / 6)


def sinkhorn(C, a, b, eps=0.1, n_iter=50):
    f, g = torch.zeros_like(a), torch.zeros_like(b)
    for _ in range(n_iter):
        f = -eps * torch.logsumexp((g[None, :] - C) / eps + b.log()[None, :], dim=1)
        g = -eps * torch.logsumexp((f[:, None] - C) / eps + a.log()[:, None], dim=0)
    P = torch.exp((f[:, None] + g[None, :] - C) / eps) * a[:, None] * b[None, :]
    return P, (P * C).sum()


C = torch.cdist(x, y, p=2) ** 2
P, cost = sinkhorn(C, a, b)
print(P.sum(1), P.sum(0))
print(f"sinkhorn cost {cost.item():.6f}")
cost.backward()
print(x.grad)
print(P.argmax(1), torch.cdist(x, y, p=1).min(1))
