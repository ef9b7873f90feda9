# A fastText-style classifier on variable-length token lists: nn.EmbeddingBag with a flat input plus offsets,
# include_last_offset, per_sample_weights (mode='sum'), mode='max', padding_idx, and trained on toy sentences.
import torch
import torch.nn as nn

torch.manual_seed(0)
sentences = [([1, 4, 5], 0), ([2, 3], 1), ([1, 5, 5, 4], 0), ([3, 2, 6], 1), ([4], 0), ([6, 3], 1)]
flat = torch.tensor([t for s, _ in sentences for t in s])
offsets = torch.tensor([0] + [len(s) for s, _ in sentences[:-1]]).cumsum(0)
labels = torch.tensor([l for _, l in sentences])
print(flat.tolist(), offsets.tolist())
bag = nn.EmbeddingBag(7, 4, mode="mean")
print(bag(flat, offsets).shape)
bag_last = nn.EmbeddingBag(7, 4, mode="sum", include_last_offset=True)
bag_last.weight.data.copy_(bag.weight.data)
full_offsets = torch.cat([offsets, torch.tensor([len(flat)])])
print(torch.allclose(bag_last(flat, full_offsets), nn.functional.embedding_bag(flat, bag.weight, offsets, mode="sum")))
weights = torch.linspace(0.5, 1.5, len(flat))
wsum = nn.functional.embedding_bag(flat, bag.weight, offsets, mode="sum", per_sample_weights=weights)
print(wsum[1].round(decimals=4), (bag.weight[2] * weights[3] + bag.weight[3] * weights[4]).round(decimals=4))
mx = nn.EmbeddingBag(7, 4, mode="max")
print(mx(torch.tensor([[1, 2], [3, 3]])).shape)
padded = nn.EmbeddingBag(7, 4, mode="mean", padding_idx=0)
print(padded(torch.tensor([[1, 0, 0], [2, 3, 0]]))[0].allclose(padded.weight[1]))


class FastText(nn.Module):
    def __init__(self):
        super().__init__()
        self.bag = nn.EmbeddingBag(7, 8, mode="mean")
        self.fc = nn.Linear(8, 2)

    def forward(self, text, offsets):
        return self.fc(self.bag(text, offsets))


model = FastText()
opt = torch.optim.SGD(model.parameters(), lr=1.0)
for epoch in range(8):
    logits = model(flat, offsets)
    loss = nn.functional.cross_entropy(logits, labels)
    opt.zero_grad()
    loss.backward()
    opt.step()
    acc = (logits.argmax(1) == labels).float().mean().item()
    print(f"epoch {epoch} loss {loss.item():.4f} acc {acc:.2f}")
print(model.bag.weight.grad[0].abs().sum().item(), model.bag.weight.grad[1].abs().sum().item() > 0)
