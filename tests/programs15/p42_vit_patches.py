# A Vision-Transformer front end: patches by Conv2d with stride = kernel and by F.unfold (compared), a class
# token and learned position embeddings concatenated/added, a pre-norm encoder layer, and print(model) of
# the module tree; nn.Fold puts patches back.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


class PatchEmbed(nn.Module):
    def __init__(self, img=8, patch=4, chans=3, dim=12):
        super().__init__()
        self.proj = nn.Conv2d(chans, dim, kernel_size=patch, stride=patch)
        self.cls = nn.Parameter(torch.zeros(1, 1, dim))
        self.pos = nn.Parameter(torch.randn(1, (img // patch) ** 2 + 1, dim) * 0.02)

    def forward(self, x):
        x = self.proj(x).flatten(2).transpose(1, 2)
        cls = self.cls.expand(x.shape[0], -1, -1)
        return torch.cat((cls, x), dim=1) + self.pos


class ViT(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = PatchEmbed()
        self.block = nn.TransformerEncoderLayer(12, 3, 24, dropout=0.0, activation="gelu", batch_first=True,
                                                norm_first=True)
        self.head = nn.Sequential(nn.LayerNorm(12), nn.Linear(12, 4))

    def forward(self, x):
        return self.head(self.block(self.embed(x))[:, 0])


model = ViT()
print(model)
img = torch.randn(2, 3, 8, 8)
cols = F.unfold(img, kernel_size=4, stride=4)                  # (N, C*16, L)
manual = (model.embed.proj.weight.view(12, -1) @ cols + model.embed.proj.bias[:, None]).transpose(1, 2)
print(torch.allclose(manual, model.embed.proj(img).flatten(2).transpose(1, 2), atol=1e-5), cols.shape)
print(torch.equal(nn.Fold(output_size=(8, 8), kernel_size=4, stride=4)(cols), img))
logits = model(img)
nn.functional.cross_entropy(logits, torch.tensor([1, 3])).backward()
print(logits, model.embed.cls.grad.norm())
print(sum(p.numel() for p in model.parameters() if p.requires_grad))
