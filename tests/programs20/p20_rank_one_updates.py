# Rank-one and batched matrix updates: torch.addr for an outer-product update, Sherman-Morrison to update an
# inverse, addmv, addbmm/baddbmm with alpha/beta, and a recursive least squares filter built from them.
import torch

torch.manual_seed(0)
A = torch.randn(4, 4, dtype=torch.float64) + 4 * torch.eye(4, dtype=torch.float64)
Ainv = torch.linalg.inv(A)
u = torch.randn(4, dtype=torch.float64)
v = torch.randn(4, dtype=torch.float64)
A2 = torch.addr(A, u, v)
upd = Ainv - torch.outer(Ainv @ u, v @ Ainv) / (1 + v @ Ainv @ u)
print("Sherman-Morrison", torch.allclose(upd, torch.linalg.inv(A2)))
print(torch.addr(torch.zeros(2, 3), torch.tensor([1.0, 2.0]), torch.tensor([1.0, 0.0, -1.0]), beta=0, alpha=2))
print(torch.addmv(torch.ones(2), torch.eye(2), torch.tensor([3.0, 4.0]), beta=0.5, alpha=2))
M = torch.randn(3, 2, 4)
N_ = torch.randn(3, 4, 5)
C = torch.randn(2, 5)
print(torch.allclose(torch.addbmm(C, M, N_, beta=0.1, alpha=0.5), 0.1 * C + 0.5 * (M @ N_).sum(0), atol=1e-6))
print(torch.allclose(torch.baddbmm(C.expand(3, 2, 5), M, N_, alpha=2), C + 2 * M @ N_, atol=1e-5))
w_true = torch.tensor([0.5, -1.0, 2.0], dtype=torch.float64)
w = torch.zeros(3, dtype=torch.float64)
P = 100 * torch.eye(3, dtype=torch.float64)
lam = 0.98
for t in range(40):
    x = torch.tensor([1.0, t / 10, ((t * 7) % 5) / 5], dtype=torch.float64)
    y = x @ w_true + 0.01 * ((t * 13) % 7 - 3)
    k = P @ x / (lam + x @ P @ x)
    w = w + k * (y - x @ w)
    P = torch.addr(P, k, x @ P, alpha=-1) / lam
    if t % 10 == 9:
        print(t, w.round(decimals=4).tolist())
a = torch.randn(3, requires_grad=True)
b = torch.randn(2, requires_grad=True)
base = torch.randn(3, 2, requires_grad=True)
torch.addr(base, a, b, beta=2, alpha=3).pow(2).sum().backward()
print(a.grad.round(decimals=4), b.grad.round(decimals=4), base.grad.round(decimals=4))
print(torch.ones(2, 2).addr_(torch.tensor([1.0, 2.0]), torch.tensor([3.0, 4.0])))
