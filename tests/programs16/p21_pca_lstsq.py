"""torch.linalg.lstsq for regression and svd for PCA (signs normalized), explained variance."""
import torch

torch.manual_seed(0)
X = torch.randn(30, 3, dtype=torch.float64)
w_true = torch.tensor([[1.0], [-2.0], [0.5]], dtype=torch.float64)
y = X @ w_true + 0.01 * torch.randn(30, 1, dtype=torch.float64)
sol = torch.linalg.lstsq(X, y)
print(sol.solution.round(decimals=2).squeeze(), sol.solution.shape)
A = torch.cat([X, torch.ones(30, 1, dtype=torch.float64)], 1)
print(torch.linalg.lstsq(A, y).solution.shape)
data = torch.randn(50, 2) @ torch.tensor([[3.0, 0.0], [1.0, 0.3]])
centered = data - data.mean(0)
U, S, Vh = torch.linalg.svd(centered, full_matrices=False)
print(U.shape, S.shape, Vh.shape)
signs = torch.sign(Vh[:, 0:1])
comps = Vh * signs
print(comps)
print(S ** 2 / (S ** 2).sum())
proj = centered @ comps[:1].T
print(proj.shape, f"{proj.var():.4f}")
print(torch.allclose(U @ torch.diag(S) @ Vh, centered, atol=1e-4))
print(torch.linalg.svdvals(centered))
print(torch.linalg.pinv(X[:3]).shape, torch.linalg.matrix_rank(X))
