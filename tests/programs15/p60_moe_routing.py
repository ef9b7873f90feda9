# A mixture-of-experts layer with top-2 routing: a gating Linear, softmax, topk over experts, weights
# renormalised, tokens dispatched per expert with nonzero/where and index_add_ back, and the load-balancing
# auxiliary loss from the fraction of tokens and the mean gate probability per expert.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


class MoE(nn.Module):
    def __init__(self, d=6, n_experts=4, k=2):
        super().__init__()
        self.k = k
        self.gate = nn.Linear(d, n_experts, bias=False)
        self.experts = nn.ModuleList([nn.Sequential(nn.Linear(d, 8), nn.SiLU(), nn.Linear(8, d))
                                      for _ in range(n_experts)])

    def forward(self, x):
        probs = F.softmax(self.gate(x), dim=-1)
        topv, topi = probs.topk(self.k, dim=-1)
        topv = topv / topv.sum(-1, keepdim=True)
        out = torch.zeros_like(x)
        for e, expert in enumerate(self.experts):
            tok, slot = torch.where(topi == e)
            if tok.numel() == 0:
                continue
            out.index_add_(0, tok, expert(x[tok]) * topv[tok, slot].unsqueeze(-1))
        frac = F.one_hot(topi[:, 0], probs.size(-1)).float().mean(0)
        aux = probs.size(-1) * (frac * probs.mean(0)).sum()
        return out, aux, topi


moe = MoE()
x = torch.randn(10, 6)
y = torch.randn(10, 6)
opt = torch.optim.Adam(moe.parameters(), lr=1e-2)
for step in range(4):
    out, aux, topi = moe(x)
    loss = F.mse_loss(out, y) + 0.01 * aux
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(step, f"{loss.item():.6f} {aux.item():.6f}", torch.bincount(topi.flatten(), minlength=4).tolist())
print(torch.nonzero(topi == 0).shape, torch.count_nonzero(topi == 1).item(), moe.gate.weight.grad.abs().sum() > 0)
