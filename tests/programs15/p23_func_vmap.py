# torch.func in the style of its tutorials: per-sample gradients with vmap(grad(...)) over functional_call,
# jacrev/jacfwd of a small function, hessian, vjp and jvp, vmap with in_dims and chunked batching.
import torch
import torch.nn as nn
from torch.func import functional_call, grad, hessian, jacfwd, jacrev, jvp, vjp, vmap

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 1))
params = {k: v.detach() for k, v in model.named_parameters()}
x, y = torch.randn(5, 3), torch.randn(5, 1)


def loss_fn(params, xi, yi):
    pred = functional_call(model, params, (xi.unsqueeze(0),))
    return nn.functional.mse_loss(pred, yi.unsqueeze(0))


per_sample = vmap(grad(loss_fn), in_dims=(None, 0, 0))(params, x, y)
print({k: tuple(v.shape) for k, v in per_sample.items()})
print(per_sample["2.bias"].squeeze(1))
model.zero_grad()
nn.functional.mse_loss(model(x), y).backward()
print(torch.allclose(per_sample["0.weight"].mean(0), model[0].weight.grad, atol=1e-6))


def f(v):
    return torch.stack([v[0] * v[1], torch.sin(v[2]), v.pow(2).sum()])


v = torch.tensor([1.0, 2.0, 0.5])
print(jacrev(f)(v))
print(torch.allclose(jacfwd(f)(v), jacrev(f)(v)))
print(hessian(lambda u: (u ** 3).sum() + u[0] * u[1])(v))
out, pull = vjp(f, v)
print(out, pull(torch.ones(3))[0])
print(jvp(f, (v,), (torch.tensor([1.0, 0.0, 0.0]),)))
batched = vmap(lambda a, b: a @ b, in_dims=(0, None))(torch.randn(4, 2, 3), torch.randn(3))
print(batched.shape, vmap(torch.trace)(torch.randn(3, 2, 2)).shape)
print(vmap(lambda r: r.sum(), chunk_size=2)(torch.arange(12.0).view(4, 3)))
