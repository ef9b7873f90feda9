# The nn.Module API that framework tutorials walk through: named_modules/children/named_parameters/buffers,
# register_buffer(persistent=False), ModuleDict/ModuleList/ParameterList/ParameterDict, Sequential slicing,
# append and insertion, freezing with requires_grad_(False), apply, extra_repr, train/eval flags, to(dtype).
from collections import OrderedDict

import torch
import torch.nn as nn

torch.manual_seed(0)


class Block(nn.Module):
    def __init__(self, n):
        super().__init__()
        self.n = n
        self.lin = nn.Linear(n, n)
        self.register_buffer("count", torch.zeros(1))
        self.register_buffer("cache", torch.ones(2), persistent=False)
        self.scales = nn.ParameterList([nn.Parameter(torch.ones(n)) for _ in range(2)])

    def extra_repr(self):
        return f"n={self.n}"

    def forward(self, x):
        self.count += 1
        return self.lin(x) * self.scales[0] * self.scales[1]


model = nn.Sequential(OrderedDict([("b1", Block(3)), ("act", nn.ReLU()), ("b2", Block(3))]))
model.heads = nn.ModuleDict({"cls": nn.Linear(3, 2), "reg": nn.Linear(3, 1)})
model.extra = nn.ParameterDict({"temp": nn.Parameter(torch.tensor(1.0))})
print(model)
print([n for n, _ in model.named_modules()])
print([n for n, _ in model.named_parameters()])
print([n for n, _ in model.named_buffers()], list(model.state_dict()))
print([type(c).__name__ for c in model.children()], len(model), type(model[:2]).__name__, model[-1])
model.b1.requires_grad_(False)
print(sum(p.numel() for p in model.parameters() if p.requires_grad), model.b1.lin.weight.requires_grad)
out = model[:3](torch.randn(2, 3))
print(model.b1.count, model.b2.count, out.requires_grad)
model.apply(lambda m: nn.init.zeros_(m.bias) if isinstance(m, nn.Linear) else None)
print(model.heads["cls"].bias, model.b2.lin.bias)
model.eval()
print(model.training, model.b1.training, model.train().heads.training)
seq = nn.Sequential(nn.Linear(2, 2))
seq.append(nn.Tanh())
seq.insert(0, nn.Identity())
seq.extend([nn.Dropout(0.1)])
print(seq, seq.to(torch.float64)[1].weight.dtype)
del seq[0]
print(len(seq), model.get_submodule("heads.reg").out_features, model.get_parameter("extra.temp").item())
