"""A custom loss nn.Module (focal loss), reduction options, class weights, ignore_index."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class FocalLoss(nn.Module):
    def __init__(self, gamma=2.0, reduction="mean"):
        super().__init__()
        self.gamma, self.reduction = gamma, reduction

    def forward(self, logits, target):
        logp = F.log_softmax(logits, dim=-1).gather(1, target.unsqueeze(1)).squeeze(1)
        loss = -((1 - logp.exp()) ** self.gamma) * logp
        return loss.mean() if self.reduction == "mean" else loss.sum() if self.reduction == "sum" else loss


torch.manual_seed(0)
logits = torch.randn(5, 3, requires_grad=True)
target = torch.tensor([0, 2, 1, 1, 0])
for red in ("mean", "sum", "none"):
    print(red, FocalLoss(reduction=red)(logits, target))
FocalLoss()(logits, target).backward()
print(logits.grad)
print(F.cross_entropy(logits, target, weight=torch.tensor([1.0, 2.0, 0.5])))
print(F.cross_entropy(logits, torch.tensor([0, -100, 1, -100, 2]), ignore_index=-100))
print(nn.CrossEntropyLoss(label_smoothing=0.1)(logits, target))
print(F.nll_loss(F.log_softmax(logits, 1), target, reduction="none"))
print(F.binary_cross_entropy_with_logits(logits[:, 0], torch.ones(5), pos_weight=torch.tensor(3.0)))
print(F.cross_entropy(logits, F.softmax(torch.randn(5, 3), 1)))
