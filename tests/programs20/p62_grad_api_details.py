# autograd.grad / backward details that training utilities rely on: allow_unused with materialize_grads=True,
# grad_outputs for non-scalar outputs, torch.autograd.backward with several roots and grad_tensors,
# backward(inputs=...) to accumulate into chosen leaves only, retain_graph for two backward passes.
import torch

torch.manual_seed(0)
a = torch.tensor([1.0, 2.0], requires_grad=True)
b = torch.tensor([3.0], requires_grad=True)
c = torch.tensor(0.5, requires_grad=True)
y = (a * 2).sum() + b.sum() ** 2
ga, gc = torch.autograd.grad(y, (a, c), allow_unused=True, retain_graph=True)
print(ga, gc)
ga, gc = torch.autograd.grad(y, (a, c), allow_unused=True, materialize_grads=True, retain_graph=True)
print(ga, gc)
try:
    torch.autograd.grad(y, (a, c), retain_graph=True)
except RuntimeError as e:
    print("unused:", str(e).split(".")[0])
out = a * torch.tensor([1.0, 10.0])
(g,) = torch.autograd.grad(out, a, grad_outputs=torch.tensor([2.0, 3.0]))
print(g)
l1 = (a ** 2).sum()
l2 = (a * b).sum()
torch.autograd.backward([l1, l2], grad_tensors=[torch.tensor(1.0), torch.tensor(0.5)])
print(a.grad, b.grad)
a.grad = None
b.grad = None
loss = (a * b).sum() + (b ** 3).sum()
loss.backward(inputs=[b], retain_graph=True)
print(a.grad, b.grad)
loss.backward(inputs=[a])
print(a.grad, b.grad)
x = torch.tensor([1.0, -1.0], requires_grad=True)
z = (x.exp() * 2).sum()
z.backward(retain_graph=True)
z.backward()
print(x.grad)
h = torch.tensor([2.0], requires_grad=True)
(dh,) = torch.autograd.grad(h ** 3, h, create_graph=True)
(d2h,) = torch.autograd.grad(dh, h)
print(dh, d2h, dh.requires_grad)
print(torch.autograd.grad(h.sum() * 0, h)[0], torch.autograd.grad((h * 2).sum(), [h], torch.tensor(3.0))[0])
