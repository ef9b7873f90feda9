# The autograd-internals tutorial: walking grad_fn.next_functions recursively and printing the graph, the
# tensors a node saved (grad_fn._saved_self / _saved_other / _saved_result), is_leaf, requires_grad propagation,
# retain_grad on an intermediate, and the version counter of a saved tensor.
import torch

a = torch.tensor([2.0, 3.0], requires_grad=True)
b = torch.tensor([6.0, 4.0], requires_grad=True)
c = torch.tensor([1.0, 1.0])
q = 3 * a ** 3 - b ** 2
e = (q * c).exp()
loss = e.sum()


def walk(fn, depth=0, seen=None):
    seen = set() if seen is None else seen
    if fn is None or fn in seen:
        return
    seen.add(fn)
    print("  " * depth + fn.name())
    for nxt, _ in fn.next_functions:
        walk(nxt, depth + 1, seen)


walk(loss.grad_fn)
print([x.is_leaf for x in (a, b, c, q, e)], [x.requires_grad for x in (a, c, q)])
mul = q.grad_fn.next_functions[0][0]
print(mul.name(), mul._saved_other, mul._saved_self)
print(e.grad_fn._saved_result.equal(e), q.grad_fn.next_functions[1][0]._saved_exponent)
pw = a ** 3
print(pw.grad_fn._saved_self is a, pw.grad_fn._saved_exponent)
q.retain_grad()
loss.backward()
print(q.grad, a.grad, b.grad, c.grad)
print(a._version, q.grad_fn.next_functions[1][0].next_functions[0][0].variable is b)
x = torch.ones(3, requires_grad=True)
y = x * 2
z = y.sigmoid()
y2 = z * 1
print(y._version, z.grad_fn._saved_result is z or z.grad_fn._saved_result.equal(z))
