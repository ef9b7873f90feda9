# A small complex-valued model: complex parameters (nn.Parameter of cfloat), a complex linear map fitted to a
# complex target with a real loss (|error|²), Adam on complex parameters, and checking Wirtinger gradients.
import torch
import torch.nn as nn

torch.manual_seed(0)
true_W = torch.tensor([[1 + 1j, 0.5 - 0.2j], [-0.3j, 2.0 + 0j]], dtype=torch.cfloat)
x = torch.complex(torch.randn(16, 2), torch.randn(16, 2))
y = x @ true_W.T


class ComplexLinear(nn.Module):
    def __init__(self, n, m):
        super().__init__()
        self.weight = nn.Parameter(torch.zeros(m, n, dtype=torch.cfloat))
        self.bias = nn.Parameter(torch.zeros(m, dtype=torch.cfloat))

    def forward(self, x):
        return x @ self.weight.T + self.bias


model = ComplexLinear(2, 2)
print([(n, p.dtype, p.is_complex()) for n, p in model.named_parameters()])
opt = torch.optim.Adam(model.parameters(), lr=0.05)
for step in range(60):
    err = model(x) - y
    loss = (err.abs() ** 2).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 20 == 0:
        print(step, round(loss.item(), 5), model.weight.grad.dtype)
print(torch.view_as_real(model.weight.detach()).round(decimals=2))
z = torch.tensor([1 + 2j, -1 + 0.5j], requires_grad=True)
(z.abs() ** 2).sum().backward()
print(z.grad)
w = torch.tensor([0.5 - 1j], requires_grad=True)
(w * w.conj()).real.sum().backward()
print(w.grad, torch.view_as_real(w.detach()))
s = torch.tensor(2.0 + 1j, requires_grad=True)
(s * torch.tensor(3.0 - 2j)).real.backward()
print(s.grad)
