# nn.MultiheadAttention as a tutorial shows it: batch_first, a key_padding_mask of padded positions, a causal
# attn_mask (bool and float forms), per-head weights (average_attn_weights=False) and self/cross attention.
import torch
import torch.nn as nn

torch.manual_seed(0)
B, L, S, E, H = 2, 4, 5, 8, 2
mha = nn.MultiheadAttention(E, H, batch_first=True)
q = torch.randn(B, L, E)
kv = torch.randn(B, S, E)
pad = torch.tensor([[False, False, False, True, True], [False, False, False, False, True]])
out, w = mha(q, kv, kv, key_padding_mask=pad)
print(out.shape, w.shape)
print(w[0].round(decimals=4))
print("masked columns get zero weight:", (w[0, :, 3:] == 0).all().item())

causal = torch.triu(torch.ones(L, L, dtype=torch.bool), diagonal=1)
out_b, w_b = mha(q, q, q, attn_mask=causal)
float_mask = torch.zeros(L, L).masked_fill(causal, float("-inf"))
out_f, w_f = mha(q, q, q, attn_mask=float_mask)
print("bool == float mask:", torch.allclose(out_b, out_f, atol=1e-6))
print(w_b[1].round(decimals=4))
_, heads = mha(q, q, q, attn_mask=causal, average_attn_weights=False)
print(heads.shape, heads[0, 1].round(decimals=4))
o, none = mha(q, q, q, need_weights=False)
print(none, o.shape)
mha_kv = nn.MultiheadAttention(E, H, kdim=3, vdim=6, batch_first=True)
o2, w2 = mha_kv(q, torch.randn(B, S, 3), torch.randn(B, S, 6))
print(o2.shape, w2.sum(-1))
o2.sum().backward()
print(mha_kv.q_proj_weight.grad.shape, mha_kv.k_proj_weight.grad.norm().item())
print([n for n, _ in mha.named_parameters()])
