# PCA from scratch (a data-science course): centring, torch.cov against the explicit formula, eigh of the
# covariance vs SVD of the data (sign-fixed), explained variance ratio, projection and reconstruction error,
# and torch.corrcoef / standardisation.
import torch

torch.manual_seed(0)
latent = torch.randn(50, 2)
mixing = torch.tensor([[2.0, 0.5, 0.0, 1.0], [0.0, 1.0, 3.0, -1.0]])
X = latent @ mixing + 0.1 * torch.randn(50, 4)
Xc = X - X.mean(0)
C = torch.cov(X.T)
print(torch.allclose(C, Xc.T @ Xc / (X.shape[0] - 1), atol=1e-5))
evals, evecs = torch.linalg.eigh(C)
evals, evecs = evals.flip(0), evecs.flip(1)
U, S, Vh = torch.linalg.svd(Xc, full_matrices=False)
print(torch.allclose(S ** 2 / (X.shape[0] - 1), evals, atol=1e-4))
signs = torch.sign(Vh[:, 0:1])
V = (Vh * signs).T
evecs = evecs * torch.sign(evecs[0:1, :])
print(torch.allclose(V.abs(), evecs.abs(), atol=1e-4))
ratio = evals / evals.sum()
print(ratio, torch.cumsum(ratio, 0))
Z = Xc @ V[:, :2]
recon = Z @ V[:, :2].T + X.mean(0)
print(Z.shape, ((X - recon) ** 2).mean().item())
R = torch.corrcoef(X.T)
std = (X - X.mean(0)) / X.std(0)
print(torch.allclose(R, std.T @ std / (X.shape[0] - 1), atol=1e-5))
print(R.round(decimals=3))
print(torch.cov(X.T, correction=0)[0, 0].item(), X[:, 0].var(unbiased=False).item())
w = torch.rand(50)
print(torch.cov(X.T, aweights=w)[0, :2])
