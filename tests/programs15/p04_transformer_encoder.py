# A tiny transformer classifier with nn.TransformerEncoderLayer, sinusoidal positional encoding and a
# key-padding mask, in eval and train mode.
import math
import torch
import torch.nn as nn

torch.manual_seed(0)


class PositionalEncoding(nn.Module):
    def __init__(self, d_model, max_len=50):
        super().__init__()
        position = torch.arange(max_len).unsqueeze(1)
        div_term = torch.exp(torch.arange(0, d_model, 2) * (-math.log(10000.0) / d_model))
        pe = torch.zeros(max_len, 1, d_model)
        pe[:, 0, 0::2] = torch.sin(position * div_term)
        pe[:, 0, 1::2] = torch.cos(position * div_term)
        self.register_buffer("pe", pe)

    def forward(self, x):
        return x + self.pe[:x.size(0)]


class Classifier(nn.Module):
    def __init__(self, vocab=20, d=16, classes=3):
        super().__init__()
        self.emb = nn.Embedding(vocab, d, padding_idx=0)
        self.pos = PositionalEncoding(d)
        layer = nn.TransformerEncoderLayer(d, nhead=4, dim_feedforward=32, dropout=0.0)
        self.encoder = nn.TransformerEncoder(layer, num_layers=2)
        self.fc = nn.Linear(d, classes)

    def forward(self, tokens):                    # tokens: (S, N)
        pad = (tokens == 0).T
        h = self.encoder(self.pos(self.emb(tokens) * math.sqrt(16)), src_key_padding_mask=pad)
        h = h.masked_fill(pad.T.unsqueeze(-1), 0).sum(0) / (~pad).sum(1, keepdim=True)
        return self.fc(h)


model = Classifier()
tokens = torch.randint(1, 20, (6, 3))
tokens[4:, 1] = 0
labels = torch.tensor([0, 2, 1])
opt = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=0.01)
for step in range(4):
    loss = nn.functional.cross_entropy(model(tokens), labels)
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(step, f"{loss.item():.5f}")
model.eval()
with torch.no_grad():
    print(model(tokens).softmax(-1).round(decimals=4))
print(sum(p.numel() for p in model.parameters()))
