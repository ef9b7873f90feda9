# Multi-task training with per-task gradients on shared parameters: torch.autograd.grad with retain_graph,
# gradients flattened and compared by cosine, PCGrad's projection of conflicting gradients, the result
# written back with vector_to_parameters / p.grad assignment, and uncertainty weighting of the task losses.
import torch
import torch.nn as nn
from torch.nn.utils import parameters_to_vector, vector_to_parameters

torch.manual_seed(0)
shared = nn.Sequential(nn.Linear(4, 8), nn.ReLU())
heads = nn.ModuleList([nn.Linear(8, 1), nn.Linear(8, 1)])
log_vars = nn.Parameter(torch.zeros(2))
params = list(shared.parameters())
opt = torch.optim.SGD(list(shared.parameters()) + list(heads.parameters()) + [log_vars], lr=0.05)
x = torch.randn(16, 4)
ys = [x.sum(1, keepdim=True), -x[:, :1] * 2]
for step in range(4):
    h = shared(x)
    losses = [nn.functional.mse_loss(head(h), y) for head, y in zip(heads, ys)]
    grads = [torch.cat([g.flatten() for g in torch.autograd.grad(l, params, retain_graph=True)]) for l in losses]
    cos = torch.nn.functional.cosine_similarity(grads[0], grads[1], dim=0)
    g0, g1 = grads[0].clone(), grads[1].clone()
    if torch.dot(g0, grads[1]) < 0:
        g0 = g0 - torch.dot(g0, grads[1]) / grads[1].norm() ** 2 * grads[1]
    if torch.dot(g1, grads[0]) < 0:
        g1 = g1 - torch.dot(g1, grads[0]) / grads[0].norm() ** 2 * grads[0]
    total = sum(torch.exp(-lv) * l + lv for lv, l in zip(log_vars, losses))
    opt.zero_grad()
    total.backward()
    merged = g0 + g1
    offset = 0
    for p in params:
        p.grad = merged[offset:offset + p.numel()].view_as(p).clone()
        offset += p.numel()
    opt.step()
    print(step, [f"{l.item():.5f}" for l in losses], f"{cos.item():.5f}", log_vars.data)
vec = parameters_to_vector(shared.parameters())
vector_to_parameters(vec * 0.5, shared.parameters())
print(vec.shape, shared[0].bias[:3], parameters_to_vector(shared.parameters()).norm() / vec.norm())
