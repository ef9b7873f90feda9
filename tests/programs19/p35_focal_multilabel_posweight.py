# Imbalanced classification losses: BCEWithLogitsLoss with pos_weight, binary focal loss written from
# F.binary_cross_entropy_with_logits(reduction="none"), multi-class focal loss with gather, and multi-label metrics
# from a sigmoid threshold.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
logits = torch.randn(8, 4, requires_grad=True)
targets = (torch.rand(8, 4) > 0.7).float()
pos = targets.sum(0)
pos_weight = (targets.shape[0] - pos) / pos.clamp(min=1)
print(pos_weight)
l1 = nn.BCEWithLogitsLoss(pos_weight=pos_weight)(logits, targets)


def focal_binary(logits, targets, alpha=0.25, gamma=2.0):
    bce = F.binary_cross_entropy_with_logits(logits, targets, reduction="none")
    p = torch.sigmoid(logits)
    p_t = p * targets + (1 - p) * (1 - targets)
    alpha_t = alpha * targets + (1 - alpha) * (1 - targets)
    return (alpha_t * (1 - p_t) ** gamma * bce).mean()


def focal_multiclass(logits, y, gamma=2.0, weight=None):
    logp = F.log_softmax(logits, dim=1)
    logp_t = logp.gather(1, y.unsqueeze(1)).squeeze(1)
    p_t = logp_t.exp()
    loss = -(1 - p_t) ** gamma * logp_t
    if weight is not None:
        loss = loss * weight[y]
    return loss.mean()


l2 = focal_binary(logits, targets)
y = torch.randint(0, 4, (8,))
l3 = focal_multiclass(logits, y, weight=torch.tensor([1.0, 2.0, 1.0, 0.5]))
print(l1.item(), l2.item(), l3.item())
(l1 + l2 + l3).backward()
print(logits.grad[0])
print(focal_multiclass(logits, y, gamma=0.0).item(), F.cross_entropy(logits, y).item())
with torch.no_grad():
    pred = (torch.sigmoid(logits) > 0.5).float()
    tp = (pred * targets).sum(0)
    precision = tp / pred.sum(0).clamp(min=1)
    recall = tp / targets.sum(0).clamp(min=1)
    f1 = 2 * precision * recall / (precision + recall).clamp(min=1e-8)
    print(precision, recall, f1, (pred != targets).float().mean().item())
print(nn.MultiLabelSoftMarginLoss()(logits, targets).item(), nn.MultiLabelMarginLoss()(logits,
      torch.tensor([[3, 0, -1, 1]] * 8)).item())
print(F.binary_cross_entropy(torch.sigmoid(logits), targets, weight=torch.tensor([1.0, 2.0, 3.0, 4.0])).item())
