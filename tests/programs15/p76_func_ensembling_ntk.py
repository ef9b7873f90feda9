# The torch.func tutorials: model ensembling with stack_module_state + vmap over functional_call on a "meta"-free
# base copy, the empirical neural tangent kernel from jacrev over the parameters and einsum of the Jacobians,
# grad with has_aux, and a custom Function with setup_context and generate_vmap_rule.
import copy

import torch
import torch.nn as nn
from torch.func import functional_call, grad, jacrev, stack_module_state, vmap

torch.manual_seed(0)


class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1, self.fc2 = nn.Linear(4, 8), nn.Linear(8, 2)

    def forward(self, x):
        return self.fc2(torch.relu(self.fc1(x)))


models = [MLP() for _ in range(3)]
params, buffers = stack_module_state(models)
base = copy.deepcopy(models[0])


def fmodel(params, buffers, x):
    return functional_call(base, (params, buffers), (x,))


x = torch.randn(5, 4)
ens = vmap(fmodel, in_dims=(0, 0, None))(params, buffers, x)
print(ens.shape, torch.allclose(ens[1], models[1](x), atol=1e-6), {k: tuple(v.shape) for k, v in params.items()})
net = MLP()
p = {k: v.detach() for k, v in net.named_parameters()}


def fnet_single(params, x):
    return functional_call(net, params, (x.unsqueeze(0),)).squeeze(0)


def empirical_ntk(params, x1, x2):
    jac1 = vmap(jacrev(fnet_single), (None, 0))(params, x1)
    jac2 = vmap(jacrev(fnet_single), (None, 0))(params, x2)
    jac1, jac2 = [j.flatten(2) for j in jac1.values()], [j.flatten(2) for j in jac2.values()]
    return torch.stack([torch.einsum("Naf,Mbf->NMab", j1, j2) for j1, j2 in zip(jac1, jac2)]).sum(0)


ntk = empirical_ntk(p, x[:3], x[3:])
print(ntk.shape, ntk[0, 0])


def loss_with_aux(w, x):
    out = x @ w
    return out.pow(2).mean(), out.detach().mean()


g, aux = grad(loss_with_aux, has_aux=True)(torch.ones(4, 2), x)
print(g, aux)


class Cube(torch.autograd.Function):
    generate_vmap_rule = True

    @staticmethod
    def forward(x):
        return x ** 3

    @staticmethod
    def setup_context(ctx, inputs, output):
        ctx.save_for_backward(inputs[0])

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return 3 * x ** 2 * g


print(vmap(grad(lambda t: Cube.apply(t).sum()))(torch.arange(6.0).view(3, 2)))
print(Cube.apply(torch.tensor([2.0], requires_grad=True)).grad_fn.name())
