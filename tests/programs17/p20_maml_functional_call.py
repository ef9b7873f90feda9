# MAML on sine-wave regression tasks: an inner SGD step on a task's support set through
# torch.func.functional_call with create_graph=True, the outer loss on the query set, second-order meta-gradients.
import math
import torch
import torch.nn as nn
from torch.func import functional_call

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(1, 20), nn.ReLU(), nn.Linear(20, 1))
meta_opt = torch.optim.Adam(model.parameters(), lr=1e-3)
inner_lr = 0.01


def sample_task():
    amp, phase = torch.rand(1) * 4.9 + 0.1, torch.rand(1) * math.pi
    x = torch.rand(10, 1) * 10 - 5
    return x[:5], amp * torch.sin(x[:5] + phase), x[5:], amp * torch.sin(x[5:] + phase)


for it in range(3):
    meta_opt.zero_grad()
    outer = 0.0
    for _ in range(2):
        xs, ys, xq, yq = sample_task()
        params = dict(model.named_parameters())
        loss = nn.functional.mse_loss(functional_call(model, params, (xs,)), ys)
        grads = torch.autograd.grad(loss, params.values(), create_graph=True)
        fast = {n: p - inner_lr * g for (n, p), g in zip(params.items(), grads)}
        q_loss = nn.functional.mse_loss(functional_call(model, fast, (xq,)), yq)
        outer = outer + q_loss
    (outer / 2).backward()
    meta_opt.step()
    print(f"meta-iter {it}: outer loss {outer.item() / 2:.5f}, grad norm "
          f"{torch.norm(torch.stack([p.grad.norm() for p in model.parameters()])):.5f}")
print(list(fast.keys()), fast["0.weight"].grad_fn is not None)
