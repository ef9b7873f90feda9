"""Logging a model's inputs: shapes built from torch.Size arithmetic, distribution reprs, a rolled sequence batch."""
import torch
from torch.distributions import Bernoulli, Categorical, Normal

torch.manual_seed(0)
x = torch.randn(4, 3)
batch_shape = (2,) + x.shape[1:]
print(batch_shape, type(batch_shape) is type(x.shape), x.shape[:1] * 2, 2 * torch.Size([1]))
print(torch.zeros(x.shape + (2,)).shape, torch.zeros(torch.Size([2]) * 2).shape, x.new_zeros((1,) + x.shape).shape)
try:
    x.shape + [5]
except TypeError as e:
    print("TypeError", e)
policy = Normal(torch.tensor([0.5]), torch.tensor([1.0]))
print(policy, Normal(torch.tensor(0.0), torch.tensor(2.0)), Bernoulli(torch.tensor([0.25])))
print(Categorical(logits=torch.zeros(3)), Normal(torch.zeros(2), torch.ones(2)))
seq = torch.arange(8.0).view(2, 4).requires_grad_()
shifted = seq.roll(1)
print(shifted, shifted.grad_fn.name())
(shifted * torch.arange(8.0).view(2, 4)).sum().backward()
print(seq.grad)
print(seq.detach().roll(-1, 1), torch.roll(seq.detach(), shifts=(1, 1), dims=(0, 1)))
