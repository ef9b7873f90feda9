# The errors autograd tutorials provoke on purpose and print: an in-place op on a leaf that requires grad,
# backward through a freed graph, a non-scalar backward without a gradient, grad of a tensor that does not
# require grad, a modified saved tensor, and .numpy() on a tensor that requires grad; each class printed with
# the start of the message (torch's sentence; minigrad adds its hint after it).
import torch


def attempt(label, fn):
    try:
        fn()
        print(label, "ok")
    except Exception as e:  # noqa: BLE001
        print(label, type(e).__name__, str(e).split("\n")[0][:42])


x = torch.ones(3, requires_grad=True)
attempt("leaf in-place", lambda: x.add_(1))
y = (x * 2).sum()
y.backward()
attempt("second backward", lambda: y.backward())
attempt("non-scalar", lambda: (x * 2).backward())
attempt("no grad", lambda: torch.ones(2).sum().backward())
z = x.sigmoid()
w = z * 3
z.mul_(2)
attempt("saved modified", lambda: w.sum().backward())
attempt("numpy", lambda: x.numpy())
attempt("item of many", lambda: x.item())
attempt("grad of non-leaf", lambda: print((x * 2).grad))
attempt("requires_grad int", lambda: torch.tensor([1, 2], requires_grad=True))
attempt("view then resize", lambda: torch.arange(4).view(3))
print(x.grad, x.detach().numpy().tolist())
