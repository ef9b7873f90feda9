# t-SNE's core by hand: perplexity-calibrated conditional probabilities by binary search on beta, symmetrised P,
# the Student-t Q from pairwise squared distances, the KL cost and its gradient via autograd, a few updates.
import torch

torch.manual_seed(0)
X = torch.cat([torch.randn(6, 4), torch.randn(6, 4) + 4])
n = X.shape[0]
D = torch.cdist(X, X) ** 2


def cond_probs(D, perplexity=3.0, iters=30):
    P = torch.zeros_like(D)
    target = torch.log(torch.tensor(perplexity))
    for i in range(D.shape[0]):
        lo, hi, beta = torch.tensor(0.0), torch.tensor(float("inf")), torch.tensor(1.0)
        d = torch.cat([D[i, :i], D[i, i + 1:]])
        for _ in range(iters):
            p = torch.exp(-d * beta)
            p = p / p.sum()
            H = -(p * torch.log(p + 1e-12)).sum()
            if H > target:
                lo = beta
                beta = beta * 2 if torch.isinf(hi) else (beta + hi) / 2
            else:
                hi = beta
                beta = (beta + lo) / 2
        P[i, torch.arange(n) != i] = p
    return P


P = cond_probs(D)
P = (P + P.T) / (2 * n)
print(P.sum(), P[0, :4])
Y = (torch.randn(n, 2) * 1e-2).requires_grad_()
opt = torch.optim.SGD([Y], lr=50.0, momentum=0.5)
for it in range(5):
    num = 1.0 / (1.0 + torch.cdist(Y, Y) ** 2)
    num = num * (1 - torch.eye(n))
    Q = num / num.sum()
    kl = (P * torch.log((P + 1e-12) / (Q + 1e-12))).sum()
    opt.zero_grad()
    kl.backward()
    opt.step()
    print(f"iter {it}: KL {kl.item():.6f}")
print(Y.grad.norm() > 0, Y.detach()[:2].shape)
