# A seq2seq model with an LSTM encoder, Luong "general" attention, teacher forcing decided by Python's random with
# a ratio, and greedy decoding until an end token (a translation tutorial's loop on a toy reversal task).
import random

import torch
import torch.nn as nn
import torch.nn.functional as F

random.seed(0)
torch.manual_seed(0)
V, E, H, SOS, EOS = 8, 6, 12, 0, 1


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(V, E)
        self.lstm = nn.LSTM(E, H)

    def forward(self, src):
        return self.lstm(self.emb(src))


class AttnDecoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(V, E)
        self.lstm = nn.LSTM(E, H)
        self.W = nn.Linear(H, H, bias=False)
        self.concat = nn.Linear(2 * H, H)
        self.out = nn.Linear(H, V)

    def forward(self, tok, state, enc_out):
        out, state = self.lstm(self.emb(tok).unsqueeze(0), state)      # (1, B, H)
        scores = torch.einsum("bh,lbh->bl", self.W(out[0]), enc_out)
        attn = F.softmax(scores, dim=1)
        context = torch.bmm(attn.unsqueeze(1), enc_out.transpose(0, 1)).squeeze(1)
        h = torch.tanh(self.concat(torch.cat([out[0], context], 1)))
        return F.log_softmax(self.out(h), dim=1), state, attn


enc, dec = Encoder(), AttnDecoder()
opt = torch.optim.SGD(list(enc.parameters()) + list(dec.parameters()), lr=0.5)
src = torch.tensor([[2, 5], [3, 6], [4, 7]])                      # (L, B)
tgt = torch.tensor([[4, 7], [3, 6], [2, 5], [EOS, EOS]])
for epoch in range(8):
    enc_out, state = enc(src)
    tok = torch.full((2,), SOS, dtype=torch.long)
    loss = 0
    use_tf = random.random() < 0.5
    for t in range(tgt.size(0)):
        logp, state, attn = dec(tok, state, enc_out)
        loss = loss + F.nll_loss(logp, tgt[t])
        tok = tgt[t] if use_tf else logp.argmax(1).detach()
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(epoch, use_tf, round(loss.item() / tgt.size(0), 5))

with torch.no_grad():
    enc_out, state = enc(src)
    tok, decoded, attns = torch.full((2,), SOS, dtype=torch.long), [], []
    for _ in range(5):
        logp, state, attn = dec(tok, state, enc_out)
        tok = logp.argmax(1)
        decoded.append(tok.tolist())
        attns.append(attn)
    print(decoded)
    print(torch.stack(attns).round(decimals=3))
