# Linear algebra from a numerical-methods course: PCA by SVD of centred data (signs fixed by the largest
# component), eigh of the covariance, QR least squares against linalg.lstsq and pinv, solve, det/slogdet,
# matrix_exp of a skew matrix, norms and the condition number.
import torch

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)
X = torch.randn(20, 3) @ torch.tensor([[3.0, 0.0, 0.0], [1.0, 1.0, 0.0], [0.0, 0.5, 0.2]])
Xc = X - X.mean(0)
U, S, Vh = torch.linalg.svd(Xc, full_matrices=False)
signs = torch.sign(Vh[torch.arange(3), Vh.abs().argmax(1)])
Vh = Vh * signs[:, None]
print(S, Vh)
print(S ** 2 / (S ** 2).sum())
evals, evecs = torch.linalg.eigh(Xc.T @ Xc / 19)
print(evals.flip(0), torch.cov(Xc.T).diagonal())
A, b = torch.randn(6, 3), torch.randn(6)
Q, R = torch.linalg.qr(A)
x_qr = torch.linalg.solve_triangular(R, (Q.T @ b).unsqueeze(1), upper=True).squeeze(1)
print(x_qr, torch.linalg.lstsq(A, b.unsqueeze(1)).solution.squeeze(1), torch.linalg.pinv(A) @ b)
M = torch.randn(3, 3) + 3 * torch.eye(3)
print(torch.linalg.solve(M, torch.ones(3)), torch.linalg.det(M), torch.linalg.slogdet(M))
K = torch.tensor([[0.0, -1.0], [1.0, 0.0]]) * 0.5
print(torch.linalg.matrix_exp(K), torch.linalg.inv(M) @ M)
print(torch.linalg.norm(M), torch.linalg.norm(M, ord=2), torch.linalg.cond(M), torch.linalg.matrix_rank(A))
print(torch.linalg.vector_norm(b, ord=1), torch.linalg.eigvalsh(M + M.T), torch.trace(M))
L = torch.linalg.cholesky(M @ M.T)
print(torch.allclose(L @ L.T, M @ M.T), torch.cholesky_inverse(L).diagonal())
torch.set_default_dtype(torch.float32)
