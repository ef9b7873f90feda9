# Complex tensors in signal-processing notes: an rfft low-pass filter, complex arithmetic with alpha (add/sub,
# in place too), polar/abs/angle, a circular convolution via the FFT checked against a direct sum.
import math

import torch

torch.manual_seed(0)
n = 16
t = torch.arange(n, dtype=torch.float32)
signal = torch.sin(2 * math.pi * t / 8) + 0.5 * torch.sin(2 * math.pi * 5 * t / 16) + 0.1 * torch.randn(n)
spec = torch.fft.rfft(signal)
print(spec.shape, spec.dtype, spec.abs().argmax().item())
mask = torch.arange(spec.shape[0]) < 4
smooth = torch.fft.irfft(spec * mask, n=n)
print(smooth.round(decimals=4))
z = torch.complex(torch.tensor([1.0, 2.0]), torch.tensor([0.5, -1.0]))
w = torch.polar(torch.tensor([2.0, 1.0]), torch.tensor([math.pi / 4, -math.pi / 2]))
print(z.sub(w, alpha=2), torch.sub(z, w, alpha=0.5), torch.add(z, w, alpha=3))
print(z.add(torch.tensor([1.0, 1.0]), alpha=2), torch.tensor([1.0, 1.0]).sub(z, alpha=2))
acc = z.clone()
acc.add_(w, alpha=-1)
acc.sub_(w)
print(acc, (z - 2 * w))
print(w.abs(), w.angle(), (z * w.conj()).real, z.imag)
a, b = torch.randn(8), torch.randn(8)
circ = torch.fft.ifft(torch.fft.fft(a) * torch.fft.fft(b)).real
direct = torch.stack([sum(a[j] * b[(k - j) % 8] for j in range(8)) for k in range(8)])
print(torch.allclose(circ, direct, atol=1e-5), circ[:3])
x = torch.randn(8, requires_grad=True)
energy = torch.fft.rfft(x).abs().pow(2).sum()
energy.backward()
print(energy.item(), x.grad[:4])
print(torch.view_as_real(torch.fft.fft(torch.tensor([1.0, 0.0, -1.0, 0.0]))))
