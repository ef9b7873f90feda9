# Reparametrised weights: nn.utils.parametrize.register_parametrization with a symmetric and a custom
# positive parametrization, parametrizations.orthogonal, weight_norm and spectral_norm from
# torch.nn.utils.parametrizations; the original tensors, cached evaluation and removal.
import torch
import torch.nn as nn
import torch.nn.utils.parametrize as P
from torch.nn.utils.parametrizations import orthogonal, spectral_norm, weight_norm

torch.manual_seed(0)


class Symmetric(nn.Module):
    def forward(self, X):
        return X.triu() + X.triu(1).transpose(-1, -2)


class Positive(nn.Module):
    def forward(self, X):
        return X.exp()

    def right_inverse(self, Y):
        return Y.log()


layer = nn.Linear(3, 3)
P.register_parametrization(layer, "weight", Symmetric())
print(torch.allclose(layer.weight, layer.weight.T), P.is_parametrized(layer), P.is_parametrized(layer, "bias"))
print(list(dict(layer.named_parameters())))
layer(torch.randn(2, 3)).sum().backward()
print(layer.parametrizations.weight.original.grad)
lin = nn.Linear(2, 2)
P.register_parametrization(lin, "bias", Positive())
lin.bias = torch.tensor([1.0, 2.0])
print(lin.bias, lin.parametrizations.bias.original)
with P.cached():
    print(lin.bias is lin.bias)
P.remove_parametrizations(lin, "bias", leave_parametrized=True)
print(type(lin.bias).__name__, lin.bias)
q = orthogonal(nn.Linear(4, 4))
print((q.weight @ q.weight.T).diagonal().round(decimals=4))
wn = weight_norm(nn.Linear(3, 2))
print(sorted(n for n, _ in wn.named_parameters()), wn.parametrizations.weight.original0.shape)
print(torch.allclose(wn.weight.norm(dim=1, keepdim=True), wn.parametrizations.weight.original0))
sn = spectral_norm(nn.Linear(5, 4))
sn.train()
for _ in range(5):
    y = sn(torch.randn(2, 5))
print(f"{torch.linalg.matrix_norm(sn.weight, ord=2).item():.3f}", y.shape)
