# The full nn.Transformer (encoder-decoder) on a copy task: src/tgt embeddings with a scale, tgt_mask from
# generate_square_subsequent_mask, padding masks for both sides and the memory, teacher forcing, greedy decoding.
import math

import torch
import torch.nn as nn

torch.manual_seed(0)
V, D, BOS, PAD = 7, 8, 1, 0
model = nn.Transformer(d_model=D, nhead=2, num_encoder_layers=1, num_decoder_layers=1, dim_feedforward=16,
                       dropout=0.0, batch_first=True)
emb = nn.Embedding(V, D)
out_proj = nn.Linear(D, V)
params = list(model.parameters()) + list(emb.parameters()) + list(out_proj.parameters())
opt = torch.optim.Adam(params, lr=5e-3)
src = torch.tensor([[2, 3, 4, 5], [6, 5, 4, PAD]])
tgt_in = torch.cat([torch.full((2, 1), BOS), src[:, :-1]], dim=1)


def run(src, tgt):
    tgt_mask = model.generate_square_subsequent_mask(tgt.size(1))
    h = model(emb(src) * math.sqrt(D), emb(tgt) * math.sqrt(D), tgt_mask=tgt_mask,
              src_key_padding_mask=src == PAD, tgt_key_padding_mask=tgt == PAD, memory_key_padding_mask=src == PAD)
    return out_proj(h)


for step in range(12):
    logits = run(src, tgt_in)
    loss = nn.functional.cross_entropy(logits.reshape(-1, V), src.reshape(-1), ignore_index=PAD)
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 3 == 0:
        print(step, round(loss.item(), 5))
model.eval()
with torch.no_grad():
    ys = torch.full((2, 1), BOS)
    for _ in range(4):
        nxt = run(src, ys)[:, -1].argmax(-1, keepdim=True)
        ys = torch.cat([ys, nxt], dim=1)
    print(ys)
    mem = model.encoder(emb(src) * math.sqrt(D), src_key_padding_mask=src == PAD)
    print(mem.shape, mem[0, 0])
