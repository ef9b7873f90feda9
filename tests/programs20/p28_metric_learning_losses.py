# Ranking and metric-learning losses beyond the basics: TripletMarginWithDistanceLoss with a cosine distance and
# swap=True, MultiMarginLoss with p=2, margin and class weights, MultiLabelMarginLoss's -1-terminated targets,
# SoftMarginLoss, CosineEmbeddingLoss and MarginRankingLoss, trained a few steps.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
emb = nn.Sequential(nn.Linear(6, 16), nn.ReLU(), nn.Linear(16, 4))
cos_dist = lambda a, b: 1.0 - F.cosine_similarity(a, b)
trip = nn.TripletMarginWithDistanceLoss(distance_function=cos_dist, margin=0.3, swap=True)
anchor = torch.randn(10, 6)
positive = anchor + 0.1 * torch.randn(10, 6)
negative = torch.randn(10, 6)
opt = torch.optim.SGD(emb.parameters(), lr=0.1)
for step in range(6):
    loss = trip(emb(anchor), emb(positive), emb(negative))
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(step, round(loss.item(), 5))
plain = nn.TripletMarginWithDistanceLoss()(anchor, positive, negative)
print(round(plain.item(), 5), round(nn.TripletMarginLoss()(anchor, positive, negative).item(), 5))
scores = torch.tensor([[0.1, 0.2, 0.4, 0.8], [0.9, 0.1, -0.3, 0.2]], requires_grad=True)
target = torch.tensor([3, 0])
for kw in ({}, {"p": 2}, {"margin": 0.5, "weight": torch.tensor([1.0, 2.0, 1.0, 0.5])}):
    l = nn.MultiMarginLoss(**kw)(scores, target)
    g, = torch.autograd.grad(l, scores)
    print("multimargin", round(l.item(), 5), g.round(decimals=4).tolist())
ml_target = torch.tensor([[3, 0, -1, 1], [1, 2, 3, -1]])
l = nn.MultiLabelMarginLoss()(scores, ml_target)
g, = torch.autograd.grad(l, scores)
print("multilabel margin", round(l.item(), 5), g.round(decimals=4).tolist())
print(nn.MultiLabelMarginLoss(reduction="none")(scores, ml_target).round(decimals=4))
print(nn.SoftMarginLoss()(scores, torch.tensor([[1.0, -1, 1, -1], [-1, 1, 1, -1]])).item())
a, b = torch.randn(4, 5), torch.randn(4, 5)
print(nn.CosineEmbeddingLoss(margin=0.2)(a, b, torch.tensor([1, -1, 1, -1])).item())
print(nn.MarginRankingLoss(margin=0.1, reduction="sum")(a[:, 0], b[:, 0], torch.tensor([1.0, -1.0, 1.0, 1.0])).item())
