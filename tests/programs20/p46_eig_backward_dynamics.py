# Stabilising a linear dynamical system by gradient descent on its eigen-decomposition: linalg.eig's
# eigenvalues AND eigenvectors in the loss (torch's LinalgEigBackward0), compared with eigvals alone.
import torch

torch.manual_seed(0)
A0 = torch.tensor([[0.9, 0.6, 0.0], [-0.5, 1.1, 0.3], [0.1, 0.0, 0.7]], dtype=torch.float64)
A = A0.clone().requires_grad_()
opt = torch.optim.SGD([A], lr=0.05)
for step in range(30):
    L, V = torch.linalg.eig(A)
    radius = L.abs().max()
    loss = torch.relu(L.abs() - 0.8).pow(2).sum() + 0.1 * (A - A0).pow(2).sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 10 == 0:
        print(step, round(loss.item(), 6), round(radius.item(), 5))
print(type(L.grad_fn).__name__, L.dtype, V.dtype)
B = torch.tensor([[2.0, 1.0, 0.0], [0.5, 3.0, 0.2], [0.0, 0.4, 1.0]], dtype=torch.float64, requires_grad=True)
L, V = torch.linalg.eig(B)
order = L.real.argsort()
Ls, Vs = L[order], V[:, order]
Vn = Vs / Vs[0:1]                     # phase-free normalisation: first component 1
w = torch.tensor([1.0, -2.0, 0.5], dtype=torch.float64)
loss = (Ls.real * w).sum() + (Vn.real ** 2).sum() + (Vn.imag ** 2).sum()
loss.backward()
print(B.grad.round(decimals=6))
B2 = B.detach().clone().requires_grad_()
(torch.linalg.eigvals(B2).real.sort().values * w).sum().backward()
B3 = B.detach().clone().requires_grad_()
L3, _ = torch.linalg.eig(B3)
(L3.real.sort().values * w).sum().backward()
print("eigenvalue part agrees", torch.allclose(B2.grad, B3.grad))
C = torch.tensor([[1.0, 2.0], [3.0, 4.0]], dtype=torch.float64, requires_grad=True)
L, V = torch.linalg.eig(C)
(V.abs() ** 2).sum().backward()
print("unit columns give zero", C.grad.abs().max().item() < 1e-10)
