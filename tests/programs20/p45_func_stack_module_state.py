# Model ensembling with torch.func: stack_module_state to batch the parameters of several models, vmap over
# functional_call (in_dims for shared vs per-model data), and jacrev/grad for per-model per-sample gradients.
import copy

import torch
import torch.nn as nn
from torch.func import functional_call, grad, stack_module_state, vmap

torch.manual_seed(0)
models = [nn.Sequential(nn.Linear(3, 5), nn.ReLU(), nn.Linear(5, 2)) for _ in range(4)]
params, buffers = stack_module_state(models)
print({k: tuple(v.shape) for k, v in params.items()})
base = copy.deepcopy(models[0]).to("meta") if False else copy.deepcopy(models[0])


def fmodel(p, b, x):
    return functional_call(base, (p, b), (x,))


x = torch.randn(6, 3)
same = vmap(fmodel, in_dims=(0, 0, None))(params, buffers, x)
print(same.shape, torch.allclose(same[2], models[2](x), atol=1e-6))
xs = torch.randn(4, 6, 3)
diff = vmap(fmodel)(params, buffers, xs)
print(diff.shape, torch.allclose(diff[1], models[1](xs[1]), atol=1e-6))
y = torch.tensor([0, 1, 1, 0, 1, 0])


def loss_fn(p, b, xi, yi):
    return nn.functional.cross_entropy(fmodel(p, b, xi.unsqueeze(0)), yi.unsqueeze(0))


per_sample = vmap(grad(loss_fn), in_dims=(None, None, 0, 0))({k: v[0] for k, v in params.items()}, {}, x, y)
print({k: tuple(v.shape) for k, v in per_sample.items()})
full = nn.functional.cross_entropy(models[0](x), y)
full.backward()
print(torch.allclose(per_sample["0.weight"].mean(0), models[0][0].weight.grad, atol=1e-6))
ensemble_grads = vmap(grad(lambda p, b, xx, yy: nn.functional.cross_entropy(fmodel(p, b, xx), yy)),
                      in_dims=(0, 0, None, None))(params, buffers, x, y)
print(round(ensemble_grads["2.bias"].abs().sum().item(), 5), ensemble_grads["2.bias"].shape)
print(params["0.weight"].requires_grad, params["0.weight"].is_leaf)
