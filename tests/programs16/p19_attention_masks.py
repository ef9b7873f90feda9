"""torch.where / masked_fill attention masks: causal, padding, and -inf softmax."""
import math

import torch
import torch.nn.functional as F

torch.manual_seed(0)
B, T, D = 2, 4, 3
q, k, v = torch.randn(B, T, D), torch.randn(B, T, D), torch.randn(B, T, D)
scores = q @ k.transpose(-2, -1) / math.sqrt(D)
causal = torch.tril(torch.ones(T, T, dtype=torch.bool))
print(causal)
masked = scores.masked_fill(~causal, float("-inf"))
att = F.softmax(masked, dim=-1)
print(att[0])
lengths = torch.tensor([4, 2])
pad = torch.arange(T)[None, :] < lengths[:, None]
print(pad)
scores2 = torch.where(pad[:, None, :], scores, torch.tensor(-1e9))
att2 = scores2.softmax(-1)
print(att2[1].sum(-1), att2[1, :, 2:].max())
out = att2 @ v
print(out.shape, out[1, 0])
m = torch.triu(torch.full((T, T), float("-inf")), diagonal=1)
print(m)
print(torch.allclose((scores + m).softmax(-1), att))
print(F.scaled_dot_product_attention(q, k, v, is_causal=True)[0, -1])
