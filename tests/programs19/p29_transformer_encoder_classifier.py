# A text classifier on nn.TransformerEncoder (batch_first, norm_first, GELU), a src_key_padding_mask from
# lengths, a learned [CLS] token, generate_square_subsequent_mask, and train/eval outputs.
import torch
import torch.nn as nn

torch.manual_seed(0)
V, D, PAD = 12, 8, 0


class Classifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(V, D, padding_idx=PAD)
        self.cls = nn.Parameter(torch.zeros(1, 1, D))
        self.pos = nn.Parameter(torch.randn(1, 10, D) * 0.02)
        layer = nn.TransformerEncoderLayer(D, nhead=2, dim_feedforward=16, dropout=0.1, activation="gelu",
                                           batch_first=True, norm_first=True)
        self.encoder = nn.TransformerEncoder(layer, num_layers=2, enable_nested_tensor=False)
        self.head = nn.Linear(D, 2)

    def forward(self, tokens):
        B, L = tokens.shape
        x = torch.cat([self.cls.expand(B, -1, -1), self.emb(tokens)], dim=1) + self.pos[:, :L + 1]
        pad = torch.cat([torch.zeros(B, 1, dtype=torch.bool), tokens == PAD], dim=1)
        h = self.encoder(x, src_key_padding_mask=pad)
        return self.head(h[:, 0])


tokens = torch.tensor([[3, 4, 5, 0, 0], [6, 7, 8, 9, 10], [2, 3, 0, 0, 0], [11, 5, 4, 3, 0]])
labels = torch.tensor([0, 1, 0, 1])
model = Classifier()
opt = torch.optim.AdamW(model.parameters(), lr=3e-3)
for epoch in range(6):
    model.train()
    loss = nn.functional.cross_entropy(model(tokens), labels)
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(epoch, round(loss.item(), 5))
model.eval()
with torch.no_grad():
    logits = model(tokens)
    print(logits, logits.argmax(1).tolist())
print(nn.Transformer.generate_square_subsequent_mask(4))
print(sum(p.numel() for p in model.parameters()), len(model.encoder.layers))
