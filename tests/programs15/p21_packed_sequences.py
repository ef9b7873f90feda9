# Variable-length batches the way the NLP tutorials batch them: pad_sequence in a collate_fn, lengths,
# pack_padded_sequence (enforce_sorted=False) into a bidirectional LSTM, pad_packed_sequence back, the last
# real time step gathered per sequence, and a DataLoader over a list dataset.
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence, pad_sequence
from torch.utils.data import DataLoader

torch.manual_seed(0)
seqs = [torch.randint(1, 10, (n,)) for n in (5, 2, 4, 3, 1, 6)]
labels = [0, 1, 0, 1, 1, 0]


def collate(batch):
    xs, ys = zip(*batch)
    lengths = torch.tensor([len(x) for x in xs])
    return pad_sequence(xs, batch_first=True, padding_value=0), lengths, torch.tensor(ys)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(10, 4, padding_idx=0)
        self.lstm = nn.LSTM(4, 5, batch_first=True, bidirectional=True)
        self.fc = nn.Linear(10, 2)

    def forward(self, x, lengths):
        packed = pack_padded_sequence(self.emb(x), lengths, batch_first=True, enforce_sorted=False)
        out, (h, c) = self.lstm(packed)
        padded, out_lengths = pad_packed_sequence(out, batch_first=True)
        last = padded[torch.arange(len(lengths)), out_lengths - 1, :5]
        return self.fc(torch.cat([last, padded[:, 0, 5:]], 1)), packed, h


model = Model()
opt = torch.optim.Adam(model.parameters(), lr=0.01)
loader = DataLoader(list(zip(seqs, labels)), batch_size=3, shuffle=False, collate_fn=collate)
for epoch in range(2):
    for x, lengths, y in loader:
        logits, packed, h = model(x, lengths)
        loss = nn.functional.cross_entropy(logits, y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        print(epoch, tuple(x.shape), lengths.tolist(), f"{loss.item():.5f}")
print(packed.batch_sizes, packed.sorted_indices, packed.unsorted_indices, h.shape)
print(model.emb.weight.grad[0])
