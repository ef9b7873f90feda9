# Spectral clustering: an RBF affinity from torch.cdist, the symmetric normalised Laplacian, its smallest
# eigenvectors from torch.linalg.eigh, row-normalised embedding, then a few k-means iterations with argmin.
import torch

torch.manual_seed(0)
a = torch.randn(8, 2) * 0.3
b = torch.randn(8, 2) * 0.3 + torch.tensor([3.0, 3.0])
X = torch.cat([a, b]).double()
W = torch.exp(-torch.cdist(X, X) ** 2 / (2 * 0.5 ** 2))
W.fill_diagonal_(0)
d = W.sum(1)
D_inv_sqrt = torch.diag(d.pow(-0.5))
L = torch.eye(len(X), dtype=X.dtype) - D_inv_sqrt @ W @ D_inv_sqrt
evals, evecs = torch.linalg.eigh(L)
print(evals[0].abs() < 1e-12, evals[1:3])
emb = evecs[:, :2]
emb = emb / emb.norm(dim=1, keepdim=True)
centroids = emb[[0, -1]]
for it in range(4):
    assign = torch.cdist(emb, centroids).argmin(1)
    centroids = torch.stack([emb[assign == k].mean(0) for k in range(2)])
print(assign.tolist())
same_a = (assign[:8] == assign[0]).all().item()
same_b = (assign[8:] == assign[8]).all().item()
print(same_a, same_b, (assign[0] != assign[8]).item())
print(torch.bincount(assign), L.trace(), torch.allclose(L, L.T))
