# Hooks as tutorials use them: a forward pre-hook that rescales the input, a forward hook that records
# activations, a full backward hook that reads (and clips) gradients, tensor.register_hook, and handle.remove().
import torch
import torch.nn as nn

torch.manual_seed(0)
net = nn.Sequential(nn.Linear(4, 6), nn.ReLU(), nn.Linear(6, 2))
acts, grads = {}, {}


def save_act(name):
    def hook(module, inputs, output):
        acts[name] = output.detach()
    return hook


def pre(module, inputs):
    return (inputs[0] * 2,)


def bwd(module, grad_input, grad_output):
    grads[type(module).__name__] = (grad_output[0].norm().item(), None if grad_input[0] is None else
                                     grad_input[0].shape)


h1 = net[0].register_forward_hook(save_act("fc1"))
h2 = net[0].register_forward_pre_hook(pre)
h3 = net[2].register_full_backward_hook(bwd)
x = torch.randn(3, 4, requires_grad=True)
out = net(x)
print(acts["fc1"].shape, acts["fc1"].sum().item())
seen = []
out.register_hook(lambda g: seen.append(g.clone()))
h4 = x.register_hook(lambda g: g.clamp(-0.1, 0.1))
out.sum().backward()
print(grads)
print(seen[0])
print(x.grad)
for h in (h1, h2, h3, h4):
    h.remove()
x.grad = None
net(x).sum().backward()
print(x.grad.abs().max().item() > 0.1, len(net[0]._forward_hooks), len(net[2]._backward_hooks))
count = {"n": 0}


def counter(m, i, o):
    count["n"] += 1


handles = [m.register_forward_hook(counter) for m in net.modules() if isinstance(m, nn.Linear)]
net(torch.randn(5, 4))
print(count)
[h.remove() for h in handles]
