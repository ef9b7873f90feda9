# The text-classification tutorial's model: EmbeddingBag in mean mode over a flat token tensor with offsets,
# a linear head with init_weights, SGD with StepLR, gradient clipping, accuracy computed per batch.
import torch
from torch import nn

torch.manual_seed(0)


class TextClassificationModel(nn.Module):
    def __init__(self, vocab_size, embed_dim, num_class):
        super().__init__()
        self.embedding = nn.EmbeddingBag(vocab_size, embed_dim, sparse=False)
        self.fc = nn.Linear(embed_dim, num_class)
        self.init_weights()

    def init_weights(self):
        initrange = 0.5
        self.embedding.weight.data.uniform_(-initrange, initrange)
        self.fc.weight.data.uniform_(-initrange, initrange)
        self.fc.bias.data.zero_()

    def forward(self, text, offsets):
        return self.fc(self.embedding(text, offsets))


docs = [[1, 4, 5], [2, 2], [7, 3, 1, 9], [8], [6, 5, 4, 3, 2]]
labels = torch.tensor([0, 1, 2, 1, 0])
text = torch.cat([torch.tensor(d) for d in docs])
offsets = torch.tensor([0] + [len(d) for d in docs[:-1]]).cumsum(dim=0)
model = TextClassificationModel(10, 6, 3)
criterion = torch.nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=5)
scheduler = torch.optim.lr_scheduler.StepLR(optimizer, 1.0, gamma=0.1)
for epoch in range(3):
    optimizer.zero_grad()
    predicted_label = model(text, offsets)
    loss = criterion(predicted_label, labels)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 0.1)
    optimizer.step()
    acc = (predicted_label.argmax(1) == labels).sum().item() / labels.size(0)
    scheduler.step()
    print(f"| epoch {epoch} | loss {loss.item():.5f} | accuracy {acc:.3f} | lr {scheduler.get_last_lr()[0]:.4f}")
bag = nn.EmbeddingBag(10, 3, mode="sum")
w = torch.rand(len(text))
print(bag(text, offsets, per_sample_weights=w).shape, nn.EmbeddingBag(10, 2, mode="max")(text.view(-1, 1)).shape)
