# Multi-modal datasets: StackDataset zips datasets into tuples or dicts, DataLoader's default collate turns a
# dict of samples into a dict of batches; a small two-input model trains from those dict batches.
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, StackDataset, TensorDataset

torch.manual_seed(0)
n = 24
img = torch.linspace(-1, 1, n * 4).view(n, 4)
txt = (torch.arange(n * 3) % 7).view(n, 3)
label = (img.sum(1) > 0).long()
ds = StackDataset(image=TensorDataset(img), text=txt, label=label)
print(len(ds), sorted(ds[0].keys()), ds[3]["label"].item())
tds = StackDataset(img, label)
print(type(tds[0]).__name__, tds[0][1])


class TwoTower(nn.Module):
    def __init__(self):
        super().__init__()
        self.img = nn.Linear(4, 8)
        self.emb = nn.EmbeddingBag(7, 8, mode="mean")
        self.head = nn.Linear(16, 2)

    def forward(self, image, text):
        return self.head(torch.cat([torch.relu(self.img(image)), self.emb(text)], dim=1))


model = TwoTower()
opt = torch.optim.SGD(model.parameters(), lr=0.3, momentum=0.9)
loader = DataLoader(ds, batch_size=8, shuffle=True)
for epoch in range(4):
    total, correct = 0.0, 0
    for batch in loader:
        (image,) = batch["image"]
        logits = model(image, batch["text"])
        loss = nn.functional.cross_entropy(logits, batch["label"])
        opt.zero_grad()
        loss.backward()
        opt.step()
        total += loss.item() * len(batch["label"])
        correct += (logits.argmax(1) == batch["label"]).sum().item()
    print(f"epoch {epoch} loss {total / n:.4f} acc {correct}/{n}")
first = next(iter(DataLoader(ds, batch_size=3)))
print({k: (v.shape if torch.is_tensor(v) else [t.shape for t in v]) for k, v in first.items()})
