"""torch.fft low-pass smoothing of a noisy signal, rfft/irfft, fftfreq, power spectrum."""
import math

import torch

torch.manual_seed(0)
n = 64
t = torch.arange(n) / n
clean = torch.sin(2 * math.pi * 3 * t)
noisy = clean + 0.3 * torch.randn(n)
spec = torch.fft.rfft(noisy)
print(spec.shape, spec.dtype)
freqs = torch.fft.rfftfreq(n, d=1 / n)
print(freqs[:6])
spec[freqs > 5] = 0
smooth = torch.fft.irfft(spec, n=n)
print(f"noisy err {(noisy - clean).pow(2).mean():.4f} smooth err {(smooth - clean).pow(2).mean():.4f}")
power = spec.abs() ** 2
print(power.argmax(), power[:5].round(decimals=1))
full = torch.fft.fft(clean)
print(full.abs()[:5].round(decimals=3), torch.fft.fftfreq(8))
print(torch.allclose(torch.fft.ifft(full).real, clean, atol=1e-5))
print(torch.fft.fftshift(torch.arange(6)))
x = torch.tensor([1.0, 2.0, 3.0, 4.0], requires_grad=True)
torch.fft.rfft(x).abs().sum().backward()
print(x.grad)
