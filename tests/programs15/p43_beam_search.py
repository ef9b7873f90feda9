# Beam search decoding over a toy GRU decoder: log_softmax scores, topk over flattened beam x vocab scores,
# integer division and modulo to recover beams and tokens, index_select of hidden states, finished beams
# masked with -inf, then the best sequence; repeat_interleave to expand the encoder state.
import torch
import torch.nn as nn

torch.manual_seed(0)
V, H, K, EOS = 6, 8, 3, 5
emb, cell, out = nn.Embedding(V, H), nn.GRUCell(H, H), nn.Linear(H, V)
enc = torch.randn(2, H)
h = enc.repeat_interleave(K, dim=0)                         # (2K, H)
tokens = torch.zeros(2 * K, 1, dtype=torch.long)
scores = torch.tensor([0.0] + [float("-inf")] * (K - 1)).repeat(2)
finished = torch.zeros(2 * K, dtype=torch.bool)
with torch.no_grad():
    for step in range(4):
        h = cell(emb(tokens[:, -1]), h)
        logp = out(h).log_softmax(-1)
        logp[finished] = float("-inf")
        logp[finished, EOS] = 0.0
        cand = (scores.unsqueeze(1) + logp).view(2, K * V)
        top, idx = cand.topk(K, dim=1)
        beam, tok = idx // V, idx % V
        base = (torch.arange(2) * K).unsqueeze(1)
        sel = (base + beam).view(-1)
        h = h.index_select(0, sel)
        tokens = torch.cat([tokens.index_select(0, sel), tok.view(-1, 1)], dim=1)
        scores = top.view(-1)
        finished = finished.index_select(0, sel) | (tok.view(-1) == EOS)
        print(step, [round(s, 4) for s in scores.tolist()], finished.tolist())
best = scores.view(2, K).argmax(1)
print(tokens.view(2, K, -1)[torch.arange(2), best].tolist())
print(torch.div(torch.tensor([-7, 7]), 2, rounding_mode="floor"), torch.div(torch.tensor([-7, 7]), 2,
                                                                               rounding_mode="trunc"))
