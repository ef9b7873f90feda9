# Beam search bookkeeping with take_along_dim / gather: scores of shape (batch, beam, vocab) are flattened, topk
# picks (beam, token) pairs, and each beam's history is reordered with take_along_dim.
import torch

torch.manual_seed(0)
B, K, V, T = 2, 3, 6, 4
logit_table = torch.randn(T, V, V)        # next-token logits given the previous token


def step_logits(prev, t):
    return logit_table[t][prev]           # (B, K, V)


scores = torch.zeros(B, K)
scores[:, 1:] = float("-inf")
tokens = torch.zeros(B, K, 1, dtype=torch.long)
for t in range(T):
    logp = step_logits(tokens[:, :, -1], t).log_softmax(-1)
    cand = (scores.unsqueeze(-1) + logp).view(B, K * V)
    top, flat = cand.topk(K, dim=1)
    beam, tok = flat // V, flat % V
    tokens = torch.cat([torch.take_along_dim(tokens, beam.unsqueeze(-1), dim=1), tok.unsqueeze(-1)], dim=-1)
    scores = top
    print(t, beam.tolist(), tok.tolist(), [[round(s, 4) for s in row] for row in scores.tolist()])
print(tokens)
best = scores.argmax(1, keepdim=True)
print(torch.take_along_dim(tokens, best.unsqueeze(-1), dim=1).squeeze(1))
x = torch.tensor([[10, 30, 20], [60, 40, 50]])
idx = torch.argsort(x, dim=1)
print(torch.take_along_dim(x, idx, dim=1), torch.take_along_dim(x, torch.tensor([[0], [2]]), dim=1))
print(torch.take_along_dim(x, torch.argmax(x)), torch.take_along_dim(x, x.argmin(0, keepdim=True), 0))
v = torch.randn(2, 3, requires_grad=True)
torch.take_along_dim(v, torch.tensor([[2, 2], [0, 1]]), 1).sum().backward()
print(v.grad)
