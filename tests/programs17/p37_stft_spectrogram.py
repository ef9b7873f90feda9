# Audio front-end as speech tutorials write it with plain tensor ops: a chirp, torch.stft with a Hann window and
# return_complex=True, a power spectrogram in dB, a mel-like triangular filterbank by matmul, and istft round trip.
import math
import torch

sr, n_fft, hop = 800, 64, 16
t = torch.arange(0, 0.4, 1 / sr)
wave = torch.sin(2 * math.pi * (50 + 400 * t) * t)
window = torch.hann_window(n_fft)
spec = torch.stft(wave, n_fft=n_fft, hop_length=hop, window=window, return_complex=True)
print(spec.shape, spec.dtype)
power = spec.abs() ** 2
db = 10 * torch.log10(torch.clamp(power, min=1e-10))
print(db.max(), db.argmax(0)[:8])
freqs = torch.linspace(0, sr / 2, n_fft // 2 + 1)
centers = torch.linspace(0, sr / 2, 6)
fb = torch.clamp(1 - (freqs[:, None] - centers[None, 1:-1]).abs() / (centers[1] - centers[0]), min=0)
mel = fb.T @ power
print(fb.shape, mel.shape, mel[:, 5])
recon = torch.istft(spec, n_fft=n_fft, hop_length=hop, window=window, length=wave.numel())
print(torch.allclose(recon, wave, atol=1e-5), (recon - wave).abs().max() < 1e-4)
mag, phase = spec.abs(), spec.angle()
print(torch.polar(mag, phase).sub(spec).abs().max() < 1e-4, window[:4])
print(torch.fft.rfftfreq(8, d=1 / sr), torch.hamming_window(5, periodic=False))
