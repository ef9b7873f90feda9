"""nn.functional.one_hot, torch.cdist + topk k-NN classification with a majority vote."""
import torch
import torch.nn.functional as F

torch.manual_seed(3)
train = torch.cat([torch.randn(10, 2) + 2, torch.randn(10, 2) - 2])
labels = torch.cat([torch.zeros(10, dtype=torch.long), torch.ones(10, dtype=torch.long)])
test = torch.tensor([[2.0, 2.0], [-2.0, -1.5], [0.1, 0.0]])
d = torch.cdist(test, train)
print(d.shape, d.dtype)
vals, idx = d.topk(3, dim=1, largest=False)
print(vals, idx)
votes = F.one_hot(labels[idx], num_classes=2).sum(1)
print(votes, votes.argmax(1))
print(F.one_hot(torch.tensor([0, 2, 1])), F.one_hot(torch.tensor([[1], [0]]), 3).shape)
print(torch.cdist(test, test, p=1))
print(torch.topk(torch.tensor([1.0, 5.0, 3.0, 4.0]), 2))
v, i = torch.tensor([[3, 1, 2], [0, 9, 8]]).topk(1)
print(v, i)
print(torch.mode(labels[idx], dim=1))
print(torch.kthvalue(torch.tensor([4.0, 1.0, 3.0]), 2))
