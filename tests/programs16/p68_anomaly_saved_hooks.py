"""Debugging tools: detect_anomaly, saved_tensors_hooks, retain_grad, is_leaf, torch.autograd.backward."""
import torch

x = torch.tensor([1.0, 4.0], requires_grad=True)
h = x * 2
h.retain_grad()
out = (h ** 2).sum()
torch.autograd.backward([out], [torch.tensor(1.0)])
print(x.grad, h.grad, h.is_leaf, x.is_leaf, h.retains_grad)
packed = []


def pack(t):
    packed.append(tuple(t.shape))
    return t


with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
    y = (x.exp() * x).sum()
y.backward()
print(len(packed) > 0, x.grad)
with torch.autograd.detect_anomaly():
    z = torch.tensor([0.0], requires_grad=True)
    try:
        (z.sqrt() * 0).sum().backward()
        print("no error", z.grad)
    except RuntimeError as e:
        print("RuntimeError", "nan" in str(e).lower())
print(torch.is_anomaly_enabled())
torch.autograd.set_detect_anomaly(False)
a = torch.ones(2, requires_grad=True)
b = a * 3
b.backward(torch.tensor([1.0, 2.0]))
print(a.grad, b.grad_fn.next_functions[0][0].variable is a)
