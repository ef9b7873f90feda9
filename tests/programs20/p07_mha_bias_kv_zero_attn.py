# nn.MultiheadAttention's less common switches: separate key/value sizes (kdim, vdim), add_bias_kv (a learned
# extra key/value), add_zero_attn (an all-zero key/value), per-head weights; a short fit of an attention
# pooling of a "memory" toward a target.
import torch
import torch.nn as nn

torch.manual_seed(0)
E, H = 8, 2
mha = nn.MultiheadAttention(E, H, kdim=5, vdim=3, add_bias_kv=True, add_zero_attn=True, batch_first=True)
print([(n, tuple(p.shape)) for n, p in mha.named_parameters()])
q = torch.randn(2, 4, E)
k = torch.randn(2, 6, 5)
v = torch.randn(2, 6, 3)
out, w = mha(q, k, v)
print(out.shape, w.shape, w.sum(-1).round(decimals=4))
out, w = mha(q, k, v, average_attn_weights=False)
print(w.shape)
mask = torch.tensor([[False] * 5 + [True], [False] * 3 + [True] * 3])
out, w = mha(q, k, v, key_padding_mask=mask)
print(w.shape, w[1, 0].round(decimals=4))

plain = nn.MultiheadAttention(E, H, add_zero_attn=True)
x = torch.randn(5, 3, E)
o, aw = plain(x, x, x, need_weights=True)
print(o.shape, aw.shape)

target = torch.randn(2, 4, E)
opt = torch.optim.Adam(mha.parameters(), lr=0.05)
for step in range(20):
    out, _ = mha(q, k, v, key_padding_mask=mask)
    loss = (out - target).pow(2).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 5 == 0:
        print(step, round(loss.item(), 5))
print(mha.bias_k.shape, mha.bias_v.shape, mha.bias_k.grad is not None)
