"""Forward hooks collecting activations by name, a backward hook on a tensor, removing handles."""
import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
acts = {}


def save(name):
    def hook(module, inp, out):
        acts[name] = out.detach()
    return hook


handles = [m.register_forward_hook(save(n)) for n, m in model.named_modules() if isinstance(m, nn.Linear)]
x = torch.randn(2, 3)
out = model(x)
print(sorted(acts), {k: tuple(v.shape) for k, v in acts.items()})
print(torch.equal(acts["2"], out.detach()))
grads = []
h = out.register_hook(lambda g: grads.append(g.clone()))
out.sum().backward()
print(grads[0])
h.remove()
for hd in handles:
    hd.remove()
acts.clear()
model(x)
print(acts)
pre = model[0].register_forward_pre_hook(lambda m, inp: (inp[0] * 0,))
print(model(x).equal(model[2](model[1](model[0].bias.expand(2, 4)))))
pre.remove()
dead = []
model[1].register_forward_hook(lambda m, i, o: dead.append((o == 0).float().mean().item()))
model(torch.randn(8, 3))
print(len(dead), 0.0 <= dead[0] <= 1.0)
