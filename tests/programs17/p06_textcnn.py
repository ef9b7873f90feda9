# Kim's TextCNN for sentence classification: an embedding with padding_idx, parallel Conv1d filters of widths
# 2/3/4, max-over-time pooling, dropout, and Adadelta as in the paper; padded batch from pad_sequence.
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.rnn import pad_sequence

torch.manual_seed(3)
vocab = {"<pad>": 0, "the": 1, "movie": 2, "was": 3, "great": 4, "awful": 5, "plot": 6, "boring": 7, "fun": 8}
sents = ["the movie was great", "the plot was boring", "awful", "fun fun movie", "the movie was awful and boring"]
seqs = [torch.tensor([vocab.get(w, 0) for w in s.split()]) for s in sents]
batch = pad_sequence(seqs, batch_first=True, padding_value=0)
print(batch)
labels = torch.tensor([1, 0, 0, 1, 0])


class TextCNN(nn.Module):
    def __init__(self, V, D=6, n_filters=3, sizes=(2, 3, 4), n_cls=2):
        super().__init__()
        self.emb = nn.Embedding(V, D, padding_idx=0)
        self.convs = nn.ModuleList([nn.Conv1d(D, n_filters, k, padding=k - 1) for k in sizes])
        self.drop = nn.Dropout(0.5)
        self.fc = nn.Linear(n_filters * len(sizes), n_cls)

    def forward(self, x):
        e = self.emb(x).transpose(1, 2)
        pooled = [F.max_pool1d(F.relu(c(e)), c(e).shape[2]).squeeze(2) for c in self.convs]
        return self.fc(self.drop(torch.cat(pooled, 1)))


model = TextCNN(len(vocab))
opt = torch.optim.Adadelta(model.parameters(), lr=1.0, rho=0.95, eps=1e-6)
model.eval()
for epoch in range(4):
    logits = model(batch)
    loss = F.cross_entropy(logits, labels)
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(epoch, f"{loss.item():.5f}", (logits.argmax(1) == labels).float().mean().item())
print(model.emb.weight[0], model.emb.weight.grad[0])
print(opt.state_dict()["state"][1].keys())
