# Einsum-heavy code from attention write-ups: multi-head self-attention written with einsum (bhqd,bhkd->bhqk),
# a causal mask by masked_fill with -inf, padding masks, relative-position bias, and a bilinear form
# with einsum against torch.nn.functional.scaled_dot_product_attention.
import math
import torch
import torch.nn.functional as F

torch.manual_seed(0)
B, T, H, D = 2, 5, 2, 4
x = torch.randn(B, T, H * D, requires_grad=True)
Wqkv = torch.randn(H * D, 3 * H * D) / math.sqrt(H * D)
Wqkv.requires_grad_()
q, k, v = (x @ Wqkv).chunk(3, dim=-1)
q, k, v = (t.view(B, T, H, D).transpose(1, 2) for t in (q, k, v))
scores = torch.einsum("bhqd,bhkd->bhqk", q, k) / math.sqrt(D)
causal = torch.triu(torch.ones(T, T, dtype=torch.bool), diagonal=1)
pad = torch.tensor([[False] * T, [False] * 3 + [True] * 2])
scores = scores.masked_fill(causal, float("-inf"))
scores = scores.masked_fill(pad[:, None, None, :], float("-inf"))
att = scores.softmax(dim=-1)
out = torch.einsum("bhqk,bhkd->bhqd", att, v)
ref = F.scaled_dot_product_attention(q, k, v, attn_mask=~(causal | pad[:, None, None, :]))
print(torch.allclose(out, ref, atol=1e-6), att[1, 0, 4])
out.transpose(1, 2).reshape(B, T, H * D).pow(2).mean().backward()
print(x.grad[1, 4], Wqkv.grad.norm())
rel = torch.arange(T)[None, :] - torch.arange(T)[:, None]
bias = torch.nn.Embedding(2 * T - 1, H)(rel + T - 1).permute(2, 0, 1)
print(bias.shape, torch.einsum("hqk->h", bias.detach()))
A, u, w = torch.randn(3, 4, 4), torch.randn(2, 4), torch.randn(2, 4)
print(torch.einsum("bi,kij,bj->bk", u, A, w))
print(torch.einsum("ii", torch.eye(3) * 2), torch.einsum("i,j->ij", torch.arange(3.0), torch.arange(2.0)))
print(torch.einsum("...ij,...jk", torch.randn(2, 2, 3), torch.randn(2, 3, 1)).shape)
print(torch.einsum(torch.ones(2, 3), [0, 1], torch.ones(3), [1], [0]))
