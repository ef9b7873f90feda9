# Deduplication and ordering utilities in preprocessing: unique (sorted, return_inverse, return_counts, dim=0
# on rows), unique_consecutive, sort(stable=True) and argsort(stable=True) with ties, descending order, topk on
# ties, and using the inverse indices to aggregate.
import torch

tags = torch.tensor([5, 3, 5, 1, 3, 3, 9])
u, inv, cnt = torch.unique(tags, return_inverse=True, return_counts=True)
print(u, inv, cnt)
print(torch.zeros(len(u)).index_add_(0, inv, torch.arange(7.0)), u[inv].equal(tags))
rows = torch.tensor([[1, 2], [3, 4], [1, 2], [0, 9], [3, 4]])
ur, rinv, rcnt = torch.unique(rows, dim=0, return_inverse=True, return_counts=True)
print(ur, rinv, rcnt)
print(torch.unique(torch.tensor([[1, 3], [1, 2]]), dim=1))
print(torch.unique_consecutive(torch.tensor([1, 1, 2, 2, 2, 1, 3, 3]), return_counts=True, return_inverse=True))
scores = torch.tensor([0.5, 0.2, 0.5, 0.9, 0.2, 0.5])
print(torch.sort(scores, stable=True), torch.argsort(scores, stable=True, descending=True))
print(scores.sort(descending=True, stable=True).indices, scores.argsort(stable=True))
m = torch.tensor([[3, 1, 3], [2, 2, 1]])
print(torch.sort(m, dim=0, stable=True), torch.sort(m, dim=1, descending=True, stable=True).indices)
print(torch.unique(torch.tensor([2.0, float("nan"), 1.0, 2.0])), torch.unique(torch.tensor([3, 1, 2]), sorted=True))
words = ["b", "a", "c", "a", "b", "a"]
vocab = sorted(set(words))
ids = torch.tensor([vocab.index(w) for w in words])
counts = torch.bincount(ids, minlength=len(vocab))
order = torch.argsort(counts, descending=True, stable=True)
print([vocab[i] for i in order.tolist()], counts[order].tolist())
print(torch.msort(torch.tensor([[3, 1], [2, 5]])), torch.tensor([True, False, True]).sort())
