# Evaluation code from the ImageNet example and classification notebooks: accuracy(output, target, topk=(1, 5))
# with topk/t()/eq/expand_as/reshape(-1).float().sum(0, keepdim=True), an AverageMeter, a confusion matrix
# with bincount, per-class precision/recall/F1, ROC-AUC by sorting scores, and calibration bins.
import torch

torch.manual_seed(0)


class AverageMeter:
    def __init__(self, name, fmt=":f"):
        self.name, self.fmt = name, fmt
        self.val = self.avg = self.sum = self.count = 0

    def update(self, val, n=1):
        self.val = val
        self.sum += val * n
        self.count += n
        self.avg = self.sum / self.count

    def __str__(self):
        return ("{name} {val" + self.fmt + "} ({avg" + self.fmt + "})").format(**self.__dict__)


def accuracy(output, target, topk=(1,)):
    with torch.no_grad():
        maxk = max(topk)
        batch_size = target.size(0)
        _, pred = output.topk(maxk, 1, True, True)
        pred = pred.t()
        correct = pred.eq(target.view(1, -1).expand_as(pred))
        res = []
        for k in topk:
            correct_k = correct[:k].reshape(-1).float().sum(0, keepdim=True)
            res.append(correct_k.mul_(100.0 / batch_size))
        return res


top1, top5 = AverageMeter("Acc@1", ":6.2f"), AverageMeter("Acc@5", ":6.2f")
all_pred, all_true, all_scores = [], [], []
for batch in range(3):
    output = torch.randn(16, 10)
    target = torch.randint(0, 10, (16,))
    acc1, acc5 = accuracy(output, target, topk=(1, 5))
    top1.update(acc1[0], output.size(0))
    top5.update(acc5[0], output.size(0))
    all_pred.append(output.argmax(1))
    all_true.append(target)
    all_scores.append(output.softmax(1))
print(top1, top5)
pred, true, scores = torch.cat(all_pred), torch.cat(all_true), torch.cat(all_scores)
cm = torch.bincount(true * 10 + pred, minlength=100).view(10, 10)
tp = cm.diag().float()
precision = tp / cm.sum(0).clamp(min=1)
recall = tp / cm.sum(1).clamp(min=1)
f1 = 2 * precision * recall / (precision + recall).clamp(min=1e-12)
print(cm[:3], precision, recall, f1.mean())
y = (true == 3).float()
s = scores[:, 3]
order = torch.argsort(s, descending=True)
tps, fps = torch.cumsum(y[order], 0), torch.cumsum(1 - y[order], 0)
tpr, fpr = tps / y.sum(), fps / (1 - y).sum()
print(f"auc {torch.trapezoid(tpr, fpr).item():.6f}")
conf, hit = scores.max(1).values, (pred == true).float()
bins = torch.linspace(0, 1, 6)
idx = torch.bucketize(conf, bins[1:-1])
ece = sum((hit[idx == b].mean() - conf[idx == b].mean()).abs() * (idx == b).float().mean()
          for b in range(5) if (idx == b).any())
print(f"ece {ece.item():.6f}", torch.bincount(idx, minlength=5))
