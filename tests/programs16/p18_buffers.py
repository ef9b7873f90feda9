"""register_buffer (persistent and persistent=False), buffers in state_dict, .to(dtype) of buffers."""
import torch
import torch.nn as nn


class Norm(nn.Module):
    def __init__(self, n):
        super().__init__()
        self.register_buffer("mean", torch.zeros(n))
        self.register_buffer("count", torch.tensor(0))
        self.register_buffer("cache", torch.ones(n), persistent=False)
        self.register_buffer("nothing", None)

    def forward(self, x):
        if self.training:
            self.count += 1
            self.mean.mul_(0.9).add_(0.1 * x.mean(0))
        return x - self.mean + self.cache


m = Norm(3)
print(list(m.state_dict().keys()), [n for n, _ in m.named_buffers()])
m(torch.ones(2, 3) * 5)
print(m.mean, m.count, m.nothing)
m.eval()
print(m(torch.zeros(1, 3)))
sd = m.state_dict()
m2 = Norm(3)
print(m2.load_state_dict(sd))
print(m2.mean, m2.count)
m.double()
print(m.mean.dtype, m.count.dtype, m.cache.dtype, len(list(m.parameters())))
print(m.mean.requires_grad, isinstance(m.mean, nn.Parameter))
try:
    m.register_buffer("mean", torch.zeros(1))
    print("rebound", m.mean)
except KeyError as e:
    print("KeyError")
