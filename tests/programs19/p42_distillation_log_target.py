# Knowledge distillation (Hinton et al.): KLDivLoss with batchmean on temperature-softened log-probabilities,
# the T^2 factor, log_target=True, a hard-label term, and a frozen teacher in eval mode.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
teacher = nn.Sequential(nn.Linear(6, 32), nn.ReLU(), nn.Dropout(0.5), nn.Linear(32, 4))
student = nn.Sequential(nn.Linear(6, 8), nn.ReLU(), nn.Linear(8, 4))
teacher.eval()
for p in teacher.parameters():
    p.requires_grad_(False)
X, y = torch.randn(32, 6), torch.randint(0, 4, (32,))
T, alpha = 4.0, 0.7
kl = nn.KLDivLoss(reduction="batchmean")
kl_log = nn.KLDivLoss(reduction="batchmean", log_target=True)
opt = torch.optim.SGD(student.parameters(), lr=0.1, momentum=0.9, nesterov=True)
for epoch in range(8):
    with torch.no_grad():
        t_logits = teacher(X)
    s_logits = student(X)
    soft = kl(F.log_softmax(s_logits / T, dim=1), F.softmax(t_logits / T, dim=1)) * T * T
    soft2 = kl_log(F.log_softmax(s_logits / T, dim=1), F.log_softmax(t_logits / T, dim=1)) * T * T
    hard = F.cross_entropy(s_logits, y)
    loss = alpha * soft + (1 - alpha) * hard
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(epoch, f"{soft.item():.6f} {soft2.item():.6f} {hard.item():.5f}")
print(any(p.grad is not None for p in teacher.parameters()))
with torch.no_grad():
    agree = (student(X).argmax(1) == teacher(X).argmax(1)).float().mean()
    print("agreement", agree.item())
p = F.softmax(torch.randn(3, 4), 1)
q = F.log_softmax(torch.randn(3, 4), 1)
print(F.kl_div(q, p, reduction="sum").item(), F.kl_div(q, p, reduction="none").sum().item(),
      F.kl_div(q, p.log(), reduction="mean", log_target=True).item())
