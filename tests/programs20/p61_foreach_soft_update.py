# Target-network soft updates and EMA with the torch._foreach_* list ops (what optimizers use inside): lerp_,
# mul_/add_ with alpha, norm, sqrt and addcdiv_ over lists of tensors, compared with a plain Python loop.
import copy

import torch
import torch.nn as nn

torch.manual_seed(0)
online = nn.Sequential(nn.Linear(3, 5), nn.ReLU(), nn.Linear(5, 2))
target = copy.deepcopy(online)
loop_target = copy.deepcopy(online)
opt = torch.optim.SGD(online.parameters(), lr=0.1)
x = torch.linspace(-1, 1, 12).view(4, 3)
tau = 0.1
for step in range(5):
    loss = online(x).pow(2).sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
    with torch.no_grad():
        t_params = list(target.parameters())
        o_params = list(online.parameters())
        torch._foreach_mul_(t_params, 1 - tau)
        torch._foreach_add_(t_params, o_params, alpha=tau)
        for tp, op in zip(loop_target.parameters(), online.parameters()):
            tp.mul_(1 - tau).add_(op, alpha=tau)
    print(step, round(loss.item(), 5))
print(all(torch.allclose(a, b) for a, b in zip(target.parameters(), loop_target.parameters())))
with torch.no_grad():
    ema = [torch.zeros_like(p) for p in online.parameters()]
    torch._foreach_lerp_(ema, list(online.parameters()), 0.5)
    print(torch.allclose(ema[0], online[0].weight * 0.5))
grads = [p.grad for p in online.parameters()]
norms = torch._foreach_norm(grads)
print([round(n.item(), 5) for n in norms], round(torch.linalg.vector_norm(torch.stack(norms)).item(), 5))
sq = torch._foreach_mul(grads, grads)
roots = torch._foreach_sqrt(torch._foreach_add(sq, 1e-8))
params = [p.detach().clone() for p in online.parameters()]
torch._foreach_addcdiv_(params, grads, roots, value=-0.01)
print(round(sum(p.sum().item() for p in params), 5))
print(torch._foreach_add([torch.ones(2), torch.zeros(3)], 1.5), torch._foreach_neg([torch.tensor([1.0, -2.0])]))
print(torch._foreach_maximum([torch.tensor([1.0, 5.0])], [torch.tensor([3.0, 2.0])]), torch._foreach_exp([torch.zeros(1)]))
