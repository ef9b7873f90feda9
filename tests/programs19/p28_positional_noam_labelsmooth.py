# "The Annotated Transformer" pieces: the sinusoidal positional encoding as a buffer, the Noam learning-rate
# schedule through LambdaLR, label smoothing written with KLDivLoss(reduction="sum") and scatter_, and greedy
# decoding with subsequent_mask.
import math

import torch
import torch.nn as nn

torch.manual_seed(0)


class PositionalEncoding(nn.Module):
    def __init__(self, d_model, dropout=0.0, max_len=50):
        super().__init__()
        self.dropout = nn.Dropout(p=dropout)
        pe = torch.zeros(max_len, d_model)
        position = torch.arange(0, max_len).unsqueeze(1)
        div_term = torch.exp(torch.arange(0, d_model, 2) * -(math.log(10000.0) / d_model))
        pe[:, 0::2] = torch.sin(position * div_term)
        pe[:, 1::2] = torch.cos(position * div_term)
        self.register_buffer("pe", pe.unsqueeze(0))

    def forward(self, x):
        return self.dropout(x + self.pe[:, :x.size(1)].requires_grad_(False))


def subsequent_mask(size):
    return torch.triu(torch.ones((1, size, size)), diagonal=1).type(torch.uint8) == 0


class LabelSmoothing(nn.Module):
    def __init__(self, size, padding_idx, smoothing=0.0):
        super().__init__()
        self.criterion = nn.KLDivLoss(reduction="sum")
        self.padding_idx, self.confidence, self.smoothing, self.size = padding_idx, 1.0 - smoothing, smoothing, size

    def forward(self, x, target):
        true_dist = x.data.clone()
        true_dist.fill_(self.smoothing / (self.size - 2))
        true_dist.scatter_(1, target.data.unsqueeze(1), self.confidence)
        true_dist[:, self.padding_idx] = 0
        mask = torch.nonzero(target.data == self.padding_idx)
        if mask.dim() > 0:
            true_dist.index_fill_(0, mask.squeeze(), 0.0)
        self.true_dist = true_dist
        return self.criterion(x, true_dist.clone().detach())


def rate(step, model_size, factor, warmup):
    if step == 0:
        step = 1
    return factor * (model_size ** (-0.5) * min(step ** (-0.5), step * warmup ** (-1.5)))


pe = PositionalEncoding(8)
print(pe.pe[0, :3].round(decimals=4), pe(torch.zeros(1, 5, 8)).shape)
print(subsequent_mask(4))
crit = LabelSmoothing(5, 0, 0.4)
predict = torch.FloatTensor([[0, 0.2, 0.7, 0.1, 0], [0, 0.2, 0.7, 0.1, 0], [0, 0.2, 0.7, 0.1, 0]])
print(crit(predict.log(), torch.LongTensor([2, 1, 0])), crit.true_dist)
model = nn.Linear(8, 8)
opt = torch.optim.Adam(model.parameters(), lr=1.0, betas=(0.9, 0.98), eps=1e-9)
sched = torch.optim.lr_scheduler.LambdaLR(opt, lr_lambda=lambda step: rate(step, 8, 1.0, 4))
lrs = []
for step in range(8):
    opt.zero_grad()
    model(torch.randn(2, 8)).pow(2).mean().backward()
    opt.step()
    sched.step()
    lrs.append(round(opt.param_groups[0]["lr"], 6))
print(lrs)
for x in range(1, 5):
    d = x + 3 * 1
    p = torch.FloatTensor([[0, x / d, 1 / d, 1 / d, 1 / d]])
    print(round(crit(p.log(), torch.LongTensor([1])).item(), 5))
