# Second-order optimisation by hand: Newton's method on a logistic-regression loss with the Hessian from
# torch.autograd.functional.hessian, and Hessian-free conjugate gradient using Hessian-vector products (hvp).
import torch
from torch.autograd.functional import hessian, hvp

torch.manual_seed(0)
X = torch.randn(30, 3, dtype=torch.float64)
w_true = torch.tensor([1.5, -2.0, 0.5], dtype=torch.float64)
y = (torch.sigmoid(X @ w_true) > torch.rand(30, dtype=torch.float64)).double()


def loss_fn(w):
    return torch.nn.functional.binary_cross_entropy_with_logits(X @ w, y) + 0.01 * w.dot(w)


w = torch.zeros(3, dtype=torch.float64)
for it in range(4):
    w_ = w.clone().requires_grad_()
    loss = loss_fn(w_)
    g, = torch.autograd.grad(loss, w_)
    Hm = hessian(loss_fn, w)
    w = w - torch.linalg.solve(Hm, g)
    print(f"newton {it}: loss {loss.item():.10f} |g| {g.norm().item():.3e}")
print(w, torch.linalg.eigvalsh(Hm))


def cg(Av, b, iters=10, tol=1e-10):
    x = torch.zeros_like(b)
    r = b.clone()
    p = r.clone()
    rs = r.dot(r)
    for i in range(iters):
        Ap = Av(p)
        alpha = rs / p.dot(Ap)
        x = x + alpha * p
        r = r - alpha * Ap
        rs_new = r.dot(r)
        if rs_new.sqrt() < tol:
            break
        p = r + (rs_new / rs) * p
        rs = rs_new
    return x, i


w0 = torch.zeros(3, dtype=torch.float64, requires_grad=True)
g0, = torch.autograd.grad(loss_fn(w0), w0)
step, n = cg(lambda v: hvp(loss_fn, w0.detach(), v)[1], g0)
print(n, step, torch.allclose(step, torch.linalg.solve(hessian(loss_fn, w0.detach()), g0)))
val, hv = hvp(loss_fn, w0.detach(), torch.ones(3, dtype=torch.float64))
print(val, hv)
