# Defensive numerics from a linear-algebra tutorial: catching torch.linalg.LinAlgError on a singular matrix and a
# non-positive-definite Cholesky (what type(e).__name__ prints), cholesky_ex's info, a jittered retry, and a
# float16 inference pass of a small Linear model, plus empty_strided layouts.
import torch
import torch.nn as nn

torch.manual_seed(0)
S = torch.tensor([[1.0, 2.0], [2.0, 4.0]])
try:
    torch.linalg.inv(S)
except torch.linalg.LinAlgError as e:
    print("caught", type(e).__name__, isinstance(e, RuntimeError))
K = torch.tensor([[1.0, 2.0], [2.0, 1.0]])
try:
    torch.linalg.cholesky(K)
except RuntimeError as e:
    print("cholesky failed:", type(e).__name__)
L, info = torch.linalg.cholesky_ex(K)
print(info.item(), torch.linalg.cholesky_ex(torch.eye(2) * 2)[1].item())
jitter = 1e-6
A = torch.randn(4, 3)
G = A @ A.T
while True:
    L, info = torch.linalg.cholesky_ex(G + jitter * torch.eye(4))
    if info == 0:
        break
    jitter *= 10
print("jitter", jitter, torch.allclose(L @ L.T, G + jitter * torch.eye(4), atol=1e-4))
print(torch.linalg.matrix_rank(G).item(), torch.linalg.det(S).item())
print(issubclass(torch.linalg.LinAlgError, RuntimeError))
model = nn.Sequential(nn.Linear(8, 6), nn.ReLU(), nn.Linear(6, 3)).half()
x = torch.randn(4, 8).half()
with torch.no_grad():
    out = model(x)
print(out.dtype, out)
print(model[0].weight.dtype, out.float().softmax(-1).sum(-1))
e = torch.empty_strided((2, 3), (1, 2))
print(e.shape, e.stride(), e.is_contiguous(), torch.empty_strided((2, 3), (3, 1)).is_contiguous())
print(e.fill_(1.5).contiguous().stride(), e.sum().item())
