# Eigenvalues in a numerical-methods notebook: roots of a polynomial as the eigenvalues of its companion matrix
# (torch.linalg.eigvals, complex, sorted by real part), a rotation matrix's complex eigenpairs from linalg.eig,
# a symmetric matrix through eigh with gradients, and the spectral radius of an iteration matrix.
import math

import torch

torch.manual_seed(0)
coeffs = torch.tensor([1.0, -6.0, 11.0, -6.0], dtype=torch.float64)
n = len(coeffs) - 1
companion = torch.zeros(n, n, dtype=torch.float64)
companion[0] = -coeffs[1:] / coeffs[0]
companion[1:, :-1] = torch.eye(n - 1, dtype=torch.float64)
roots = torch.linalg.eigvals(companion)
print(roots.dtype, roots.real.sort().values, roots.imag.abs().max().item() < 1e-8)
th = math.pi / 3
R = torch.tensor([[math.cos(th), -math.sin(th)], [math.sin(th), math.cos(th)]], dtype=torch.float64)
vals, vecs = torch.linalg.eig(R)
print(vals.abs(), vals.angle().abs(), vecs.shape, vecs.dtype)
print(torch.allclose(R.to(vecs.dtype) @ vecs, vecs * vals))
A = torch.randn(4, 4, dtype=torch.float64)
S = (A + A.T) / 2
S.requires_grad_(True)
w, Q = torch.linalg.eigh(S)
(w[-1] + w[0] * 2).backward()
print(w, S.grad)
print(torch.allclose(S.grad, torch.outer(Q[:, -1], Q[:, -1]) + 2 * torch.outer(Q[:, 0], Q[:, 0])))
D = torch.diag(torch.tensor([4.0, 5.0, 6.0]))
LU = torch.tensor([[0.0, 1.0, 0.5], [1.0, 0.0, 1.0], [0.5, 1.0, 0.0]])
J = -torch.linalg.inv(D) @ LU
rho = torch.linalg.eigvals(J).abs().max()
print("Jacobi spectral radius", rho.item())
b = torch.tensor([1.0, 2.0, 3.0])
x = torch.zeros(3)
for _ in range(25):
    x = torch.linalg.solve(D, b - LU @ x)
print(x, torch.linalg.solve(D + LU, b))
print(torch.linalg.eigvalsh(S.detach()), torch.linalg.eigvals(S.detach()).real.sort().values)
Jr = J.clone().requires_grad_(True)
radius = torch.linalg.eigvals(Jr).abs().max()
radius.backward()
print(type(torch.linalg.eigvals(Jr).grad_fn).__name__, radius.item(), Jr.grad)
