# A language model built from nn.TransformerDecoderLayer with norm_first, GELU, a causal mask from
# nn.Transformer.generate_square_subsequent_mask, memory from an encoder stack, a padding mask, tied weights.
import math
import torch
import torch.nn as nn

torch.manual_seed(0)


class LearnedPositions(nn.Module):
    """GPT-style learned absolute positions, for (seq, batch, dim) inputs."""

    def __init__(self, d_model, max_len=50):
        super().__init__()
        self.table = nn.Embedding(max_len, d_model)

    def forward(self, x):
        return x + self.table(torch.arange(x.size(0))).unsqueeze(1)


V, D = 11, 8
emb = nn.Embedding(V, D)
pos = LearnedPositions(D)
enc = nn.TransformerEncoder(nn.TransformerEncoderLayer(D, 2, 16, dropout=0.0), num_layers=2,
                            enable_nested_tensor=False)
dec = nn.TransformerDecoder(nn.TransformerDecoderLayer(D, 2, 16, dropout=0.0, activation="gelu", norm_first=True),
                            num_layers=1, norm=nn.LayerNorm(D))
head = nn.Linear(D, V)
head.weight = emb.weight
print(dec.layers[0])
src = torch.randint(1, V, (5, 2))
tgt = torch.randint(1, V, (4, 2))
src_pad = torch.tensor([[False, False, False, True, True], [False] * 5]).T.contiguous().T
memory = enc(pos(emb(src) * math.sqrt(D)), src_key_padding_mask=src_pad)
mask = nn.Transformer.generate_square_subsequent_mask(4)
out = dec(pos(emb(tgt)), memory, tgt_mask=mask, memory_key_padding_mask=src_pad)
logits = head(out)
print(memory.shape, logits.shape)
loss = nn.functional.cross_entropy(logits[:-1].reshape(-1, V), tgt[1:].reshape(-1))
loss.backward()
print(f"loss {loss.item():.5f} ppl {math.exp(loss.item()):.4f}")
print(emb.weight.grad.norm(), head.weight is emb.weight)
print(dec.layers[0].multihead_attn.in_proj_weight.grad.abs().sum())
print(sum(p.numel() for p in nn.ModuleList([emb, enc, dec, head]).parameters()))
