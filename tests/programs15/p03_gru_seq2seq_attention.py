# The translation tutorial's seq2seq: a GRU encoder, a decoder with Bahdanau (additive) attention and teacher
# forcing, one optimizer per network, a few steps.
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import optim

torch.manual_seed(0)
SOS, V, H = 0, 7, 12


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(V, H)
        self.gru = nn.GRU(H, H, batch_first=True)
        self.dropout = nn.Dropout(0.1)

    def forward(self, x):
        return self.gru(self.dropout(self.embedding(x)))


class BahdanauAttention(nn.Module):
    def __init__(self):
        super().__init__()
        self.Wa, self.Ua, self.Va = nn.Linear(H, H), nn.Linear(H, H), nn.Linear(H, 1)

    def forward(self, query, keys):
        scores = self.Va(torch.tanh(self.Wa(query) + self.Ua(keys))).squeeze(2).unsqueeze(1)
        weights = F.softmax(scores, dim=-1)
        return torch.bmm(weights, keys), weights


class AttnDecoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(V, H)
        self.attention = BahdanauAttention()
        self.gru = nn.GRU(2 * H, H, batch_first=True)
        self.out = nn.Linear(H, V)

    def forward(self, enc_out, hidden, target):
        inp = torch.empty(enc_out.size(0), 1, dtype=torch.long).fill_(SOS)
        outs, attns = [], []
        for i in range(target.size(1)):
            emb = self.embedding(inp)
            context, w = self.attention(hidden.permute(1, 0, 2), enc_out)
            out, hidden = self.gru(torch.cat((emb, context), dim=2), hidden)
            outs.append(self.out(out))
            attns.append(w)
            inp = target[:, i].unsqueeze(1)                    # teacher forcing
        return F.log_softmax(torch.cat(outs, dim=1), dim=-1), hidden, torch.cat(attns, dim=1)


enc, dec = Encoder(), AttnDecoder()
eo, do = optim.Adam(enc.parameters(), lr=0.01), optim.Adam(dec.parameters(), lr=0.01)
src = torch.randint(1, V, (4, 5))
tgt = src.flip(1)
crit = nn.NLLLoss()
for epoch in range(5):
    eo.zero_grad(); do.zero_grad()
    enc_out, enc_hidden = enc(src)
    logp, _, attn = dec(enc_out, enc_hidden, tgt)
    loss = crit(logp.view(-1, V), tgt.view(-1))
    loss.backward()
    eo.step(); do.step()
    print(f"epoch {epoch}: {loss.item():.5f}")
print(attn.shape, attn[0, 0].sum().item())
