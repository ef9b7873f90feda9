# Multi-label and segmentation losses as Kaggle notebooks write them: focal loss from BCE-with-logits, a soft
# Dice loss over a batch of masks, macro/micro F1 at a 0.5 threshold, and MultiLabelSoftMarginLoss for reference.
import torch
import torch.nn as nn
import torch.nn.functional as F


class FocalLoss(nn.Module):
    def __init__(self, alpha=0.25, gamma=2.0, reduction="mean"):
        super().__init__()
        self.alpha, self.gamma, self.reduction = alpha, gamma, reduction

    def forward(self, inputs, targets):
        bce = F.binary_cross_entropy_with_logits(inputs, targets, reduction="none")
        p_t = torch.exp(-bce)
        alpha_t = self.alpha * targets + (1 - self.alpha) * (1 - targets)
        loss = alpha_t * (1 - p_t) ** self.gamma * bce
        return loss.mean() if self.reduction == "mean" else loss.sum()


def dice_loss(logits, masks, smooth=1.0):
    probs = torch.sigmoid(logits).flatten(1)
    masks = masks.flatten(1)
    inter = (probs * masks).sum(1)
    return 1 - ((2 * inter + smooth) / (probs.sum(1) + masks.sum(1) + smooth)).mean()


torch.manual_seed(0)
logits = torch.randn(6, 4, requires_grad=True)
targets = (torch.rand(6, 4) > 0.6).float()
fl = FocalLoss()(logits, targets)
ml = nn.MultiLabelSoftMarginLoss()(logits, targets)
(fl + ml).backward()
print(f"focal {fl.item():.6f} multilabel {ml.item():.6f}")
print(logits.grad[0])
preds = (torch.sigmoid(logits) > 0.5).float()
tp = (preds * targets).sum(0)
fp = (preds * (1 - targets)).sum(0)
fn = ((1 - preds) * targets).sum(0)
f1 = 2 * tp / (2 * tp + fp + fn).clamp(min=1)
micro = 2 * tp.sum() / (2 * tp.sum() + fp.sum() + fn.sum())
print("per-class F1", f1, "macro", f1.mean().item(), "micro", micro.item())
seg_logits = torch.randn(2, 1, 5, 5, requires_grad=True)
masks = (torch.rand(2, 1, 5, 5) > 0.5).float()
d = dice_loss(seg_logits, masks)
d.backward()
print(f"dice {d.item():.6f}", seg_logits.grad.abs().sum())
print(F.binary_cross_entropy_with_logits(logits, targets, pos_weight=torch.tensor([1.0, 2.0, 3.0, 4.0])))
