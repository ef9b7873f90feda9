"""Kernel matrices: RBF via cdist, centering, kernel ridge regression with linalg.solve, Cholesky."""
import torch

torch.manual_seed(3)
X = torch.rand(8, 2, dtype=torch.float64)
y = torch.sin(X.sum(1, keepdim=True) * 3)
K = torch.exp(-torch.cdist(X, X).pow(2) / (2 * 0.3 ** 2))
print(K.shape, torch.allclose(K, K.T), K.diagonal())
alpha = torch.linalg.solve(K + 1e-3 * torch.eye(8, dtype=torch.float64), y)
print(alpha.shape, f"{(K @ alpha - y).abs().max():.2e}" != "", (K @ alpha - y).abs().max() < 0.01)
L = torch.linalg.cholesky(K + 1e-6 * torch.eye(8, dtype=torch.float64))
print(torch.allclose(L @ L.T, K + 1e-6 * torch.eye(8, dtype=torch.float64)), L.tril().equal(L))
alpha2 = torch.cholesky_solve(y, torch.linalg.cholesky(K + 1e-3 * torch.eye(8, dtype=torch.float64)))
print(torch.allclose(alpha, alpha2))
H = torch.eye(8, dtype=torch.float64) - 1.0 / 8
Kc = H @ K @ H
print(Kc.sum(0).abs().max() < 1e-10, torch.linalg.eigvalsh(Kc)[-1] > 0)
print(torch.logdet(K + torch.eye(8, dtype=torch.float64)) > 0, torch.linalg.slogdet(K + torch.eye(8, dtype=torch.float64)).sign)
Xt = torch.tensor([[0.5, 0.5]], dtype=torch.float64)
print((torch.exp(-torch.cdist(Xt, X).pow(2) / 0.18) @ alpha).shape)
