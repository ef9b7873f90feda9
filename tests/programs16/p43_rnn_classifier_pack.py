"""A GRU sentence classifier over padded batches with pack_padded_sequence and the last hidden state."""
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_sequence


class Clf(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(10, 5, padding_idx=0)
        self.rnn = nn.GRU(5, 6, batch_first=True)
        self.fc = nn.Linear(6, 2)

    def forward(self, x, lengths):
        packed = pack_padded_sequence(self.emb(x), lengths, batch_first=True, enforce_sorted=False)
        _, h = self.rnn(packed)
        return self.fc(h[-1])


torch.manual_seed(1)
seqs = [torch.tensor([1, 2, 3]), torch.tensor([4, 5]), torch.tensor([6, 7, 8, 9])]
lengths = torch.tensor([len(s) for s in seqs])
x = pad_sequence(seqs, batch_first=True)
print(x)
model = Clf()
opt = torch.optim.Adam(model.parameters(), lr=0.05)
y = torch.tensor([0, 1, 0])
for epoch in range(4):
    opt.zero_grad()
    loss = nn.functional.cross_entropy(model(x, lengths), y)
    loss.backward()
    nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    opt.step()
    print(epoch, f"{loss.item():.5f}")
print(model.emb.weight.grad[0], model(x, lengths).argmax(1))
