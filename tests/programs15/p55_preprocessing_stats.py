# Data preprocessing with torch ops: standardisation with mean/std(unbiased) and var_mean, min-max scaling with
# aminmax, quantile/nanquantile/median/mode/kthvalue, histc and bincount, bucketize and searchsorted for
# binning, unique (counts, inverse) and unique_consecutive, sort(stable) and argsort, cummax/logcumsumexp.
import torch

torch.manual_seed(0)
data = torch.randn(8, 3) * torch.tensor([1.0, 10.0, 0.1]) + torch.tensor([0.0, 5.0, -1.0])
mu, sd = data.mean(0), data.std(0)
print(((data - mu) / sd).std(0, unbiased=False), torch.var_mean(data, dim=0, correction=0))
lo, hi = torch.aminmax(data, dim=0)
print((data - lo) / (hi - lo))
v = torch.tensor([3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0, float("nan")])
print(torch.quantile(v[:-1], torch.tensor([0.25, 0.5, 0.9])), torch.nanquantile(v, 0.5), v[:-1].median())
print(torch.quantile(v[:-1], 0.3, interpolation="nearest"), torch.quantile(v[:-1], 0.3, interpolation="midpoint"))
ints = torch.tensor([2, 7, 2, 1, 7, 7, 3])
print(ints.mode(), ints.kthvalue(3), torch.bincount(ints), torch.histc(v[:-1], bins=4, min=0, max=10))
edges = torch.tensor([1.0, 3.0, 5.0])
print(torch.bucketize(v[:-1], edges), torch.bucketize(v[:-1], edges, right=True),
      torch.searchsorted(edges, torch.tensor([0.5, 3.0, 7.0]), side="right"))
u, inv, cnt = torch.unique(ints, sorted=True, return_inverse=True, return_counts=True)
print(u, inv, cnt, torch.unique_consecutive(torch.tensor([1, 1, 2, 2, 2, 1, 3]), return_counts=True))
vals, idx = torch.sort(torch.tensor([2, 1, 2, 1, 0]), stable=True)
print(vals, idx, torch.argsort(v[:-1], descending=True), torch.cummax(v[:-1], 0))
print(torch.logcumsumexp(v[:4], 0), torch.cumprod(v[:4], 0), torch.diff(v[:5]), torch.nansum(v), torch.nanmean(v))
print(torch.corrcoef(data.T)[0], torch.topk(v[:-1], 2, largest=False), torch.clamp(data[0], min=-0.5, max=5.0))
