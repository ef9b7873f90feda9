# A 3-layer LSTM language model with dropout between layers (nn.LSTM(dropout=)), embedding dropout and
# variational-style locked dropout masks, trained in train() mode with a seed, then evaluated in eval() mode.
import torch
import torch.nn as nn

torch.manual_seed(0)
text = "the quick brown fox jumps over the lazy dog " * 3
chars = sorted(set(text))
ids = torch.tensor([chars.index(c) for c in text])


class LM(nn.Module):
    def __init__(self, V, E=8, H=16):
        super().__init__()
        self.emb = nn.Embedding(V, E)
        self.drop = nn.Dropout(0.2)
        self.rnn = nn.LSTM(E, H, num_layers=3, dropout=0.3, batch_first=True)
        self.out = nn.Linear(H, V)

    def forward(self, x, state=None):
        e = self.emb(x)
        mask = e.new_empty(e.size(0), 1, e.size(2)).bernoulli_(0.9) / 0.9 if self.training else 1.0
        h, state = self.rnn(self.drop(e * mask), state)
        return self.out(h), state


model = LM(len(chars))
opt = torch.optim.Adam(model.parameters(), lr=0.01)
seq = 16
inputs = ids[:-1].unfold(0, seq, 8)
targets = ids[1:].unfold(0, seq, 8)
for epoch in range(4):
    model.train()
    logits, _ = model(inputs)
    loss = nn.functional.cross_entropy(logits.reshape(-1, len(chars)), targets.reshape(-1))
    opt.zero_grad()
    loss.backward()
    nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    opt.step()
    model.eval()
    with torch.no_grad():
        el, _ = model(inputs)
        ev = nn.functional.cross_entropy(el.reshape(-1, len(chars)), targets.reshape(-1))
    print(f"epoch {epoch} train {loss.item():.4f} eval {ev.item():.4f}")
print(model.rnn)
h = None
x = ids[:1].view(1, 1)
out = []
with torch.no_grad():
    for _ in range(10):
        logits, h = model(x, h)
        x = logits[:, -1].argmax(-1, keepdim=True)
        out.append(chars[x.item()])
print(repr("".join(out)), [t.shape for t in h])
