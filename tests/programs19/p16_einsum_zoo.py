# einsum as the "einsum is all you need" notes use it: transpose, trace, diagonal, outer, batch matmul, bilinear
# forms, ellipsis broadcasting, tensor contractions, multi-head attention written in einsum, and their gradients.
import torch

torch.manual_seed(0)
A, B = torch.randn(3, 4), torch.randn(4, 5)
S = torch.randn(4, 4)
v, u = torch.randn(4), torch.randn(3)
print(torch.allclose(torch.einsum("ij->ji", A), A.T), torch.einsum("ii", S).item(), torch.einsum("ii->i", S))
print(torch.einsum("i,j->ij", u, v).shape, torch.einsum("ij,jk->ik", A, B).sum().item())
print(torch.einsum("i,i->", v, v).item(), torch.einsum("ij->", A).item(), torch.einsum("ij->j", A))
X, Y = torch.randn(2, 3, 4), torch.randn(2, 4, 5)
print(torch.allclose(torch.einsum("bij,bjk->bik", X, Y), X @ Y, atol=1e-6))
W = torch.randn(5, 3, 4, requires_grad=True)
x1, x2 = torch.randn(2, 3), torch.randn(2, 4)
bil = torch.einsum("bi,oij,bj->bo", x1, W, x2)
print(bil.shape, bil[0])
print(torch.einsum("...ij,...jk->...ik", torch.randn(2, 2, 3, 4), torch.randn(4, 2)).shape)
T = torch.randn(2, 3, 4, 5)
print(torch.einsum("abcd,cd->ab", T, torch.randn(4, 5)).shape, torch.einsum("abcd->dcba", T).shape)

b, h, n, d = 2, 2, 3, 4
q, k, val = (torch.randn(b, n, h * d, requires_grad=True) for _ in range(3))
Q, K, V = (t.view(b, n, h, d) for t in (q, k, val))
scores = torch.einsum("bnhd,bmhd->bhnm", Q, K) / d ** 0.5
attn = scores.softmax(-1)
out = torch.einsum("bhnm,bmhd->bnhd", attn, V).reshape(b, n, h * d)
ref = (torch.softmax(Q.transpose(1, 2) @ K.transpose(1, 2).transpose(-1, -2) / d ** 0.5, -1) @ V.transpose(1, 2))
print(torch.allclose(out, ref.transpose(1, 2).reshape(b, n, h * d), atol=1e-6))
g = torch.randn_like(out)
out.backward(g)
bil.backward(torch.ones_like(bil))
print(q.grad.norm().item(), k.grad.sum().item(), W.grad[0, 0])
print(torch.einsum("ij,ij->i", A, A), torch.einsum("bi,bi->b", x1, x1))
print(torch.einsum(A, [0, 1], B, [1, 2], [0, 2]).shape)
