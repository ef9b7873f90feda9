# A multi-task model whose per-task scales live in an nn.ParameterDict built from a plain dict (torch keeps a
# plain dict's keys sorted; an OrderedDict's in order), with 'same'-padded convolutions; the printed model, the
# order of named_parameters / state_dict keys, and an Adam step over the dict's parameters.
from collections import OrderedDict

import torch
import torch.nn as nn


class MultiTask(nn.Module):
    def __init__(self):
        super().__init__()
        self.trunk = nn.Sequential(nn.Conv2d(1, 4, 3, padding="same"), nn.ReLU(),
                                   nn.Conv2d(4, 4, (3, 5), padding="same", dilation=(1, 2)), nn.ReLU(),
                                   nn.AdaptiveAvgPool2d(1), nn.Flatten())
        self.scales = nn.ParameterDict({"segmentation": nn.Parameter(torch.ones(1)),
                                        "depth": nn.Parameter(torch.full((1,), 2.0)),
                                        "normals": nn.Parameter(torch.zeros(1))})
        self.heads = nn.ModuleDict(OrderedDict([("segmentation", nn.Linear(4, 3)), ("depth", nn.Linear(4, 1)),
                                                ("normals", nn.Linear(4, 3))]))

    def forward(self, x):
        h = self.trunk(x)
        return {k: self.heads[k](h) * self.scales[k] for k in self.heads}


torch.manual_seed(0)
model = MultiTask()
print(model)
print([n for n, _ in model.named_parameters()])
print(list(model.state_dict().keys())[-3:], list(model.scales.keys()), list(model.heads.keys()))
out = model(torch.randn(2, 1, 6, 6))
print({k: tuple(v.shape) for k, v in out.items()})
loss = sum(v.pow(2).mean() for v in out.values())
opt = torch.optim.Adam(model.scales.parameters(), lr=0.1)
loss.backward()
opt.step()
print([round(p.item(), 4) for p in model.scales.values()], sorted(opt.state_dict()["state"]))
model.scales.update({"zeta": nn.Parameter(torch.ones(1)), "alpha": nn.Parameter(torch.ones(1))})
model.scales.update(OrderedDict([("omega", nn.Parameter(torch.ones(1))), ("beta", nn.Parameter(torch.ones(1)))]))
print(list(model.scales.keys()))
