"""k-means in plain tensor code: cdist/argmin assignment, index_add_ and bincount centroid updates, inertia."""
import torch

torch.manual_seed(4)
centers_true = torch.tensor([[0.0, 0.0], [4.0, 4.0], [0.0, 5.0]])
X = torch.cat([c + 0.5 * torch.randn(15, 2) for c in centers_true])
k = 3
C = X[torch.randperm(len(X))[:k]].clone()
for it in range(6):
    assign = torch.cdist(X, C).argmin(dim=1)
    counts = torch.bincount(assign, minlength=k)
    sums = torch.zeros(k, 2).index_add_(0, assign, X)
    newC = sums / counts.clamp(min=1).unsqueeze(1).float()
    shift = (newC - C).norm(dim=1).max()
    C = newC
    inertia = (X - C[assign]).pow(2).sum()
    print(f"iter {it} counts {counts.tolist()} inertia {inertia:.4f} shift {shift:.4f}")
    if shift < 1e-4:
        break
order = C[:, 0] * 10 + C[:, 1]
print(C[order.argsort()].round(decimals=2))
one_hot = torch.nn.functional.one_hot(assign, k).float()
print(torch.allclose(one_hot.T @ X / one_hot.sum(0)[:, None], C), torch.unique(assign, return_counts=True)[1].sum())
