# A character-level GRU language model over names of different lengths: a vocabulary from the characters, padded
# batches packed with pack_padded_sequence (lengths sorted by the packer), cross-entropy that ignores padding,
# gradient clipping, perplexity, and temperature sampling with torch.multinomial from a seed character.
import math
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence, pad_sequence

torch.manual_seed(0)
names = ["anna", "bob", "carla", "dmitri", "eve", "fatima", "gus"]
chars = sorted(set("".join(names)))
stoi = {c: i + 2 for i, c in enumerate(chars)}
PAD, EOS = 0, 1
itos = {i: c for c, i in stoi.items()}
encoded = [torch.tensor([stoi[c] for c in n] + [EOS]) for n in names]
lengths = torch.tensor([len(e) - 1 for e in encoded])
inputs = pad_sequence([e[:-1] for e in encoded], batch_first=True, padding_value=PAD)
targets = pad_sequence([e[1:] for e in encoded], batch_first=True, padding_value=PAD)
print(inputs.shape, lengths)


class CharGRU(nn.Module):
    def __init__(self, vocab, emb=8, hidden=16):
        super().__init__()
        self.emb = nn.Embedding(vocab, emb, padding_idx=PAD)
        self.gru = nn.GRU(emb, hidden, batch_first=True)
        self.out = nn.Linear(hidden, vocab)

    def forward(self, x, lengths=None, h=None):
        e = self.emb(x)
        if lengths is not None:
            packed = pack_padded_sequence(e, lengths, batch_first=True, enforce_sorted=False)
            out, h = self.gru(packed, h)
            out, _ = pad_packed_sequence(out, batch_first=True, total_length=x.size(1))
        else:
            out, h = self.gru(e, h)
        return self.out(out), h


model = CharGRU(len(stoi) + 2)
opt = torch.optim.Adam(model.parameters(), lr=0.01)
crit = nn.CrossEntropyLoss(ignore_index=PAD)
for epoch in range(4):
    logits, _ = model(inputs, lengths)
    loss = crit(logits.reshape(-1, logits.size(-1)), targets.reshape(-1))
    opt.zero_grad()
    loss.backward()
    gn = nn.utils.clip_grad_norm_(model.parameters(), 0.5)
    opt.step()
    print(f"epoch {epoch} loss {loss.item():.4f} ppl {math.exp(loss.item()):.3f} grad-norm {gn:.4f}")
model.eval()
with torch.no_grad():
    x, h, out = torch.tensor([[stoi["a"]]]), None, "a"
    for _ in range(6):
        logits, h = model(x, h=h)
        probs = torch.softmax(logits[0, -1] / 0.8, dim=-1)
        nxt = torch.multinomial(probs, 1).item()
        if nxt in (EOS, PAD):
            break
        out += itos[nxt]
        x = torch.tensor([[nxt]])
print(out, h.shape)
