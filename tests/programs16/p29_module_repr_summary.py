"""Printing a model: repr, extra_repr of a custom layer, a parameter-count summary table."""
import torch
import torch.nn as nn


class Scale(nn.Module):
    def __init__(self, n, init=1.0):
        super().__init__()
        self.n = n
        self.s = nn.Parameter(torch.full((n,), init))

    def extra_repr(self):
        return f"n={self.n}"

    def forward(self, x):
        return x * self.s


model = nn.Sequential(
    nn.Conv2d(1, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(inplace=True), nn.MaxPool2d(2),
    nn.Flatten(), nn.Linear(4 * 4 * 4, 10), Scale(10), nn.Dropout(0.25), nn.LogSoftmax(dim=1))
print(model)
total = 0
for name, p in model.named_parameters():
    total += p.numel()
    print(f"{name:<12} {str(tuple(p.shape)):<16} {p.numel():>6} {p.requires_grad}")
print(f"total {total:,}")
print(model(torch.randn(2, 1, 8, 8)).shape)
print(nn.LSTM(3, 4, num_layers=2, batch_first=True), nn.Embedding(10, 3, padding_idx=0))
print(nn.GRU(2, 3, bidirectional=True), nn.LayerNorm(5), nn.GroupNorm(2, 4))
print(nn.TransformerEncoderLayer(8, 2, 16).self_attn)
print(nn.ModuleList([nn.Identity(), nn.GELU(approximate="tanh")]), nn.Upsample(scale_factor=2))
