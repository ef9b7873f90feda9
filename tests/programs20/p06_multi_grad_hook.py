# Hooks that fire once the gradients of several tensors are ready (autograd.graph.register_multi_grad_hook),
# next to per-tensor hooks and post-accumulate hooks; "any" mode fires on the first one.
import torch
from torch.autograd.graph import register_multi_grad_hook

torch.manual_seed(0)
a = torch.randn(3, requires_grad=True)
b = torch.randn(3, requires_grad=True)
seen = []


def all_ready(grads):
    seen.append([None if g is None else round(g.sum().item(), 4) for g in grads])


h = register_multi_grad_hook((a, b), all_ready)
loss = (a * b).sum() + a.pow(2).sum()
loss.backward()
print("all mode", seen)
seen.clear()
(a * 3).sum().backward()              # b takes no part: its slot is None
print("partial", seen)
h.remove()
(a * b).sum().backward()
print("after remove", seen)

first = []
h2 = register_multi_grad_hook((a, b), lambda g: first.append(round(g.sum().item(), 4)), mode="any")
(a.exp() + b).sum().backward()
print("any mode", len(first))
h2.remove()

order = []
a.register_hook(lambda g: order.append("a hook"))
a.register_post_accumulate_grad_hook(lambda p: order.append(f"a accumulated {p.grad.shape}"))
a.grad = None
(a * 2).sum().backward()
print(order, a.grad)
