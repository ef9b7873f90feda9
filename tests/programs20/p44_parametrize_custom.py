# Custom parametrizations with torch.nn.utils.parametrize: a symmetric weight, a positive-definite one with a
# right_inverse, stacking two parametrizations, caching, and removing them (leave_parametrized=True).
import torch
import torch.nn as nn
import torch.nn.utils.parametrize as P

torch.manual_seed(0)


class Symmetric(nn.Module):
    def forward(self, X):
        return X.triu() + X.triu(1).transpose(-1, -2)

    def right_inverse(self, A):
        return A.triu()


class MatrixExp(nn.Module):
    def forward(self, X):
        return torch.matrix_exp(X)

    def right_inverse(self, A):
        evals, evecs = torch.linalg.eigh(A)
        return evecs @ torch.diag_embed(evals.log()) @ evecs.T


layer = nn.Linear(3, 3)
P.register_parametrization(layer, "weight", Symmetric())
print(P.is_parametrized(layer), P.is_parametrized(layer, "bias"), type(layer).__name__)
print(torch.allclose(layer.weight, layer.weight.T), list(dict(layer.named_parameters()).keys()))
P.register_parametrization(layer, "weight", MatrixExp())
print(len(layer.parametrizations.weight), torch.linalg.eigvalsh(layer.weight).min().item() > 0)
spd = torch.tensor([[2.0, 0.5, 0.0], [0.5, 1.0, 0.2], [0.0, 0.2, 3.0]])
layer.weight = spd
print("assigned", torch.allclose(layer.weight, spd, atol=1e-5))
plain = nn.Linear(2, 2)
P.register_parametrization(plain, "weight", nn.Tanh())
try:
    plain.weight = torch.zeros(2, 2)
except RuntimeError as e:
    print("refused:", e)
x = torch.randn(8, 3)
target = x @ torch.tensor([[1.5, 0.3, 0.0], [0.3, 1.0, 0.1], [0.0, 0.1, 2.0]])
opt = torch.optim.Adam(layer.parameters(), lr=0.05)
for step in range(40):
    loss = (layer(x) - target).pow(2).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 10 == 0:
        print(step, round(loss.item(), 5))
with P.cached():
    a = layer.weight
    b = layer.weight
    print("cached same object", a is b)
print("symmetric after training", torch.allclose(layer.weight, layer.weight.T, atol=1e-6))
w = layer.weight.detach().clone()
P.remove_parametrizations(layer, "weight", leave_parametrized=True)
print(P.is_parametrized(layer), torch.allclose(layer.weight, w), type(layer.weight).__name__)
