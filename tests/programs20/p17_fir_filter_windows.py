# Designing a windowed-sinc low-pass FIR filter with torch window functions (hann, hamming, blackman, kaiser,
# bartlett), applying it with conv1d, and looking at the spectrum with torch.fft.rfft.
import math

import torch
import torch.nn.functional as F

N = 31
n = torch.arange(N, dtype=torch.float64) - (N - 1) / 2
cutoff = 0.2
ideal = 2 * cutoff * torch.sinc(2 * cutoff * n)
windows = {
    "hann": torch.hann_window(N, periodic=False, dtype=torch.float64),
    "hamming": torch.hamming_window(N, periodic=False, dtype=torch.float64),
    "blackman": torch.blackman_window(N, periodic=False, dtype=torch.float64),
    "kaiser": torch.kaiser_window(N, periodic=False, beta=8.0, dtype=torch.float64),
    "bartlett": torch.bartlett_window(N, periodic=False, dtype=torch.float64),
}
t = torch.arange(256, dtype=torch.float64)
signal = torch.sin(2 * math.pi * 0.05 * t) + 0.5 * torch.sin(2 * math.pi * 0.4 * t)
for name, w in windows.items():
    h = ideal * w
    h = h / h.sum()
    y = F.conv1d(signal.view(1, 1, -1), h.flip(0).view(1, 1, -1), padding=N // 2).view(-1)
    spec = torch.fft.rfft(y[N:-N]).abs()
    freqs = torch.fft.rfftfreq(len(y) - 2 * N)
    low = spec[(freqs - 0.05).abs().argmin()].item()
    high = spec[(freqs - 0.4).abs().argmin()].item()
    print(f"{name:9s} sum {w.sum().item():8.4f} passband {low:8.3f} stopband {high:8.4f}")
print(torch.hann_window(8), torch.kaiser_window(6, True, 5.0))
print(torch.hamming_window(5, periodic=True, alpha=0.5, beta=0.5).round(decimals=5))
print(torch.signal.windows.gaussian(7, std=1.5).round(decimals=5))
print(torch.signal.windows.exponential(5, tau=2.0).round(decimals=5))
print(torch.signal.windows.cosine(5).round(decimals=5), torch.signal.windows.nuttall(5).round(decimals=5))
