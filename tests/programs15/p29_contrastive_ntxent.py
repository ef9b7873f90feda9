# A SimCLR-style NT-Xent loss: two augmented views, a projection head, F.normalize, a 2N x 2N similarity
# matrix with the diagonal masked out by fill_diagonal_, positive pairs found by index arithmetic,
# cross_entropy over the rows; triplet and cosine-embedding losses for comparison.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
encoder = nn.Sequential(nn.Linear(8, 16), nn.BatchNorm1d(16), nn.ReLU(), nn.Linear(16, 4))
opt = torch.optim.Adam(encoder.parameters(), lr=3e-3)


def nt_xent(z1, z2, tau=0.5):
    z = F.normalize(torch.cat([z1, z2]), dim=1)
    n = z1.shape[0]
    sim = z @ z.T / tau
    sim.fill_diagonal_(float("-inf"))
    targets = torch.cat([torch.arange(n, 2 * n), torch.arange(0, n)])
    return F.cross_entropy(sim, targets)


data = torch.randn(6, 8)
for step in range(4):
    v1 = data + 0.1 * torch.randn_like(data)
    v2 = data * (torch.rand_like(data) > 0.2)
    loss = nt_xent(encoder(v1), encoder(v2))
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(step, f"{loss.item():.6f}")
a, p, n = torch.randn(4, 5, requires_grad=True), torch.randn(4, 5), torch.randn(4, 5)
trip = nn.TripletMarginLoss(margin=1.0, p=2)(a, p, n)
cos = nn.CosineEmbeddingLoss(margin=0.2)(a, p, torch.tensor([1, -1, 1, -1]))
(trip + cos).backward()
print(f"{trip.item():.6f} {cos.item():.6f}", a.grad[0])
print(F.cosine_similarity(a, p).detach(), F.pairwise_distance(a, n).detach())
