# Batch-hard triplet mining (person re-identification recipes): pairwise distances from torch.cdist and from the
# squared-norm expansion, same-label masks, hardest positive by max and hardest negative by a masked min, a soft
# margin with softplus, and the embedding network trained on it.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
labels = torch.tensor([0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3])
centers = torch.randn(4, 8) * 2
X = centers[labels] + torch.randn(12, 8)


def pairwise_sq(emb):
    dot = emb @ emb.T
    sq = dot.diagonal()
    return (sq.unsqueeze(0) - 2 * dot + sq.unsqueeze(1)).clamp(min=0)


def batch_hard(emb, labels, margin=None):
    d = torch.cdist(emb, emb)
    same = labels.unsqueeze(0) == labels.unsqueeze(1)
    eye = torch.eye(len(labels), dtype=torch.bool)
    hardest_pos = (d * (same & ~eye).float()).max(1).values
    hardest_neg = d.masked_fill(same, float("inf")).min(1).values
    if margin is None:
        return F.softplus(hardest_pos - hardest_neg).mean()
    return F.relu(hardest_pos - hardest_neg + margin).mean()


net = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 4))
opt = torch.optim.Adam(net.parameters(), lr=5e-3)
e = net(X)
print(torch.allclose(pairwise_sq(e), torch.cdist(e, e) ** 2, atol=1e-4))
for it in range(20):
    emb = F.normalize(net(X), dim=1)
    loss = batch_hard(emb, labels, margin=0.3) + 0.5 * batch_hard(emb, labels)
    opt.zero_grad()
    loss.backward()
    opt.step()
    if it % 5 == 0:
        print(it, round(loss.item(), 5))
with torch.no_grad():
    emb = F.normalize(net(X), dim=1)
    d = torch.cdist(emb, emb) + torch.eye(12) * 10
    nn_label = labels[d.argmin(1)]
    print("1-NN acc", (nn_label == labels).float().mean().item())
    print(d.topk(2, largest=False).indices[:4])
