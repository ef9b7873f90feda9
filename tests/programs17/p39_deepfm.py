# DeepFM for click-through prediction: field embeddings, the factorization-machine second-order term with the
# sum-square trick, a deep tower, BCEWithLogitsLoss with pos_weight, SparseAdam for the embeddings, AUC by ranks.
import torch
import torch.nn as nn

torch.manual_seed(0)
field_dims = [4, 3, 5]
offsets = torch.tensor([0, 4, 7])


class DeepFM(nn.Module):
    def __init__(self, k=4):
        super().__init__()
        n = sum(field_dims)
        self.linear = nn.Embedding(n, 1, sparse=True)
        self.emb = nn.Embedding(n, k, sparse=True)
        self.bias = nn.Parameter(torch.zeros(1))
        self.mlp = nn.Sequential(nn.Linear(3 * k, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Linear(8, 1))

    def forward(self, x):
        x = x + offsets
        e = self.emb(x)
        square_of_sum = e.sum(dim=1) ** 2
        sum_of_square = (e ** 2).sum(dim=1)
        fm = 0.5 * (square_of_sum - sum_of_square).sum(1, keepdim=True)
        return (self.bias + self.linear(x).sum(1) + fm + self.mlp(e.view(len(x), -1))).squeeze(1)


model = DeepFM()
x = torch.stack([torch.randint(0, d, (12,)) for d in field_dims], 1)
y = (torch.rand(12) < 0.3).float()
sparse = [model.linear.weight, model.emb.weight]
dense = [p for n, p in model.named_parameters() if "emb" not in n and "linear.weight" != n]
opt_s, opt_d = torch.optim.SparseAdam(sparse, lr=0.01), torch.optim.Adam(dense, lr=0.01)
crit = nn.BCEWithLogitsLoss(pos_weight=torch.tensor([2.0]))
for epoch in range(3):
    logits = model(x)
    loss = crit(logits, y)
    opt_s.zero_grad()
    opt_d.zero_grad()
    loss.backward()
    opt_s.step()
    opt_d.step()
    print(epoch, f"{loss.item():.5f}", tuple(model.emb.weight.grad.shape))
scores = logits.detach()
ranks = scores.argsort().argsort().float() + 1
n_pos, n_neg = y.sum(), (1 - y).sum()
auc = (ranks[y == 1].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)
print(f"AUC {auc.item():.4f}", torch.sigmoid(scores[:4]))
