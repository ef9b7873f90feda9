# Matrix completion by low-rank factorisation with a masked MSE and Adagrad (as in recommender tutorials), then
# non-negative matrix factorisation with Lee-Seung multiplicative updates, reconstruction errors printed.
import torch

torch.manual_seed(0)
U0, V0 = torch.rand(6, 2), torch.rand(5, 2)
R = U0 @ V0.T
mask = torch.rand(6, 5) < 0.6
print(mask.sum().item(), "observed of", mask.numel())
U = torch.nn.Parameter(torch.randn(6, 2) * 0.1)
V = torch.nn.Parameter(torch.randn(5, 2) * 0.1)
opt = torch.optim.Adagrad([U, V], lr=0.3, lr_decay=0.01, initial_accumulator_value=0.1)
for epoch in range(5):
    pred = U @ V.T
    loss = ((pred - R)[mask] ** 2).mean() + 1e-3 * (U.norm() ** 2 + V.norm() ** 2)
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(f"epoch {epoch} loss {loss.item():.6f}")
print(opt.state[U]["sum"][0], opt.state[U]["step"])
with torch.no_grad():
    print("held-out RMSE", ((U @ V.T - R)[~mask] ** 2).mean().sqrt().item())

Vm = torch.rand(6, 5) + 0.1
W, Hh = torch.rand(6, 2), torch.rand(2, 5)
eps = 1e-9
for it in range(6):
    Hh *= (W.T @ Vm) / (W.T @ W @ Hh + eps)
    W *= (Vm @ Hh.T) / (W @ Hh @ Hh.T + eps)
    if it % 2 == 1:
        print(f"nmf {it}: frobenius {torch.linalg.norm(Vm - W @ Hh, 'fro').item():.6f}")
print((W >= 0).all().item(), (Hh >= 0).all().item(), torch.linalg.matrix_rank(W @ Hh).item())
