# MixUp and CutMix data augmentation as in the papers' reference code: lambda from a Beta distribution, a
# randperm partner, a mixed criterion, the CutMix box from sqrt(1 - lam), and the area-corrected lambda.
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
np.random.seed(0)


def mixup_data(x, y, alpha=1.0):
    lam = np.random.beta(alpha, alpha) if alpha > 0 else 1
    index = torch.randperm(x.size(0))
    mixed_x = lam * x + (1 - lam) * x[index, :]
    return mixed_x, y, y[index], lam


def mixup_criterion(criterion, pred, y_a, y_b, lam):
    return lam * criterion(pred, y_a) + (1 - lam) * criterion(pred, y_b)


def rand_bbox(size, lam):
    W, H = size[2], size[3]
    cut_rat = np.sqrt(1.0 - lam)
    cut_w, cut_h = int(W * cut_rat), int(H * cut_rat)
    cx, cy = np.random.randint(W), np.random.randint(H)
    bbx1, bby1 = np.clip(cx - cut_w // 2, 0, W), np.clip(cy - cut_h // 2, 0, H)
    bbx2, bby2 = np.clip(cx + cut_w // 2, 0, W), np.clip(cy + cut_h // 2, 0, H)
    return bbx1, bby1, bbx2, bby2


model = nn.Sequential(nn.Flatten(), nn.Linear(2 * 6 * 6, 3))
crit = nn.CrossEntropyLoss()
opt = torch.optim.SGD(model.parameters(), lr=0.1)
x, y = torch.randn(8, 2, 6, 6), torch.randint(0, 3, (8,))
for step in range(3):
    mx, ya, yb, lam = mixup_data(x, y, 0.4)
    loss = mixup_criterion(crit, model(mx), ya, yb, lam)
    opt.zero_grad()
    loss.backward()
    opt.step()
    print("mixup", step, round(float(lam), 5), round(loss.item(), 5))
for step in range(3):
    lam = np.random.beta(1.0, 1.0)
    rand_index = torch.randperm(x.size(0))
    bbx1, bby1, bbx2, bby2 = rand_bbox(x.size(), lam)
    xc = x.clone()
    xc[:, :, bbx1:bbx2, bby1:bby2] = x[rand_index, :, bbx1:bbx2, bby1:bby2]
    lam = 1 - ((bbx2 - bbx1) * (bby2 - bby1) / (x.size()[-1] * x.size()[-2]))
    loss = crit(model(xc), y) * lam + crit(model(xc), y[rand_index]) * (1.0 - lam)
    opt.zero_grad()
    loss.backward()
    opt.step()
    print("cutmix", step, (bbx1, bby1, bbx2, bby2), round(float(lam), 5), round(loss.item(), 5))
beta = torch.distributions.Beta(torch.tensor([0.4]), torch.tensor([0.4]))
print(beta.sample((3,)).flatten(), beta.mean)
soft = nn.functional.one_hot(y, 3).float()
mixed_targets = 0.7 * soft + 0.3 * soft[torch.randperm(8)]
print(crit(model(x), mixed_targets).item())
