# F.scaled_dot_product_attention as the transformer tutorials call it: boolean and additive masks, is_causal,
# an explicit scale, grouped-query attention (enable_gqa), and agreement with the hand-written formula.
import math

import torch
import torch.nn.functional as F

torch.manual_seed(0)
B, H, L, S, D = 2, 4, 5, 7, 8
q = torch.randn(B, H, L, D, requires_grad=True)
k = torch.randn(B, H, S, D, requires_grad=True)
v = torch.randn(B, H, S, D, requires_grad=True)


def manual(q, k, v, mask=None, scale=None, causal=False):
    s = q @ k.transpose(-2, -1) * (scale if scale is not None else 1 / math.sqrt(q.size(-1)))
    if causal:
        s = s.masked_fill(torch.ones(q.size(-2), k.size(-2), dtype=torch.bool).tril().logical_not(), float("-inf"))
    if mask is not None:
        s = s.masked_fill(~mask, float("-inf")) if mask.dtype == torch.bool else s + mask
    return s.softmax(-1) @ v


keep = torch.arange(S).view(1, 1, 1, S) < torch.tensor([7, 4]).view(B, 1, 1, 1)
bias = -0.1 * (torch.arange(L).view(L, 1) - torch.arange(S).view(1, S)).abs().float()
for label, kw in [("plain", {}), ("bool mask", {"attn_mask": keep}), ("float mask", {"attn_mask": bias}),
                  ("scale", {"scale": 0.5}), ("causal", {"is_causal": True})]:
    out = F.scaled_dot_product_attention(q, k, v, **kw)
    ref = manual(q, k, v, kw.get("attn_mask"), kw.get("scale"), kw.get("is_causal", False))
    print(f"{label:10s} {tuple(out.shape)} {torch.allclose(out, ref, atol=1e-5)} {out.sum().item():.4f}")
out = F.scaled_dot_product_attention(q, k, v, attn_mask=keep)
out.pow(2).sum().backward()
print("grads", round(q.grad.abs().sum().item(), 3), round(k.grad.abs().sum().item(), 3),
      round(v.grad.abs().sum().item(), 3), v.grad[1, :, 4:].abs().sum().item())
kv_heads = 2
kg = torch.randn(B, kv_heads, S, D)
vg = torch.randn(B, kv_heads, S, D)
gqa = F.scaled_dot_product_attention(q.detach(), kg, vg, enable_gqa=True)
rep = F.scaled_dot_product_attention(q.detach(), kg.repeat_interleave(H // kv_heads, 1), vg.repeat_interleave(H // kv_heads, 1))
print("gqa", gqa.shape, torch.allclose(gqa, rep, atol=1e-6))
x3 = torch.randn(3, 6, D)
print(F.scaled_dot_product_attention(x3, x3, x3, is_causal=True)[0, 0].allclose(x3[0, 0]))
