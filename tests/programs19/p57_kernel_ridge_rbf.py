# Kernel ridge regression and a kernel two-sample test (MMD) with RBF kernels from torch.cdist: the median
# heuristic for the bandwidth, a linear solve for the dual weights, predictions, leave-one-out error from the hat
# matrix, and the MMD between two samples with a permutation test.
import torch

torch.manual_seed(0)
X = torch.rand(30, 1) * 6 - 3
y = torch.sin(X).squeeze(1) + 0.1 * torch.randn(30)
D2 = torch.cdist(X, X) ** 2
sigma2 = D2[D2 > 0].median()
print("median heuristic", sigma2.item())


def rbf(A, B, s2):
    return torch.exp(-torch.cdist(A, B) ** 2 / (2 * s2))


for lam in (0.1, 0.5, 2.0):
    K = rbf(X, X, sigma2)
    alpha = torch.linalg.solve(K + lam * torch.eye(30), y)
    Xt = torch.linspace(-3, 3, 5).unsqueeze(1)
    pred = rbf(Xt, X, sigma2) @ alpha
    H = K @ torch.linalg.inv(K + lam * torch.eye(30))
    loo = ((y - H @ y) / (1 - H.diagonal())).pow(2).mean()
    print(lam, pred, loo.item())


def mmd2(A, B, s2):
    return rbf(A, A, s2).mean() + rbf(B, B, s2).mean() - 2 * rbf(A, B, s2).mean()


P = torch.randn(40, 2)
Q = torch.randn(40, 2) + torch.tensor([0.5, 0.0])
stat = mmd2(P, Q, 1.0)
pooled = torch.cat([P, Q])
null = []
for _ in range(50):
    perm = torch.randperm(80)
    null.append(mmd2(pooled[perm[:40]], pooled[perm[40:]], 1.0))
null = torch.stack(null)
print(stat.item(), (null >= stat).float().mean().item(), null.mean().item())
