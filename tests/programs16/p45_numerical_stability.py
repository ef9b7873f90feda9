"""Numerically stable idioms: logsumexp, log_softmax vs log(softmax), softplus, log1p/expm1, clamp eps."""
import torch
import torch.nn.functional as F

x = torch.tensor([1000.0, 1001.0, 999.0])
print(torch.logsumexp(x, 0), x.exp().sum().log())
print(F.log_softmax(x, 0), torch.log(F.softmax(x, 0)))
print(F.softplus(torch.tensor([-50.0, 0.0, 50.0])), F.softplus(torch.tensor([1.0]), beta=2, threshold=1))
small = torch.tensor([1e-10, 1e-5])
print(torch.log1p(small), torch.expm1(small))
p = torch.tensor([0.0, 0.5, 1.0])
print(torch.log(p.clamp(min=1e-7)), torch.xlogy(p, p))
print(torch.sigmoid(torch.tensor([-100.0, 100.0])), F.logsigmoid(torch.tensor([-100.0, 100.0])))
print(F.binary_cross_entropy(torch.tensor([0.0, 1.0]), torch.tensor([0.0, 1.0])))
print(torch.special.logit(torch.tensor([0.25, 0.5]), eps=1e-6), torch.special.entr(torch.tensor([0.5, 0.0])))
z = torch.tensor([3.0, 4.0], requires_grad=True)
torch.linalg.vector_norm(z).backward()
print(z.grad, torch.hypot(torch.tensor(3.0), torch.tensor(4.0)))
print(torch.finfo(torch.float32).eps, torch.finfo(torch.float16).max, torch.iinfo(torch.int32).max)
print(torch.isfinite(torch.tensor([1.0, float("inf"), float("nan")])), torch.tensor(1e-45) > 0)
