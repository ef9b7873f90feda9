# Serving a sentence classifier built on nn.TransformerEncoder (batch_first): training-mode outputs, then eval under
# torch.no_grad with a right-padded src_key_padding_mask (torch's inference path returns zeros -- the final norm's
# bias -- at padded positions), masked mean pooling, and the stack's use_nested_tensor flag for other layer settings.
import torch
import torch.nn as nn

torch.manual_seed(0)


class SentenceClassifier(nn.Module):
    def __init__(self, vocab=20, d=8, heads=2, classes=3):
        super().__init__()
        self.emb = nn.Embedding(vocab, d, padding_idx=0)
        layer = nn.TransformerEncoderLayer(d, heads, dim_feedforward=16, dropout=0.1, batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, num_layers=2, norm=nn.LayerNorm(d))
        self.head = nn.Linear(d, classes)

    def forward(self, ids):
        pad = ids == 0
        h = self.encoder(self.emb(ids), src_key_padding_mask=pad)
        keep = (~pad).unsqueeze(-1).float()
        pooled = (h * keep).sum(1) / keep.sum(1)
        return self.head(pooled), h


model = SentenceClassifier()
with torch.no_grad():
    model.encoder.norm.bias.copy_(torch.linspace(-0.4, 0.3, 8))
ids = torch.tensor([[5, 3, 9, 0, 0], [7, 2, 4, 4, 1], [6, 0, 0, 0, 0]])
enc = model.encoder
print(enc.use_nested_tensor, enc.enable_nested_tensor, enc.layers[0].activation_relu_or_gelu)
model.eval()
logits, h = model(ids)
print(h.requires_grad, h[0, 3])
with torch.no_grad():
    logits, h = model(ids)
print(h[0, 3], h[2, 1:3].abs().sum(-1))
print(logits.softmax(-1))
with torch.inference_mode():
    _, h_left = model(torch.tensor([[0, 5, 3, 9, 1]]))
print(h_left[0, 0])
for kw in [dict(batch_first=False), dict(batch_first=True, norm_first=True), dict(batch_first=True, nhead=1),
           dict(batch_first=True, activation="gelu")]:
    heads = kw.pop("nhead", 2)
    enc = nn.TransformerEncoder(nn.TransformerEncoderLayer(8, heads, 16, **kw), 1)
    print(kw, heads, enc.use_nested_tensor)
