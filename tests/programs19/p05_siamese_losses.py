# A siamese network trained with the contrastive (margin) loss on pairs, then the same embeddings scored with
# nn.TripletMarginLoss, nn.CosineEmbeddingLoss, F.pairwise_distance and F.cosine_similarity.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


class SiameseNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(6, 16), nn.ReLU(), nn.Linear(16, 4))

    def forward_once(self, x):
        return self.net(x)

    def forward(self, a, b):
        return self.forward_once(a), self.forward_once(b)


class ContrastiveLoss(nn.Module):
    def __init__(self, margin=2.0):
        super().__init__()
        self.margin = margin

    def forward(self, o1, o2, label):
        d = F.pairwise_distance(o1, o2, keepdim=True)
        return torch.mean((1 - label) * d.pow(2) + label * torch.clamp(self.margin - d, min=0.0).pow(2))


centers = torch.randn(3, 6) * 2
cls = torch.randint(0, 3, (40,))
X = centers[cls] + 0.3 * torch.randn(40, 6)
net, crit = SiameseNet(), ContrastiveLoss()
opt = torch.optim.Adam(net.parameters(), lr=5e-3)
for epoch in range(25):
    i, j = torch.randint(0, 40, (16,)), torch.randint(0, 40, (16,))
    label = (cls[i] != cls[j]).float().unsqueeze(1)
    o1, o2 = net(X[i], X[j])
    loss = crit(o1, o2, label)
    opt.zero_grad()
    loss.backward()
    opt.step()
    if epoch % 8 == 0:
        print(epoch, f"{loss.item():.5f}")

with torch.no_grad():
    emb = net.forward_once(X)
    a, p, n = emb[0:1].expand(3, -1), emb[(cls == cls[0]).nonzero()[1:4, 0]], emb[(cls != cls[0]).nonzero()[:3, 0]]
    print("triplet", nn.TripletMarginLoss(margin=1.0, p=2)(a, p, n).item())
    print("triplet swap", nn.TripletMarginLoss(margin=1.0, swap=True)(a, p, n).item())
    y = torch.tensor([1.0, 1.0, -1.0])
    print("cosine emb", nn.CosineEmbeddingLoss(margin=0.1)(a, torch.cat([p[:2], n[:1]]), y).item())
    print("cos sim", F.cosine_similarity(emb[:4], emb[4:8]).tolist())
    print("dist", torch.cdist(emb[:3], emb[3:6]))
