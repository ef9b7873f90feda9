# TransformerEncoderLayer/DecoderLayer options in recent versions: bias=False, a callable activation, norm_first,
# layer_norm_eps, an encoder with a final norm, src_key_padding_mask in train and in eval (where padded positions
# of the output may be zeroed by the fast path), and mask checks.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
layer = nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0, activation=F.gelu, batch_first=True, norm_first=True,
                                   bias=False, layer_norm_eps=1e-6)
print([n for n, _ in layer.named_parameters()])
enc = nn.TransformerEncoder(layer, num_layers=2, norm=nn.LayerNorm(8), enable_nested_tensor=False)
x = torch.randn(3, 5, 8)
pad = torch.tensor([[False] * 5, [False] * 3 + [True] * 2, [False] + [True] * 4])
out = enc(x, src_key_padding_mask=pad)
print(out.shape, out[1, :3].sum().item().__round__(4))
enc.eval()
with torch.no_grad():
    out_eval = enc(x, src_key_padding_mask=pad)
print(torch.allclose(out_eval[~pad], out[~pad].detach(), atol=1e-5))
dec_layer = nn.TransformerDecoderLayer(8, 2, 16, dropout=0.0, activation="gelu", batch_first=True, bias=False)
dec = nn.TransformerDecoder(dec_layer, num_layers=1)
tgt = torch.randn(3, 4, 8)
causal = nn.Transformer.generate_square_subsequent_mask(4)
y = dec(tgt, out, tgt_mask=causal, memory_key_padding_mask=pad, tgt_is_causal=True)
print(y.shape, round(y.pow(2).mean().item(), 5))
y.sum().backward()
print(round(dec.layers[0].linear1.weight.grad.abs().sum().item(), 4), dec.layers[0].linear1.bias)
plain = nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0, batch_first=True)
plain.eval()
with torch.no_grad():
    a = plain(x, src_key_padding_mask=pad)
print(a.shape, a[0].sum().round(decimals=3))
