# nn.Transformer (encoder-decoder) trained with its default dropout on a toy reversal task: dropout draws in
# train mode must follow the seed; masks from generate_square_subsequent_mask and padding masks.
import torch
import torch.nn as nn

torch.manual_seed(0)
V, D = 7, 16
emb = nn.Embedding(V, D)
model = nn.Transformer(d_model=D, nhead=2, num_encoder_layers=1, num_decoder_layers=1, dim_feedforward=32,
                       dropout=0.1, batch_first=True)
head = nn.Linear(D, V)
params = list(emb.parameters()) + list(model.parameters()) + list(head.parameters())
opt = torch.optim.Adam(params, lr=0.005)
src = torch.tensor([[1, 2, 3, 4, 5], [2, 3, 4, 5, 0], [5, 4, 3, 0, 0]])
tgt = torch.tensor([[6, 5, 4, 3, 2, 1], [6, 5, 4, 3, 2, 0], [6, 3, 4, 5, 0, 0]])
src_pad = src == 0
tgt_in, tgt_out = tgt[:, :-1], tgt[:, 1:]
causal = nn.Transformer.generate_square_subsequent_mask(tgt_in.size(1))
print(causal)
for step in range(8):
    model.train()
    out = model(emb(src), emb(tgt_in), tgt_mask=causal, src_key_padding_mask=src_pad,
                tgt_key_padding_mask=tgt_in == 0, memory_key_padding_mask=src_pad)
    logits = head(out)
    loss = nn.functional.cross_entropy(logits.reshape(-1, V), tgt_out.reshape(-1), ignore_index=0)
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(step, round(loss.item(), 5))
model.eval()
with torch.no_grad():
    out = model(emb(src), emb(tgt_in), tgt_mask=causal, src_key_padding_mask=src_pad, memory_key_padding_mask=src_pad)
    print(head(out).argmax(-1))
print(sum(p.numel() for p in model.parameters()))
