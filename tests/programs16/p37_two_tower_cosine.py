"""Embeddings with F.normalize, cosine_similarity, pairwise_distance, triplet and cosine-embedding losses."""
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(2)
enc = nn.Sequential(nn.Linear(4, 6), nn.Tanh(), nn.Linear(6, 3))
a, p, n = torch.randn(5, 4), torch.randn(5, 4), torch.randn(5, 4)
ea, ep, en = (F.normalize(enc(t), dim=1) for t in (a, p, n))
print(ea.norm(dim=1))
print(F.cosine_similarity(ea, ep))
print(F.pairwise_distance(ea, en))
sim = ea @ ep.T
print(sim.shape, sim.diag())
loss = nn.TripletMarginLoss(margin=0.5)(ea, ep, en)
print(loss)
loss.backward()
print(enc[0].weight.grad.shape)
print(F.cosine_embedding_loss(ea, ep, torch.tensor([1, -1, 1, -1, 1])))
print(F.margin_ranking_loss(sim.diag(), torch.zeros(5), torch.ones(5)))
print(nn.CosineSimilarity(dim=0)(torch.tensor([1.0, 0.0]), torch.tensor([1.0, 1.0])))
