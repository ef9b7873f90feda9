# nn.MultiheadAttention as tutorials call it: self-attention with a float causal mask from
# nn.Transformer.generate_square_subsequent_mask, a key_padding_mask, per-head weights, batch_first,
# cross-attention with kdim/vdim, and a full nn.Transformer forward with masks.
import torch
import torch.nn as nn

torch.manual_seed(0)
mha = nn.MultiheadAttention(embed_dim=8, num_heads=2, batch_first=True)
x = torch.randn(2, 4, 8)
mask = nn.Transformer.generate_square_subsequent_mask(4)
print(mask)
kpm = torch.tensor([[False, False, False, True], [False, False, False, False]])
out, w = mha(x, x, x, attn_mask=mask, key_padding_mask=kpm)
print(out.shape, w.shape, w[0])
out, w = mha(x, x, x, need_weights=True, average_attn_weights=False)
print(w.shape, w[1, 1, 0])
out.sum().backward()
print(mha.in_proj_weight.grad.norm(), mha.out_proj.bias.grad)
cross = nn.MultiheadAttention(8, 4, kdim=3, vdim=5)
q, k, v = torch.randn(4, 2, 8), torch.randn(6, 2, 3), torch.randn(6, 2, 5)
o, w = cross(q, k, v)
print(o.shape, w.shape, cross.q_proj_weight.shape, cross.in_proj_weight)
model = nn.Transformer(d_model=8, nhead=2, num_encoder_layers=1, num_decoder_layers=1, dim_feedforward=16,
                       dropout=0.0, batch_first=True)
src, tgt = torch.randn(2, 5, 8), torch.randn(2, 3, 8)
y = model(src, tgt, tgt_mask=model.generate_square_subsequent_mask(3), tgt_is_causal=True)
print(y.shape, y[0, 0])
model.eval()
with torch.no_grad():
    print(model.encoder(src)[1, -1])
