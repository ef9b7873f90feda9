# A character-level language model in the style of the char-RNN tutorials: one-hot-free (Embedding), nn.RNN,
# a few truncated-BPTT steps with Adam and gradient clipping, then greedy sampling.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
text = "hello world, hello minigrad. hello torch."
chars = sorted(set(text))
stoi = {c: i for i, c in enumerate(chars)}
data = torch.tensor([stoi[c] for c in text], dtype=torch.long)


class CharRNN(nn.Module):
    def __init__(self, vocab, hidden=16):
        super().__init__()
        self.embed = nn.Embedding(vocab, 8)
        self.rnn = nn.RNN(8, hidden, batch_first=True)
        self.head = nn.Linear(hidden, vocab)

    def forward(self, x, h=None):
        out, h = self.rnn(self.embed(x), h)
        return self.head(out), h


model = CharRNN(len(chars))
opt = torch.optim.Adam(model.parameters(), lr=0.01)
seq = 8
h = None
for step in range(4):
    i = (step * seq) % (len(data) - seq - 1)
    x, y = data[i:i + seq].unsqueeze(0), data[i + 1:i + seq + 1].unsqueeze(0)
    logits, h = model(x, h)
    h = h.detach()
    loss = F.cross_entropy(logits.view(-1, len(chars)), y.view(-1))
    opt.zero_grad()
    loss.backward()
    norm = nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    opt.step()
    print(f"step {step} loss {loss.item():.4f} grad-norm {norm.item():.4f}")

with torch.no_grad():
    idx, hh, out = data[:1].view(1, 1), None, []
    for _ in range(6):
        logits, hh = model(idx, hh)
        idx = logits[:, -1].argmax(-1, keepdim=True)
        out.append(chars[idx.item()])
print("sample:", repr("".join(out)))
print(h.shape, logits.dtype)
