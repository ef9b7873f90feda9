# Gradient accumulation and the backward API: micro-batches with the loss divided by the number of steps match
# one full batch, torch.autograd.backward with grad_tensors over several outputs, retain_graph for a second
# backward, grads accumulating in .grad across calls, and zero_grad()'s None.
import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Linear(4, 2)
X, y = torch.randn(12, 4), torch.randn(12, 2)
model.zero_grad()
nn.functional.mse_loss(model(X), y).backward()
full = [p.grad.clone() for p in model.parameters()]
model.zero_grad()
print(model.weight.grad)
accum = 3
for i in range(accum):
    xb, yb = X[i * 4:(i + 1) * 4], y[i * 4:(i + 1) * 4]
    (nn.functional.mse_loss(model(xb), yb) / accum).backward()
print([torch.allclose(a, p.grad, atol=1e-6) for a, p in zip(full, model.parameters())])
a = torch.tensor([1.0, 2.0], requires_grad=True)
b = torch.tensor([3.0], requires_grad=True)
o1, o2 = a * b, (a ** 2).sum() * b
torch.autograd.backward([o1, o2], grad_tensors=[torch.tensor([1.0, -1.0]), torch.tensor([0.5])])
print(a.grad, b.grad)
z = (a * b).sum()
z.backward(retain_graph=True)
z.backward()
print(a.grad, b.grad)
try:
    z.backward()
except RuntimeError as e:
    print("third backward:", "second time" in str(e))
v = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
w = v * 2
w.backward(gradient=torch.tensor([0.1, 1.0, 10.0]))
print(v.grad)
s = (v ** 2).sum()
gs = torch.autograd.grad(s, v, retain_graph=True)
print(gs, v.grad)
out = torch.autograd.grad([s, s * 2], [v], grad_outputs=[torch.tensor(1.0), torch.tensor(0.5)])
print(out)
