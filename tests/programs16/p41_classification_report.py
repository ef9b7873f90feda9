"""Metrics by hand: precision/recall/F1 per class, macro average, top-k accuracy, ROC-style thresholds."""
import torch

torch.manual_seed(9)
logits = torch.randn(30, 4)
target = torch.randint(0, 4, (30,))
pred = logits.argmax(-1)
k = 4
tp = torch.zeros(k)
for c in range(k):
    tp[c] = ((pred == c) & (target == c)).sum()
pp = torch.stack([(pred == c).sum() for c in range(k)]).float()
ap = torch.bincount(target, minlength=k).float()
precision = torch.where(pp > 0, tp / pp, torch.zeros_like(tp))
recall = tp / ap.clamp(min=1)
f1 = 2 * precision * recall / (precision + recall + 1e-12)
print(f"{'cls':>4}{'prec':>8}{'rec':>8}{'f1':>8}{'n':>4}")
for c in range(k):
    print(f"{c:>4}{precision[c]:>8.3f}{recall[c]:>8.3f}{f1[c]:>8.3f}{int(ap[c]):>4}")
print(f"macro f1 {f1.mean():.4f}")
top2 = logits.topk(2, dim=1).indices
print("top2 acc", (top2 == target[:, None]).any(1).float().mean().item())
scores = logits.softmax(-1)[:, 1]
pos = target == 1
for thr in (0.2, 0.4, 0.6):
    p = scores >= thr
    print(thr, int((p & pos).sum()), int((p & ~pos).sum()))
order = scores.argsort(descending=True)
print(order[:5], pos[order].cumsum(0)[-1])
