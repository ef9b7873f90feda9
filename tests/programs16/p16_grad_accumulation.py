"""Gradient accumulation across micro-batches equals one big batch; grads summed, then zeroed."""
import torch
import torch.nn as nn

torch.manual_seed(1)
x, y = torch.randn(12, 3), torch.randn(12, 1)
m1 = nn.Linear(3, 1)
m2 = nn.Linear(3, 1)
m2.load_state_dict(m1.state_dict())
loss_fn = nn.MSELoss()
loss_fn(m1(x), y).backward()
accum = 4
for xb, yb in zip(x.chunk(accum), y.chunk(accum)):
    (loss_fn(m2(xb), yb) / accum).backward()
print(m1.weight.grad, m2.weight.grad)
print(torch.allclose(m1.weight.grad, m2.weight.grad, atol=1e-6), torch.allclose(m1.bias.grad, m2.bias.grad))
opt = torch.optim.SGD(m2.parameters(), lr=0.1)
for step, (xb, yb) in enumerate(zip(x.split(3), y.split(3))):
    loss = loss_fn(m2(xb), yb) / 2
    loss.backward()
    if (step + 1) % 2 == 0:
        opt.step()
        opt.zero_grad(set_to_none=True)
        print(step, m2.weight.grad, f"{m2.bias.item():.5f}")
opt.zero_grad(set_to_none=False)
print(m2.weight.grad)
