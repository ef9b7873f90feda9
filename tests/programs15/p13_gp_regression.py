# Gaussian-process regression as in the textbook: an RBF kernel with learnable log lengthscale and noise,
# the Cholesky factor, cholesky_solve for alpha, the log marginal likelihood maximised with Adam, then the
# predictive mean and variance by triangular solves.
import math
import torch

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)
X = torch.linspace(0, 5, 12).unsqueeze(1)
y = torch.sin(X).squeeze(1) + 0.1 * torch.randn(12)
Xs = torch.tensor([[0.5], [2.5], [4.5]])
log_ell = torch.tensor(0.0, requires_grad=True)
log_sf = torch.tensor(0.0, requires_grad=True)
log_sn = torch.tensor(-1.0, requires_grad=True)


def rbf(A, B):
    d2 = torch.cdist(A, B).pow(2)
    return torch.exp(2 * log_sf) * torch.exp(-0.5 * d2 / torch.exp(2 * log_ell))


opt = torch.optim.Adam([log_ell, log_sf, log_sn], lr=0.05)
for step in range(6):
    K = rbf(X, X) + torch.exp(2 * log_sn) * torch.eye(len(X))
    L = torch.linalg.cholesky(K)
    alpha = torch.cholesky_solve(y.unsqueeze(1), L)
    nlml = 0.5 * (y.unsqueeze(0) @ alpha).squeeze() + torch.log(torch.diagonal(L)).sum() \
        + 0.5 * len(X) * math.log(2 * math.pi)
    opt.zero_grad()
    nlml.backward()
    opt.step()
    print(step, f"{nlml.item():.6f}", f"{log_ell.grad.item():.6f}")
with torch.no_grad():
    K = rbf(X, X) + torch.exp(2 * log_sn) * torch.eye(len(X))
    L = torch.linalg.cholesky(K)
    Ks = rbf(X, Xs)
    v = torch.linalg.solve_triangular(L, Ks, upper=False)
    mean = Ks.T @ torch.cholesky_solve(y.unsqueeze(1), L)
    var = torch.diag(rbf(Xs, Xs)) - (v * v).sum(0)
    print(mean.squeeze(1), var, torch.logdet(K))
torch.set_default_dtype(torch.float32)
