# A tiny speech recogniser as the CTC tutorials build it: Conv1d over features, a bidirectional GRU,
# log_softmax over (T, N, C), nn.CTCLoss with blank 0 and zero_infinity, input and target lengths,
# and greedy decoding that collapses repeats and drops blanks.
import torch
import torch.nn as nn

torch.manual_seed(0)


class Model(nn.Module):
    def __init__(self, n_feats=5, n_class=6):
        super().__init__()
        self.conv = nn.Conv1d(n_feats, 8, kernel_size=3, padding=1)
        self.gru = nn.GRU(8, 8, bidirectional=True)
        self.fc = nn.Linear(16, n_class)

    def forward(self, x):                                     # x: (N, feats, T)
        h = torch.relu(self.conv(x)).permute(2, 0, 1)         # (T, N, 8)
        h, _ = self.gru(h)
        return self.fc(h).log_softmax(2)


model = Model()
x = torch.randn(3, 5, 12)
targets = torch.tensor([1, 2, 3, 2, 2, 4, 5, 1, 3])
target_lengths = torch.tensor([3, 4, 2])
input_lengths = torch.tensor([12, 10, 12])
ctc = nn.CTCLoss(blank=0, zero_infinity=True)
opt = torch.optim.Adam(model.parameters(), lr=0.01)
for step in range(4):
    log_probs = model(x)
    loss = ctc(log_probs, targets, input_lengths, target_lengths)
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(step, f"{loss.item():.5f}")
best = log_probs.argmax(2).T
for row in best.tolist():
    out = [c for i, c in enumerate(row) if c != 0 and (i == 0 or c != row[i - 1])]
    print(row, out)
per = nn.functional.ctc_loss(log_probs, targets.split([3, 4, 2]) and torch.nn.utils.rnn.pad_sequence(
    targets.split([3, 4, 2]), batch_first=True), input_lengths, target_lengths, reduction="none")
print(per)
