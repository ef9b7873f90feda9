# Regression and ranking losses from a losses cheat-sheet: heteroscedastic GaussianNLLLoss (full and
# per-feature var), PoissonNLLLoss (log_input both ways, full), HuberLoss vs SmoothL1Loss, a focal loss by
# hand, MultiLabelSoftMarginLoss, MarginRankingLoss, HingeEmbeddingLoss, MultiMarginLoss, SoftMarginLoss.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
mean = torch.randn(6, 2, requires_grad=True)
log_var = torch.zeros(6, 2, requires_grad=True)
target = torch.randn(6, 2)
gnll = nn.GaussianNLLLoss(full=True)(mean, target, log_var.exp())
gnll1 = nn.GaussianNLLLoss(reduction="sum")(mean, target, log_var.exp()[:, :1])
(gnll + gnll1).backward()
print(f"{gnll.item():.6f} {gnll1.item():.6f}", mean.grad[0], log_var.grad[0])
rate = torch.randn(5)
counts = torch.tensor([0.0, 1.0, 3.0, 2.0, 7.0])
print(nn.PoissonNLLLoss()(rate, counts), nn.PoissonNLLLoss(log_input=False, full=True)(rate.exp(), counts))
a, b = torch.randn(8), torch.randn(8)
print(nn.HuberLoss(delta=0.5)(a, b), nn.SmoothL1Loss(beta=0.5)(a, b), F.l1_loss(a, b, reduction="sum"))
logits = torch.randn(5, 3, requires_grad=True)
y = torch.tensor([0, 2, 1, 1, 0])


def focal_loss(logits, y, gamma=2.0, alpha=0.25):
    ce = F.cross_entropy(logits, y, reduction="none")
    pt = torch.exp(-ce)
    return (alpha * (1 - pt) ** gamma * ce).mean()


fl = focal_loss(logits, y)
fl.backward()
print(f"{fl.item():.6f}", logits.grad[1])
multi = torch.tensor([[1.0, 0.0, 1.0], [0.0, 1.0, 0.0], [1.0, 1.0, 1.0], [0.0, 0.0, 0.0], [0.0, 1.0, 1.0]])
print(nn.MultiLabelSoftMarginLoss()(logits, multi), nn.BCEWithLogitsLoss(pos_weight=torch.tensor([1.0, 2.0, 3.0]))(
    logits, multi))
s1, s2, sign = torch.randn(4), torch.randn(4), torch.tensor([1.0, -1.0, 1.0, -1.0])
print(nn.MarginRankingLoss(margin=0.1)(s1, s2, sign), nn.HingeEmbeddingLoss(margin=1.0)(s1.abs(), sign))
print(nn.MultiMarginLoss(p=1, margin=1.0)(logits, y), nn.SoftMarginLoss()(s1, sign),
      nn.MultiLabelMarginLoss()(logits, torch.tensor([[2, -1, 0]] * 5)))
print(F.binary_cross_entropy(torch.sigmoid(logits), multi, weight=torch.tensor([1.0, 0.5, 2.0])))
