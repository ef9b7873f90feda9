# Walking an autograd graph the way the autograd-mechanics notes print it: type(grad_fn).__name__ of indexing
# (select, slice, unsqueeze, advanced index), views, reductions and arithmetic, next_functions recursively.
import torch

torch.manual_seed(0)
t = torch.randn(4, 3, requires_grad=True)
for label, v in [("t[0]", t[0]), ("t[1:3]", t[1:3]), ("t[:, 1]", t[:, 1]), ("t[None]", t[None]),
                 ("t[[0, 2]]", t[[0, 2]]), ("t[..., 0]", t[..., 0]), ("t[1:3, 0]", t[1:3, 0]),
                 ("t[t > 0]", t[t > 0]), ("t.select(0, 1)", t.select(0, 1)), ("t.narrow(0, 1, 2)", t.narrow(0, 1, 2)),
                 ("t.T", t.T), ("t.view(12)", t.view(12)), ("t.reshape(3, 4)", t.reshape(3, 4)),
                 ("t.sum()", t.sum()), ("t.mean(0)", t.mean(0)), ("t * 2", t * 2), ("t + t", t + t),
                 ("t.exp()", t.exp()), ("t.unsqueeze(1)", t.unsqueeze(1)), ("t.flatten()", t.flatten()),
                 ("t[0, 1]", t[0, 1]), ("t[-1]", t[-1]), ("t[:2, :2]", t[:2, :2])]:
    print(f"{label:18s} {type(v.grad_fn).__name__:22s} {v.grad_fn.name()}")


def walk(fn, depth=0):
    if fn is None:
        return
    print("  " * depth + type(fn).__name__)
    for nxt, _ in fn.next_functions:
        walk(nxt, depth + 1)


x = torch.randn(3, requires_grad=True)
w = torch.randn(3, 2, requires_grad=True)
loss = (x[1:].unsqueeze(0) @ w[1:]).relu().sum() + x[0] ** 2
walk(loss.grad_fn)
loss.backward()
print(x.grad, w.grad)
print(type(t[0].grad_fn).__name__ == "SelectBackward0", t[0].grad_fn.next_functions[0][0].variable is t)
