# Classical methods in tensor code: k-nearest-neighbour classification with cdist and topk(largest=False),
# a majority vote with mode, kernel density estimation on a meshgrid (indexing='ij'), k-means with argmin
# assignments and scatter-based means, and cosine-similarity retrieval.
import torch

torch.manual_seed(0)
train = torch.cat([torch.randn(10, 2) + 2, torch.randn(10, 2) - 2])
labels = torch.cat([torch.zeros(10, dtype=torch.long), torch.ones(10, dtype=torch.long)])
test = torch.tensor([[1.5, 1.0], [-1.0, -2.5], [0.1, 0.0]])
d = torch.cdist(test, train)
knn = d.topk(5, largest=False)
print(knn.indices, labels[knn.indices].mode(dim=1).values)
xs, ys = torch.meshgrid(torch.linspace(-3, 3, 4), torch.linspace(-3, 3, 3), indexing="ij")
grid = torch.stack([xs.flatten(), ys.flatten()], 1)
density = torch.exp(-torch.cdist(grid, train).pow(2) / (2 * 0.5 ** 2)).mean(1) / (2 * torch.pi * 0.5 ** 2)
print(density.view(4, 3))
centroids = train[torch.tensor([0, 15])].clone()
for it in range(4):
    assign = torch.cdist(train, centroids).argmin(1)
    sums = torch.zeros_like(centroids).index_add_(0, assign, train)
    counts = torch.bincount(assign, minlength=2).clamp(min=1).unsqueeze(1)
    new = sums / counts
    shift = (new - centroids).norm()
    centroids = new
    print(it, f"{shift.item():.6f}", torch.bincount(assign).tolist())
q = torch.nn.functional.normalize(test, dim=1)
db = torch.nn.functional.normalize(train, dim=1)
print((q @ db.T).argmax(1), torch.cdist(test, train, p=1)[0, :3], torch.cdist(test, train, p=float("inf"))[0, :3])
