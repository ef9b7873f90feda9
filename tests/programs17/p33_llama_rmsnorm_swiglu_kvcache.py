# A LLaMA-style block: RMSNorm, SwiGLU feed-forward, causal attention with F.scaled_dot_product_attention,
# and greedy generation with a key/value cache that must give the logits of the full forward pass.
import torch
import torch.nn as nn
import torch.nn.functional as F


class RMSNorm(nn.Module):
    def __init__(self, dim, eps=1e-6):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(dim))

    def _norm(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps)

    def forward(self, x):
        return self._norm(x.float()).type_as(x) * self.weight


class Block(nn.Module):
    def __init__(self, d=8, h=2):
        super().__init__()
        self.h = h
        self.wqkv = nn.Linear(d, 3 * d, bias=False)
        self.wo = nn.Linear(d, d, bias=False)
        self.w1, self.w3 = nn.Linear(d, 12, bias=False), nn.Linear(d, 12, bias=False)
        self.w2 = nn.Linear(12, d, bias=False)
        self.n1, self.n2 = RMSNorm(d), RMSNorm(d)

    def forward(self, x, cache=None):
        B, T, C = x.shape
        q, k, v = self.wqkv(self.n1(x)).split(C, dim=2)
        q, k, v = (t.view(B, T, self.h, C // self.h).transpose(1, 2) for t in (q, k, v))
        if cache is not None:
            if "k" in cache:
                k, v = torch.cat([cache["k"], k], 2), torch.cat([cache["v"], v], 2)
            cache["k"], cache["v"] = k, v
        y = F.scaled_dot_product_attention(q, k, v, is_causal=cache is None or T > 1)
        x = x + self.wo(y.transpose(1, 2).contiguous().view(B, T, C))
        h = self.n2(x)
        return x + self.w2(F.silu(self.w1(h)) * self.w3(h))


torch.manual_seed(0)
emb, blk, head = nn.Embedding(10, 8), Block(), nn.Linear(8, 10, bias=False)
idx = torch.tensor([[1, 4, 2]])
with torch.no_grad():
    cache = {}
    logits = head(blk(emb(idx), cache))
    out = idx
    for _ in range(4):
        nxt = logits[:, -1].argmax(-1, keepdim=True)
        out = torch.cat([out, nxt], 1)
        logits = head(blk(emb(nxt), cache))
    full = head(blk(emb(out[:, :-1])))
print(out, cache["k"].shape)
print(torch.allclose(full[:, -1], logits[:, -1], atol=1e-5), logits[0, -1])
loss = F.cross_entropy(head(blk(emb(out[:, :-1]))).view(-1, 10), out[:, 1:].reshape(-1))
loss.backward()
print(f"{loss.item():.5f}", blk.n1.weight.grad, blk.w3.weight.grad.norm())
