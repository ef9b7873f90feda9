# Computing a whole Jacobian at once: autograd.grad with is_grads_batched=True feeds a batch of one-hot
# grad_outputs; compared with a Python loop of vector-Jacobian products and with autograd.functional.jacobian.
import torch

torch.manual_seed(0)
W = torch.randn(4, 3)


def f(x):
    return torch.tanh(W @ x) * x.sum()


x = torch.randn(3, requires_grad=True)
y = f(x)
eye = torch.eye(4)
(jac,) = torch.autograd.grad(y, x, grad_outputs=eye, is_grads_batched=True, retain_graph=True)
print("batched", jac.shape)
print(jac.round(decimals=4))
rows = [torch.autograd.grad(y, x, g, retain_graph=True)[0] for g in eye]
print("loop matches", torch.allclose(torch.stack(rows), jac, atol=1e-6))
J = torch.autograd.functional.jacobian(f, x.detach())
print("functional matches", torch.allclose(J, jac, atol=1e-6))
Jv = torch.autograd.functional.jacobian(f, x.detach(), vectorize=True)
print("vectorized matches", torch.allclose(Jv, jac, atol=1e-6))

# batched grads of a scalar-per-sample loss w.r.t. a matrix parameter
w = torch.randn(3, 2, requires_grad=True)
inp = torch.randn(5, 3)
out = (inp @ w).pow(2).sum(1)                 # (5,)
(per,) = torch.autograd.grad(out, w, torch.eye(5), is_grads_batched=True)
print("per-sample grads", per.shape, per.sum(0).allclose(torch.autograd.grad((inp @ w).pow(2).sum(), w)[0]))
print(per[0].round(decimals=4))
