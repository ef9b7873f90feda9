# Hooks as the tutorials use them: forward hooks collecting activations, a forward pre-hook rescaling input,
# full backward hooks printing grad_output norms, tensor.register_hook changing a gradient, hook handles
# removed, and a module-level register_forward_hook with_kwargs.
import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
activations, grads, log = {}, {}, []


def save_activation(name):
    def hook(module, inp, out):
        activations[name] = out.detach()
    return hook


def backward_hook(module, grad_input, grad_output):
    grads[type(module).__name__ + str(len(grads))] = grad_output[0].norm().item()
    log.append((len(grad_input), grad_input[0] is None))


handles = [model[i].register_forward_hook(save_activation(f"layer{i}")) for i in range(3)]
handles.append(model[2].register_full_backward_hook(backward_hook))
handles.append(model[0].register_forward_pre_hook(lambda m, args: (args[0] * 2,)))
x = torch.randn(5, 3, requires_grad=True)
out = model(x)
h = out.register_hook(lambda g: g * 0.5)
out.sum().backward()
print({k: tuple(v.shape) for k, v in activations.items()}, activations["layer1"].min().item() >= 0)
print({k: round(v, 5) for k, v in grads.items()}, log)
print(x.grad.sum(0))
for hd in handles:
    hd.remove()
h.remove()
x.grad = None
model(x).sum().backward()
print(x.grad.sum(0), len(activations))
lin = nn.Linear(2, 2)
seen = []
lin.register_forward_hook(lambda m, args, kwargs, out: seen.append(sorted(kwargs)), with_kwargs=True)
lin(torch.ones(1, 2))
v = torch.tensor([1.0, 2.0], requires_grad=True)
v.register_hook(lambda g: print("grad seen", g))
(v * v).sum().backward()
print(seen, v.grad)
