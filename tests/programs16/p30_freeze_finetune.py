"""Fine-tuning: freeze a backbone with requires_grad_(False), optimize only the head, check it stayed fixed."""
import torch
import torch.nn as nn

torch.manual_seed(7)
backbone = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 8), nn.ReLU())
head = nn.Linear(8, 2)
model = nn.Sequential(backbone, head)
for p in backbone.parameters():
    p.requires_grad_(False)
trainable = [p for p in model.parameters() if p.requires_grad]
print(len(trainable), sum(p.numel() for p in trainable))
before = backbone[0].weight.clone()
opt = torch.optim.AdamW(filter(lambda p: p.requires_grad, model.parameters()), lr=0.05, weight_decay=0.01)
x, y = torch.randn(16, 4), torch.randint(0, 2, (16,))
for i in range(5):
    opt.zero_grad()
    loss = nn.functional.cross_entropy(model(x), y)
    loss.backward()
    opt.step()
    print(i, round(loss.item(), 5))
print(torch.equal(before, backbone[0].weight), backbone[0].weight.grad, head.weight.grad is not None)
backbone.requires_grad_(True)
print(all(p.requires_grad for p in model.parameters()))
opt.add_param_group({"params": backbone.parameters(), "lr": 1e-3})
print([g["lr"] for g in opt.param_groups], len(opt.param_groups[1]["params"]))
with torch.no_grad():
    feats = backbone(x)
print(feats.requires_grad, head(feats).requires_grad)
