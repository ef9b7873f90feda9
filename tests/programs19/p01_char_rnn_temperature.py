# A character-level RNN language model (the "unreasonable effectiveness" tutorial): one-hot-free embedding, an LSTM,
# a few training steps, then sampling with a temperature and top-k through torch.multinomial.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
text = "hello world, hello there, hold the door"
chars = sorted(set(text))
stoi = {c: i for i, c in enumerate(chars)}
itos = {i: c for c, i in stoi.items()}
data = torch.tensor([stoi[c] for c in text], dtype=torch.long)


class CharRNN(nn.Module):
    def __init__(self, vocab, hidden=16):
        super().__init__()
        self.emb = nn.Embedding(vocab, 8)
        self.lstm = nn.LSTM(8, hidden, batch_first=True)
        self.head = nn.Linear(hidden, vocab)

    def forward(self, x, state=None):
        out, state = self.lstm(self.emb(x), state)
        return self.head(out), state


model = CharRNN(len(chars))
opt = torch.optim.Adam(model.parameters(), lr=0.02)
seq = 12
for step in range(30):
    i = (step * 5) % (len(data) - seq - 1)
    x, y = data[i:i + seq].unsqueeze(0), data[i + 1:i + seq + 1].unsqueeze(0)
    logits, _ = model(x)
    loss = F.cross_entropy(logits.view(-1, len(chars)), y.view(-1))
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 10 == 0:
        print(f"step {step:2d} loss {loss.item():.4f}")


@torch.no_grad()
def sample(start, n, temperature=1.0, top_k=None):
    model.eval()
    idx = torch.tensor([[stoi[start]]])
    state, out = None, [start]
    for _ in range(n):
        logits, state = model(idx, state)
        logits = logits[:, -1, :] / temperature
        if top_k is not None:
            v, _ = torch.topk(logits, top_k)
            logits[logits < v[:, [-1]]] = -float("inf")
        probs = F.softmax(logits, dim=-1)
        idx = torch.multinomial(probs, num_samples=1)
        out.append(itos[idx.item()])
    return "".join(out)


torch.manual_seed(1)
for t in (0.5, 1.0, 1.5):
    print(t, repr(sample("h", 15, temperature=t)))
print("top-k:", repr(sample("h", 15, top_k=3)))
probs = F.softmax(model(data[:5].unsqueeze(0))[0][0, -1] / 0.7, dim=0)
print("entropy", (-(probs * probs.log()).sum()).item())
