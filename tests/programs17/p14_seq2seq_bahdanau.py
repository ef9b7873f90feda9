# A seq2seq translator with a bidirectional GRU encoder, Bahdanau (additive) attention, a GRU decoder fed one
# token at a time with teacher forcing, a masked NLL over padded targets, and gradient clipping by norm.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
SRC_V, TGT_V, E, H, PAD = 9, 7, 6, 5, 0


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(SRC_V, E, padding_idx=PAD)
        self.rnn = nn.GRU(E, H, bidirectional=True, batch_first=True)
        self.fc = nn.Linear(2 * H, H)

    def forward(self, src):
        outputs, hidden = self.rnn(self.emb(src))
        hidden = torch.tanh(self.fc(torch.cat((hidden[-2, :, :], hidden[-1, :, :]), dim=1)))
        return outputs, hidden


class Attention(nn.Module):
    def __init__(self):
        super().__init__()
        self.attn = nn.Linear(3 * H, H)
        self.v = nn.Linear(H, 1, bias=False)

    def forward(self, hidden, enc_out, mask):
        L = enc_out.shape[1]
        hidden = hidden.unsqueeze(1).repeat(1, L, 1)
        energy = torch.tanh(self.attn(torch.cat((hidden, enc_out), dim=2)))
        scores = self.v(energy).squeeze(2).masked_fill(mask == 0, -1e10)
        return F.softmax(scores, dim=1)


class Decoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(TGT_V, E)
        self.att = Attention()
        self.rnn = nn.GRU(2 * H + E, H)
        self.out = nn.Linear(3 * H + E, TGT_V)

    def forward(self, tok, hidden, enc_out, mask):
        e = self.emb(tok).unsqueeze(0)
        a = self.att(hidden, enc_out, mask).unsqueeze(1)
        weighted = torch.bmm(a, enc_out).permute(1, 0, 2)
        out, hidden = self.rnn(torch.cat((e, weighted), dim=2), hidden.unsqueeze(0))
        pred = self.out(torch.cat((out.squeeze(0), weighted.squeeze(0), e.squeeze(0)), dim=1))
        return pred, hidden.squeeze(0), a.squeeze(1)


enc, dec = Encoder(), Decoder()
params = list(enc.parameters()) + list(dec.parameters())
opt = torch.optim.Adam(params, lr=1e-2)
src = torch.tensor([[3, 4, 5, 2], [6, 7, PAD, PAD]])
tgt = torch.tensor([[1, 3, 4, 2], [1, 5, 2, PAD]])
criterion = nn.CrossEntropyLoss(ignore_index=PAD)
for epoch in range(3):
    enc_out, hidden = enc(src)
    mask = src != PAD
    tok, loss, attns = tgt[:, 0], 0.0, []
    for t in range(1, tgt.shape[1]):
        pred, hidden, a = dec(tok, hidden, enc_out, mask)
        loss = loss + criterion(pred, tgt[:, t])
        attns.append(a)
        tok = tgt[:, t]
    opt.zero_grad()
    loss.backward()
    norm = torch.nn.utils.clip_grad_norm_(params, max_norm=1.0)
    opt.step()
    print(f"epoch {epoch}: loss {loss.item() / 3:.5f} grad-norm {norm:.4f}")
print(torch.stack(attns, 1)[1])
