# Global hooks for every module (nn.modules.module.register_module_forward_pre_hook/forward_hook/
# full_backward_hook) to count calls and record activation statistics; per-module full backward pre-hooks that
# scale the incoming gradient; with_kwargs forward hooks.
import torch
import torch.nn as nn
from torch.nn.modules.module import (register_module_forward_hook, register_module_forward_pre_hook,
                                     register_module_full_backward_hook)

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 1))
calls, stats, backs = [], {}, []
h1 = register_module_forward_pre_hook(lambda m, inp: calls.append(type(m).__name__))
h2 = register_module_forward_hook(lambda m, inp, out: stats.__setitem__(type(m).__name__ + str(id(m) % 1), round(out.abs().mean().item(), 4)))
h3 = register_module_full_backward_hook(lambda m, gi, go: backs.append((type(m).__name__, [None if g is None else tuple(g.shape) for g in gi])))
x = torch.linspace(-1, 1, 6).view(2, 3)
model(x).sum().backward()
print(calls)
print(sorted(stats))
print(backs)
for h in (h1, h2, h3):
    h.remove()
calls.clear()
model(x)
print("after remove", calls)


def scale_grad(module, grad_output):
    return (grad_output[0] * 10,)


model.zero_grad()
model[2].register_full_backward_pre_hook(scale_grad)
model(x).sum().backward()
g10 = model[0].weight.grad.clone()
print(round(model[2].weight.grad.abs().sum().item(), 5), round(g10.abs().sum().item(), 5))


def kw_hook(module, args, kwargs, output):
    print("kwargs seen", sorted(kwargs), tuple(output.shape))


class Scaled(nn.Module):
    def forward(self, x, scale=1.0):
        return x * scale


s = Scaled()
s.register_forward_hook(kw_hook, with_kwargs=True)
s.register_forward_pre_hook(lambda m, args, kwargs: (args, {"scale": 3.0}), with_kwargs=True)
print(s(torch.ones(2), scale=2.0))
