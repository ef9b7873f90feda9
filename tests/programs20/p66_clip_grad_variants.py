# Gradient clipping utilities in their variants: clip_grad_norm_ with norm_type 2/1/inf and foreach, the returned
# total norm, error_if_nonfinite, clip_grad_value_, get_total_norm + clip_grads_with_norm_ (the two-step form
# used with sharded models), on gradients of a small model.
import torch
import torch.nn as nn
from torch.nn.utils import clip_grad_norm_, clip_grad_value_, clip_grads_with_norm_, get_total_norm

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 6), nn.Tanh(), nn.Linear(6, 2))
x = torch.linspace(-3, 3, 20).view(5, 4)


def fresh_grads():
    model.zero_grad()
    (model(x) ** 2).sum().backward()
    return [p.grad.clone() for p in model.parameters()]


for norm_type in (2.0, 1.0, float("inf")):
    fresh_grads()
    total = clip_grad_norm_(model.parameters(), max_norm=1.0, norm_type=norm_type, foreach=True)
    after = torch.linalg.vector_norm(torch.stack([torch.linalg.vector_norm(p.grad, norm_type) for p in model.parameters()]), norm_type)
    print(norm_type, round(total.item(), 4), round(after.item(), 4))
fresh_grads()
clip_grad_value_(model.parameters(), clip_value=0.05)
print(max(p.grad.abs().max().item() for p in model.parameters()))
grads = fresh_grads()
norm = get_total_norm(grads, norm_type=2.0)
print(round(norm.item(), 4), round(clip_grad_norm_(model.parameters(), 1e9).item(), 4))
clip_grads_with_norm_(model.parameters(), max_norm=0.5, total_norm=norm)
print(round(get_total_norm([p.grad for p in model.parameters()]).item(), 4))
model[0].weight.grad[0, 0] = float("nan")
try:
    clip_grad_norm_(model.parameters(), 1.0, error_if_nonfinite=True)
except RuntimeError as e:
    print("nonfinite:", str(e).split(",")[0])
print(torch.isnan(clip_grad_norm_(model.parameters(), 1.0)).item())
single = torch.zeros(3, requires_grad=True)
single.grad = torch.tensor([3.0, 4.0, 0.0])
print(clip_grad_norm_(single, 1.0), single.grad)
print(clip_grad_norm_([], 1.0))
