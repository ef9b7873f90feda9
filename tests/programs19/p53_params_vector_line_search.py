# Full-batch optimisation with the parameters as one vector: parameters_to_vector / vector_to_parameters, the
# flattened gradient, a backtracking (Armijo) line search written by hand, and a comparison with torch.optim.LBFGS
# using a strong-Wolfe line search.
import torch
import torch.nn as nn
from torch.nn.utils import parameters_to_vector, vector_to_parameters

torch.manual_seed(0)
X = torch.randn(40, 3)
y = (X @ torch.tensor([1.5, -2.0, 0.5]) + 0.3 > 0).float()
model = nn.Linear(3, 1)


def loss_fn():
    return nn.functional.binary_cross_entropy_with_logits(model(X).squeeze(1), y)


theta = parameters_to_vector(model.parameters()).detach()
print(theta.shape, theta)
for it in range(8):
    vector_to_parameters(theta, model.parameters())
    model.zero_grad()
    loss = loss_fn()
    loss.backward()
    g = parameters_to_vector([p.grad for p in model.parameters()])
    step = 4.0
    while True:
        vector_to_parameters(theta - step * g, model.parameters())
        with torch.no_grad():
            new = loss_fn()
        if new <= loss - 1e-4 * step * g.dot(g) or step < 1e-4:
            break
        step *= 0.5
    theta = theta - step * g
    print(it, f"{loss.item():.6f} step {step}")
vector_to_parameters(theta, model.parameters())
print(loss_fn().item())
model2 = nn.Linear(3, 1)
with torch.no_grad():
    model2.weight.zero_()
    model2.bias.zero_()
opt = torch.optim.LBFGS(model2.parameters(), lr=1, max_iter=20, line_search_fn="strong_wolfe")


def closure():
    opt.zero_grad()
    l = nn.functional.binary_cross_entropy_with_logits(model2(X).squeeze(1), y)
    l.backward()
    return l


for i in range(2):
    print("lbfgs", round(opt.step(closure).item(), 6))
print(model2.weight.detach(), opt.state[model2.weight]["n_iter"])
