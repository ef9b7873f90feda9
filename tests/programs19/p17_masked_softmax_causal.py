# Masked softmax the ways tutorials write it: masked_fill with -inf and -1e9, a causal mask from torch.tril,
# fully masked rows (NaN with -inf, uniform with -1e9) repaired with nan_to_num, and gradients through the mask.
import torch
import torch.nn.functional as F

torch.manual_seed(0)
T = 4
scores = torch.randn(2, T, T, requires_grad=True)
causal = torch.tril(torch.ones(T, T)).bool()
att = scores.masked_fill(~causal, float("-inf")).softmax(dim=-1)
print(att[0].round(decimals=4))
lengths = torch.tensor([3, 1])
key_mask = torch.arange(T)[None, :] < lengths[:, None]
print(key_mask)
m = scores.masked_fill(~key_mask[:, None, :], -1e9)
print(F.softmax(m, dim=-1)[1].round(decimals=4))
full = torch.zeros(2, T, dtype=torch.bool)
full[0, :2] = True
inf_rows = torch.randn(2, T).masked_fill(~full, float("-inf")).softmax(-1)
print(inf_rows, torch.nan_to_num(inf_rows, nan=0.0))
both = scores.masked_fill(~causal, float("-inf")).masked_fill(~key_mask[:, None, :], float("-inf"))
w = torch.softmax(both, -1)
w = torch.where(torch.isnan(w), torch.zeros_like(w), w)
v = torch.randn(2, T, 3)
out = w @ v
out.sum().backward()
print(out[1], scores.grad[0])
print(torch.masked_fill(torch.arange(6.).view(2, 3), torch.tensor([True, False, True]), 0.5))
x = torch.randn(5, requires_grad=True)
mask = torch.tensor([1, 0, 1, 1, 0]).bool()
mean = (x * mask).sum() / mask.sum()
mean.backward()
print(mean.item(), x.grad)
print(F.log_softmax(torch.tensor([0.0, float("-inf"), 1.0]), 0))
