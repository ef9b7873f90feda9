# Optimizers that need a closure: LBFGS (with and without strong-Wolfe line search) fitting a logistic
# regression and the Rosenbrock function, as the optimizer docs and curve-fitting posts use them.
import torch

torch.manual_seed(0)
X = torch.randn(30, 3)
y = (X @ torch.tensor([1.5, -2.0, 0.5]) + 0.3 > 0).float()
w = torch.zeros(3, requires_grad=True)
b = torch.zeros(1, requires_grad=True)
opt = torch.optim.LBFGS([w, b], lr=1, max_iter=20, history_size=5)


def closure():
    opt.zero_grad()
    loss = torch.nn.functional.binary_cross_entropy_with_logits(X @ w + b, y) + 0.01 * w.pow(2).sum()
    loss.backward()
    return loss


for i in range(3):
    loss = opt.step(closure)
    print(i, f"{loss.item():.6f}", [round(v, 4) for v in w.tolist()])
xy = torch.tensor([-1.5, 2.0], dtype=torch.float64, requires_grad=True)   # (float32: the count of evaluations turns on roundings)
opt = torch.optim.LBFGS([xy], lr=1, max_iter=50, line_search_fn="strong_wolfe")


def rosen():
    opt.zero_grad()
    f = (1 - xy[0]) ** 2 + 100 * (xy[1] - xy[0] ** 2) ** 2
    f.backward()
    return f


for i in range(2):
    print(i, f"{opt.step(rosen).item():.6f}")
print([round(v, 4) for v in xy.tolist()], opt.state[xy]["n_iter"], opt.state[xy]["func_evals"])
