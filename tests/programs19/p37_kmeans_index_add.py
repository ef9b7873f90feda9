# k-means written with tensors (a "PyTorch beyond deep learning" notebook): k-means++ seeding with multinomial,
# assignments by cdist/argmin, centroid updates with index_add_ and bincount, scatter_reduce's mean, inertia.
import torch

torch.manual_seed(0)
true_centers = torch.tensor([[0.0, 0.0], [3.0, 3.0], [0.0, 4.0]])
X = torch.cat([c + 0.5 * torch.randn(30, 2) for c in true_centers])
K = 3


def kmeans_pp(X, k):
    centers = [X[torch.randint(0, X.size(0), (1,)).item()]]
    for _ in range(1, k):
        d2 = torch.cdist(X, torch.stack(centers)).min(dim=1).values ** 2
        centers.append(X[torch.multinomial(d2 / d2.sum(), 1).item()])
    return torch.stack(centers)


C = kmeans_pp(X, K)
print(C)
for it in range(10):
    assign = torch.cdist(X, C).argmin(dim=1)
    sums = torch.zeros(K, 2).index_add_(0, assign, X)
    counts = torch.bincount(assign, minlength=K).float()
    newC = sums / counts.unsqueeze(1)
    shift = (newC - C).norm()
    C = newC
    if shift < 1e-6:
        break
print("iterations", it + 1, counts.tolist())
order = C[:, 0] * 10 + C[:, 1]
print(C[order.argsort()])
inertia = ((X - C[assign]) ** 2).sum()
print("inertia", inertia.item())
means = torch.zeros(K, 2).scatter_reduce(0, assign.unsqueeze(1).expand(-1, 2), X, reduce="mean", include_self=False)
print(torch.allclose(means, C, atol=1e-5))
one_hot = torch.nn.functional.one_hot(assign, K).float()
print(torch.allclose(one_hot.T @ X / one_hot.sum(0, keepdim=True).T, C, atol=1e-5))
print(torch.unique(assign, return_counts=True))
