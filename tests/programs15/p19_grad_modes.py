# Gradient modes nested as inference code nests them: no_grad inside enable_grad inside no_grad, set_grad_enabled
# as a function and a context, inference_mode tensors, the decorator forms, and is_grad_enabled read in each.
import torch

x = torch.ones(2, requires_grad=True)
print(torch.is_grad_enabled())
with torch.no_grad():
    a = x * 2
    with torch.enable_grad():
        b = x * 2
        with torch.no_grad():
            c = x * 2
        d = x * 2
    e = x * 2
print([t.requires_grad for t in (a, b, c, d, e)])
with torch.set_grad_enabled(False):
    f = x + 1
print(f.requires_grad, torch.is_grad_enabled())
torch.set_grad_enabled(False)
g = x + 1
torch.set_grad_enabled(True)
print(g.requires_grad, (x + 1).requires_grad)


@torch.no_grad()
def evaluate(t):
    return t * 3, torch.is_grad_enabled()


@torch.enable_grad()
def trainable(t):
    return t * 3


print(evaluate(x)[0].requires_grad, evaluate(x)[1])
with torch.no_grad():
    print(trainable(x).requires_grad)
with torch.inference_mode():
    i = x * 2
    print(torch.is_inference_mode_enabled(), i.requires_grad, i.is_inference())
print(torch.is_inference_mode_enabled(), x.is_inference())
with torch.inference_mode(mode=False):
    print((x * 2).requires_grad)
y = x.detach()
y.requires_grad_()
print(y.requires_grad, y.is_leaf, (y * 2).is_leaf)
with torch.no_grad():
    w = x.clone()
w.requires_grad_(True)
(w * w).sum().backward()
print(w.grad, x.grad)
