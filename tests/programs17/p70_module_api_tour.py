# A tour of the nn.Module API as a course notebook walks it: shared submodules and named_modules(remove_duplicate),
# persistent and non-persistent buffers, get_submodule/get_parameter/get_buffer, load_state_dict(strict=False) and its
# _IncompatibleKeys, zero_grad, requires_grad_, half()/float() on buffers, keep_vars, deepcopy, whole-model save/load,
# the containers' _modules (a plain dict), Sequential deletion/append/insert, and tensor size facts.
import copy
import io

import torch
import torch.nn as nn

torch.manual_seed(0)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Linear(2, 3)
        self.b = nn.Sequential(nn.BatchNorm1d(3), nn.ReLU())
        self.shared = self.a
        self.register_buffer("steps", torch.zeros((), dtype=torch.long))
        self.register_buffer("cache", torch.ones(2), persistent=False)
        self.scale = nn.Parameter(torch.tensor(1.5))

    def forward(self, x):
        self.steps += 1
        return self.b(self.a(x)) * self.scale


net = Net()
print([n for n, _ in net.named_modules()], [n for n, _ in net.named_modules(remove_duplicate=False)])
print(list(net.state_dict().keys()))
print([n for n, _ in net.named_buffers()], net.get_submodule("b.0"), net.get_parameter("a.bias").shape,
      net.get_buffer("steps"))
r = net.load_state_dict({"a.weight": torch.zeros(3, 2), "extra": torch.ones(1)}, strict=False)
print(r, r.missing_keys[:2], type(r).__name__)
try:
    net.load_state_dict({"a.weight": torch.zeros(2, 2)}, strict=False)
except RuntimeError as e:
    print(str(e).splitlines()[0])
net(torch.randn(4, 2)).sum().backward()
print(net.steps, net.a.weight.grad)
net.zero_grad()
print(net.a.weight.grad, net.scale.grad)
net.requires_grad_(False)
print(all(not p.requires_grad for p in net.parameters()), net.training, net.train(False).training, net.b[0].training)
net.half()
print(net.a.weight.dtype, net.steps.dtype, net.cache.dtype, net.b[0].running_mean.dtype)
net.float()
sd = net.state_dict(keep_vars=True)
print(type(sd["a.weight"]).__name__, sd["a.weight"].requires_grad, type(net.state_dict()["a.weight"]).__name__)
n2 = copy.deepcopy(net)
print(n2.shared is n2.a, n2.a.weight is net.a.weight)
buf = io.BytesIO()
torch.save(net, buf)
buf.seek(0)
n3 = torch.load(buf, weights_only=False)
print(type(n3).__name__, n3.steps, torch.equal(n3.a.weight, net.a.weight))
print(net.extra_repr() == "", sum(1 for _ in net.children()), sum(1 for _ in net.modules()))
print(net.__class__.__name__, repr(net.scale), net.b._modules.keys())
del net.b[1]
print(net.b, len(net.b))
net.b.append(nn.Tanh())
net.b.insert(0, nn.Identity())
print(net.b[-1], net.b[0:2])
x = torch.ones(1, 2)
x.requires_grad_()
out = nn.Linear(2, 1)(x)
print(out.is_leaf, out.grad_fn.name(), x.is_leaf, torch.is_tensor(out), torch.numel(out))
print(out.element_size(), out.nbytes, out.itemsize)
