# Linear attention ("transformers are RNNs"): the elu+1 feature map, the non-causal form with einsum, the
# causal form with cumulative sums, and equality with explicit masked attention on the same features.
import torch
import torch.nn.functional as F


def feature_map(x):
    return F.elu(x) + 1


def linear_attention(q, k, v, eps=1e-6):
    q, k = feature_map(q), feature_map(k)
    kv = torch.einsum("nshd,nshm->nhmd", k, v)
    z = 1 / (torch.einsum("nlhd,nhd->nlh", q, k.sum(dim=1)) + eps)
    return torch.einsum("nlhd,nhmd,nlh->nlhm", q, kv, z)


def causal_linear_attention(q, k, v, eps=1e-6):
    q, k = feature_map(q), feature_map(k)
    kv = torch.einsum("nlhd,nlhm->nlhdm", k, v).cumsum(1)
    z = 1 / (torch.einsum("nlhd,nlhd->nlh", q, k.cumsum(1)) + eps)
    return torch.einsum("nlhd,nlhdm,nlh->nlhm", q, kv, z)


torch.manual_seed(0)
N, L, Hh, D = 2, 5, 2, 3
q = torch.randn(N, L, Hh, D, requires_grad=True)
k, v = torch.randn(N, L, Hh, D), torch.randn(N, L, Hh, D)
out = linear_attention(q, k, v)
print(out.shape, out[0, 0])
sim = torch.einsum("nlhd,nshd->nhls", feature_map(q), feature_map(k))
ref = torch.einsum("nhls,nshd->nlhd", sim / sim.sum(-1, keepdim=True), v)
print(torch.allclose(out, ref, atol=1e-5))
cout = causal_linear_attention(q, k, v)
mask = torch.tril(torch.ones(L, L, dtype=torch.bool))
csim = sim.masked_fill(~mask, 0.0)
cref = torch.einsum("nhls,nshd->nlhd", csim / csim.sum(-1, keepdim=True), v)
print(torch.allclose(cout, cref, atol=1e-5), cout[1, -1])
(cout * torch.linspace(-1, 1, D)).sum().backward()
print(q.grad[0, :2])
