"""nn.Sequential from an OrderedDict, add_module, insert/append, state_dict keys, get_submodule."""
from collections import OrderedDict

import torch
import torch.nn as nn

torch.manual_seed(0)
net = nn.Sequential(OrderedDict([("fc1", nn.Linear(3, 5)), ("act", nn.ReLU()), ("fc2", nn.Linear(5, 2))]))
print(net.fc1, net[0] is net.fc1, list(net.state_dict()))
net.add_module("out", nn.Softmax(dim=-1))
print(len(net), [n for n, _ in net.named_children()])
print(net(torch.ones(1, 3)).sum())
seq = nn.Sequential(nn.Linear(2, 2))
seq.append(nn.Tanh())
seq.insert(0, nn.Identity())
print(seq)
print(net.get_submodule("fc2").out_features, net.get_parameter("fc1.bias").shape)
del net[3]
print(len(net), net[-1])
ml = nn.ModuleList([nn.Linear(2, 2) for _ in range(3)])
ml.extend([nn.ReLU()])
print(len(ml), ml[1:3].__class__.__name__, ml.__class__.__name__)
for i, layer in enumerate(ml[:2]):
    print(i, tuple(layer.weight.shape))
print(list(dict(net.named_parameters()).keys()))
