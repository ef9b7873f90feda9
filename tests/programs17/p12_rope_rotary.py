# Rotary position embeddings as in the LLaMA reference code: frequencies with torch.outer and torch.polar,
# queries viewed as complex with view_as_complex, rotated, and back with view_as_real; relative-position check.
import torch


def precompute_freqs_cis(dim: int, end: int, theta: float = 10000.0):
    freqs = 1.0 / (theta ** (torch.arange(0, dim, 2)[: (dim // 2)].float() / dim))
    t = torch.arange(end, device=freqs.device)
    freqs = torch.outer(t, freqs).float()
    return torch.polar(torch.ones_like(freqs), freqs)


def reshape_for_broadcast(freqs_cis, x):
    ndim = x.ndim
    shape = [d if i == 1 or i == ndim - 1 else 1 for i, d in enumerate(x.shape)]
    return freqs_cis.view(*shape)


def apply_rotary_emb(xq, xk, freqs_cis):
    xq_ = torch.view_as_complex(xq.float().reshape(*xq.shape[:-1], -1, 2))
    xk_ = torch.view_as_complex(xk.float().reshape(*xk.shape[:-1], -1, 2))
    freqs_cis = reshape_for_broadcast(freqs_cis, xq_)
    xq_out = torch.view_as_real(xq_ * freqs_cis).flatten(3)
    xk_out = torch.view_as_real(xk_ * freqs_cis).flatten(3)
    return xq_out.type_as(xq), xk_out.type_as(xk)


torch.manual_seed(0)
fc = precompute_freqs_cis(8, 6)
print(fc.dtype, fc.shape, fc[1])
q = torch.randn(1, 6, 2, 8, requires_grad=True)
k = torch.randn(1, 6, 2, 8)
rq, rk = apply_rotary_emb(q, k, fc)
print(rq.shape, rq[0, 2, 0])
print("norms kept:", torch.allclose(rq.norm(dim=-1), q.norm(dim=-1), atol=1e-5))
same = torch.ones(1, 6, 1, 8)
a, b = apply_rotary_emb(same, same, fc)
dots = (a[0, :, 0] @ b[0, :, 0].T)
print(torch.allclose(dots.diagonal(1), dots[0, 1].expand(5)), dots.diagonal(1))
scores = torch.einsum("bqhd,bkhd->bhqk", rq, rk) / 8 ** 0.5
(scores.softmax(-1) * torch.arange(6.0)).sum().backward()
print(q.grad.abs().sum(), fc.abs().max(), fc.angle()[2])
