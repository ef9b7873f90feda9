# Linear regression the "autograd from first principles" way: leaf tensors with requires_grad, updates under
# torch.no_grad, w.grad.zero_(), then the same fit by the normal equations, lstsq and a polyfit-style design.
import torch

torch.manual_seed(0)
N = 50
X = torch.rand(N, 1) * 4 - 2
y = 3 * X - 1 + 0.2 * torch.randn(N, 1)
w = torch.randn(1, requires_grad=True)
b = torch.zeros(1, requires_grad=True)
lr = 0.1
for epoch in range(60):
    pred = X * w + b
    loss = ((pred - y) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        w -= lr * w.grad
        b -= lr * b.grad
        w.grad.zero_()
        b.grad.zero_()
    if epoch % 15 == 0:
        print(f"epoch {epoch:2d} loss {loss.item():.5f} w {w.item():.4f} b {b.item():.4f}")
print(w.grad, b.is_leaf, w.grad_fn)
A = torch.cat([X, torch.ones(N, 1)], 1)
normal = torch.linalg.solve(A.T @ A, A.T @ y)
lst = torch.linalg.lstsq(A, y).solution
print(normal.flatten(), lst.flatten())
print(torch.linalg.pinv(A) @ y)
V = torch.vander(X.flatten(), N=3)
coef = torch.linalg.lstsq(V, y).solution
print(V.shape, coef.flatten())
W = torch.randn(3, requires_grad=True)
for _ in range(100):
    l2 = ((V @ W - y.flatten()) ** 2).mean()
    g, = torch.autograd.grad(l2, W)
    W.data -= 0.05 * g
print(W.detach(), l2.item())
