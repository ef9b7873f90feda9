"""Matrix product variants in models: bmm, baddbmm, addmm, einsum, nn.Bilinear, matmul broadcasting, outer."""
import torch
import torch.nn as nn

torch.manual_seed(0)
A, B = torch.randn(2, 3, 4), torch.randn(2, 4, 5)
print(torch.allclose(torch.bmm(A, B), A @ B), torch.baddbmm(torch.zeros(2, 3, 5), A, B, alpha=2).shape)
M = torch.randn(3, 4)
print(torch.allclose(torch.addmm(torch.ones(3, 5), M, B[0], beta=0.5), 0.5 + M @ B[0]))
print(torch.einsum("bij,bjk->bik", A, B).shape, torch.einsum("ii->", torch.eye(3)), torch.einsum("i,j->ij", torch.ones(2), torch.arange(3.0)))
print((A @ torch.randn(4)).shape, (torch.randn(5, 1, 3, 4) @ B).shape, torch.outer(torch.arange(2.0), torch.arange(3.0)))
bil = nn.Bilinear(3, 2, 4)
print(bil(torch.ones(5, 3), torch.ones(5, 2)).shape, bil.weight.shape)
print(torch.mv(M, torch.ones(4)).shape, torch.dot(torch.ones(3), torch.arange(3.0)), torch.inner(torch.ones(2), torch.ones(2)))
print(torch.linalg.multi_dot([M, M.T, M]).shape, torch.matrix_power(torch.eye(2) * 2, 3), torch.kron(torch.eye(2), torch.ones(1, 2)))
print(torch.tensordot(A, B, dims=([2], [1])).shape, torch.cross(torch.tensor([1.0, 0, 0]), torch.tensor([0.0, 1, 0]), dim=0))
x = torch.randn(3, 4, requires_grad=True)
(x @ x.T).trace().backward()
print(torch.allclose(x.grad, 2 * x))
