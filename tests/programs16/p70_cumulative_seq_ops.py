"""Sequence statistics: cumsum/cumprod/cummax, diff, sorting (stable), argsort, unique_consecutive, chunk/unbind."""
import torch

r = torch.tensor([1.0, 0.0, 0.0, 1.0, 1.0])
gamma = 0.9
disc = torch.zeros_like(r)
running = 0.0
for t in reversed(range(len(r))):
    running = r[t] + gamma * running
    disc[t] = running
print(disc)
print(torch.cumsum(r, 0), torch.cumprod(torch.tensor([1.0, 2.0, 3.0]), 0), torch.cummax(torch.tensor([1, 3, 2, 5]), 0))
print(torch.diff(torch.tensor([1, 4, 9, 16])), torch.diff(torch.tensor([1.0, 2.0]), prepend=torch.tensor([0.0])))
v = torch.tensor([3, 1, 2, 1, 3])
print(torch.sort(v, stable=True), v.argsort(descending=True, stable=True), torch.sort(v, descending=True).values)
print(torch.unique_consecutive(torch.tensor([1, 1, 2, 2, 1]), return_counts=True), torch.unique(v, sorted=True, return_inverse=True))
print(torch.arange(7).chunk(3), torch.arange(6).view(2, 3).unbind(1), torch.arange(5).split([2, 3]))
print(torch.flip(torch.arange(4), [0]), torch.logcumsumexp(torch.zeros(3), 0), torch.cummin(torch.tensor([3, 1, 2]), 0).indices)
print(torch.tensor([[2, 1], [0, 5]]).sort(dim=0), torch.msort(torch.tensor([3.0, 1.0])), torch.argmax(torch.tensor([1, 3, 3])))
