# A Fourier neural-operator layer: rfft of a 1-d signal, complex weights (cfloat Parameters) multiplying the
# lowest modes with einsum, irfft back with n=, trained with Adam on a smoothing target; fftfreq/fftshift and
# a spectrum printed; complex autograd through abs/angle.
import math
import torch
import torch.nn as nn

torch.manual_seed(0)


class SpectralConv1d(nn.Module):
    def __init__(self, cin, cout, modes):
        super().__init__()
        self.modes = modes
        scale = 1 / (cin * cout)
        self.weights = nn.Parameter(scale * torch.rand(cin, cout, modes, dtype=torch.cfloat))

    def forward(self, x):
        x_ft = torch.fft.rfft(x)
        out_ft = torch.zeros(x.size(0), self.weights.size(1), x.size(-1) // 2 + 1, dtype=torch.cfloat)
        out_ft[:, :, :self.modes] = torch.einsum("bix,iox->box", x_ft[:, :, :self.modes], self.weights)
        return torch.fft.irfft(out_ft, n=x.size(-1))


layer = SpectralConv1d(1, 1, 4)
t = torch.linspace(0, 2 * math.pi, 16)
x = (torch.sin(t) + 0.3 * torch.randn(3, 16)).unsqueeze(1)
target = torch.sin(t).expand(3, 1, 16)
opt = torch.optim.Adam(layer.parameters(), lr=0.05)
for step in range(4):
    loss = (layer(x) - target).pow(2).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(step, f"{loss.item():.6f}", layer.weights.grad.dtype)
print(layer.weights.data[0, 0, :2])
print(torch.fft.fftfreq(6, d=0.5), torch.fft.fftshift(torch.arange(6)), torch.fft.rfftfreq(6))
spec = torch.fft.fft(torch.tensor([1.0, 2.0, 0.0, -1.0]))
print(spec, spec.abs(), spec.angle(), torch.fft.ifft(spec).real)
z = torch.tensor([1.0 + 1.0j, -2.0 + 0.5j], requires_grad=True)
(z.abs().sum() + z.angle().sum()).backward()
print(z.grad, torch.view_as_real(z.detach()), torch.polar(torch.tensor([2.0]), torch.tensor([0.5])))
