# Knowledge distillation: a teacher in eval mode under no_grad, a student trained on KLDivLoss between
# temperature-softened log_softmax and softmax (reduction='batchmean', scaled by T^2) plus cross-entropy
# with label smoothing; class weights and ignore_index in the hard loss.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
teacher = nn.Sequential(nn.Linear(6, 32), nn.ReLU(), nn.Dropout(0.2), nn.Linear(32, 4))
student = nn.Sequential(nn.Linear(6, 8), nn.ReLU(), nn.Linear(8, 4))
x = torch.randn(10, 6)
y = torch.tensor([0, 1, 2, 3, 0, 1, 2, 3, -100, 1])
T, alpha = 2.0, 0.7
kl = nn.KLDivLoss(reduction="batchmean")
ce = nn.CrossEntropyLoss(weight=torch.tensor([1.0, 2.0, 1.0, 0.5]), ignore_index=-100, label_smoothing=0.1)
opt = torch.optim.SGD(student.parameters(), lr=0.1)
teacher.eval()
for step in range(4):
    with torch.no_grad():
        t_logits = teacher(x)
    s_logits = student(x)
    soft = kl(F.log_softmax(s_logits / T, dim=-1), F.softmax(t_logits / T, dim=-1)) * T * T
    hard = ce(s_logits, y)
    loss = alpha * soft + (1 - alpha) * hard
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(step, f"{soft.item():.6f} {hard.item():.6f} {loss.item():.6f}")
print(F.kl_div(F.log_softmax(s_logits, -1), F.log_softmax(t_logits, -1), reduction="sum", log_target=True))
print(F.cross_entropy(s_logits[:3], F.softmax(t_logits[:3], -1)), F.nll_loss(F.log_softmax(s_logits, 1), y,
                                                                             reduction="none"))
