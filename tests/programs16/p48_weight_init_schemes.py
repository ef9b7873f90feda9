"""Weight init schemes via apply(): xavier/kaiming/orthogonal/normal with a seed; statistics printed."""
import math

import torch
import torch.nn as nn


def init_weights(m):
    if isinstance(m, nn.Linear):
        nn.init.xavier_uniform_(m.weight, gain=nn.init.calculate_gain("tanh"))
        nn.init.constant_(m.bias, 0.01)
    elif isinstance(m, nn.Conv2d):
        nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
        if m.bias is not None:
            nn.init.zeros_(m.bias)
    elif isinstance(m, nn.Embedding):
        nn.init.normal_(m.weight, mean=0.0, std=0.02)


torch.manual_seed(0)
model = nn.Sequential(nn.Conv2d(3, 8, 3), nn.Flatten(), nn.Linear(8, 64), nn.Embedding(5, 4))
model.apply(init_weights)
lin = model[2]
bound = nn.init.calculate_gain("tanh") * math.sqrt(6 / (8 + 64))
print(lin.weight.abs().max() <= bound, lin.bias[:3])
print(f"conv std {model[0].weight.std():.4f} expected {math.sqrt(2 / (8 * 9)):.4f}")
print(model[3].weight.shape, model[0].bias.abs().sum())
q = torch.empty(4, 4)
nn.init.orthogonal_(q)
print(torch.allclose(q @ q.T, torch.eye(4), atol=1e-5))
print(nn.init.calculate_gain("leaky_relu", 0.2), nn.init.calculate_gain("relu"), nn.init.calculate_gain("linear"))
t = torch.empty(3, 5)
nn.init.trunc_normal_(t, std=0.02, a=-0.04, b=0.04)
print(t.abs().max() <= 0.04)
print(nn.init.eye_(torch.empty(2, 3)), nn.init.dirac_(torch.empty(2, 2, 3)).sum())
