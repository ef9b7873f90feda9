# A tabular model from a fast-ai style notebook: categorical columns through embeddings (sizes by a rule of thumb),
# continuous columns through BatchNorm1d, concatenation, dropout, and training/validation with accuracy.
import torch
import torch.nn as nn

torch.manual_seed(0)
N = 64
cats = torch.stack([torch.randint(0, 5, (N,)), torch.randint(0, 3, (N,)), torch.randint(0, 7, (N,))], dim=1)
conts = torch.randn(N, 4) * torch.tensor([1.0, 10.0, 0.1, 5.0]) + torch.tensor([0.0, 50.0, 1.0, -3.0])
y = ((cats[:, 0] % 2 == 0) ^ (conts[:, 0] > 0)).long()
cardinalities = [5, 3, 7]
emb_sizes = [(c, min(50, (c + 1) // 2)) for c in cardinalities]
print(emb_sizes)


class TabularModel(nn.Module):
    def __init__(self, emb_sizes, n_cont, out_sz, layers, p=0.2):
        super().__init__()
        self.embeds = nn.ModuleList([nn.Embedding(ni, nf) for ni, nf in emb_sizes])
        self.emb_drop = nn.Dropout(p)
        self.bn_cont = nn.BatchNorm1d(n_cont)
        n_in = sum(nf for _, nf in emb_sizes) + n_cont
        seq = []
        for i in layers:
            seq += [nn.Linear(n_in, i), nn.ReLU(inplace=True), nn.BatchNorm1d(i), nn.Dropout(p)]
            n_in = i
        seq.append(nn.Linear(layers[-1], out_sz))
        self.layers = nn.Sequential(*seq)

    def forward(self, x_cat, x_cont):
        x = torch.cat([e(x_cat[:, i]) for i, e in enumerate(self.embeds)], 1)
        x = self.emb_drop(x)
        x = torch.cat([x, self.bn_cont(x_cont)], 1)
        return self.layers(x)


model = TabularModel(emb_sizes, 4, 2, [16, 8])
opt = torch.optim.Adam(model.parameters(), lr=0.01)
tr, va = slice(0, 48), slice(48, 64)
for epoch in range(12):
    model.train()
    loss = nn.functional.cross_entropy(model(cats[tr], conts[tr]), y[tr])
    opt.zero_grad()
    loss.backward()
    opt.step()
    model.eval()
    with torch.no_grad():
        out = model(cats[va], conts[va])
        acc = (out.argmax(1) == y[va]).float().mean()
    if epoch % 3 == 0:
        print(f"epoch {epoch} loss {loss.item():.5f} val acc {acc.item():.4f}")
print(model.bn_cont.running_mean, model.bn_cont.running_var)
print(model)
