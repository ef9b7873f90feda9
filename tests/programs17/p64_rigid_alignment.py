# 3-D geometry with tensors: rotation matrices from axis-angle via torch.linalg.matrix_exp of a skew matrix
# (Rodrigues), quaternions to matrices, and Kabsch/Procrustes alignment by SVD with the reflection fix.
import math
import torch

torch.manual_seed(0)


def skew(v):
    z = torch.zeros_like(v[..., 0])
    return torch.stack([torch.stack([z, -v[..., 2], v[..., 1]], -1), torch.stack([v[..., 2], z, -v[..., 0]], -1),
                        torch.stack([-v[..., 1], v[..., 0], z], -1)], -2)


def quat_to_matrix(q):
    w, x, y, z = q.unbind(-1)
    return torch.stack([1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w),
                        2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w),
                        2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)],
                       -1).view(*q.shape[:-1], 3, 3)


axis_angle = torch.tensor([0.0, 0.0, math.pi / 2], dtype=torch.float64)
R = torch.linalg.matrix_exp(skew(axis_angle))
print(R.round(decimals=6), torch.linalg.det(R))
q = torch.nn.functional.normalize(torch.tensor([math.cos(math.pi / 4), 0, 0, math.sin(math.pi / 4)],
                                               dtype=torch.float64), dim=0)
print(torch.allclose(quat_to_matrix(q), R))
P = torch.randn(10, 3, dtype=torch.float64)
true_R = torch.linalg.matrix_exp(skew(torch.tensor([0.3, -0.2, 0.9], dtype=torch.float64)))
t = torch.tensor([1.0, 2.0, -0.5], dtype=torch.float64)
Q = P @ true_R.T + t + 0.001 * torch.randn(10, 3, dtype=torch.float64)


def kabsch(P, Q):
    pc, qc = P.mean(0), Q.mean(0)
    H = (P - pc).T @ (Q - qc)
    U, S, Vh = torch.linalg.svd(H)
    d = torch.sign(torch.linalg.det(Vh.T @ U.T))
    D = torch.diag(torch.tensor([1.0, 1.0, d.item()], dtype=P.dtype))
    Rk = Vh.T @ D @ U.T
    return Rk, qc - pc @ Rk.T


Rk, tk = kabsch(P, Q)
print((Rk - true_R).abs().max() < 1e-2, tk, torch.sqrt(((P @ Rk.T + tk - Q) ** 2).sum(1).mean()) < 5e-3)
print(torch.allclose(Rk @ Rk.T, torch.eye(3, dtype=torch.float64)), torch.linalg.det(Rk))
angle = torch.arccos(((torch.trace(Rk) - 1) / 2).clamp(-1, 1))
print(angle, torch.linalg.norm(torch.tensor([0.3, -0.2, 0.9])))
