# Lazy modules infer their input sizes on the first call (LazyLinear, LazyConv2d, LazyBatchNorm2d); skip_init
# builds a module without running its initialisation; the optimizer is made after a dry run as the docs advise.
import torch
import torch.nn as nn

torch.manual_seed(0)
net = nn.Sequential(nn.LazyConv2d(4, 3, padding=1), nn.LazyBatchNorm2d(), nn.ReLU(), nn.Flatten(), nn.LazyLinear(3))
print(net)
print([type(p).__name__ for p in net.parameters()][:2], net[0].has_uninitialized_params())
x = torch.sin(torch.arange(2 * 2 * 5 * 5, dtype=torch.float32)).view(2, 2, 5, 5)
out = net(x)
print(net)
print(out.shape, [tuple(p.shape) for p in net.parameters()])
print(type(net[0]).__name__, type(net[4]).__name__, net[4].in_features)
opt = torch.optim.SGD(net.parameters(), lr=0.1)
y = torch.tensor([0, 2])
for step in range(3):
    loss = nn.functional.cross_entropy(net(x), y)
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(step, round(loss.item(), 5))
lin = torch.nn.utils.skip_init(nn.Linear, 5, 3)
print(type(lin).__name__, lin.weight.shape, lin.bias.shape)
nn.init.constant_(lin.weight, 0.1)
nn.init.zeros_(lin.bias)
print(lin(torch.ones(1, 5)))
emb = torch.nn.utils.skip_init(nn.Embedding, 4, 2, padding_idx=0)
print(emb.padding_idx, emb.weight.shape)
lazy = nn.LazyLinear(2)
sd = nn.Linear(6, 2).state_dict()
lazy.load_state_dict(sd)
print(type(lazy).__name__, lazy.weight.shape, torch.equal(lazy.weight, sd["weight"]))
