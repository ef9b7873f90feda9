# Self-normalizing networks: SELU with lecun_normal init (kaiming_normal_ with nonlinearity='linear'),
# AlphaDropout keeps mean/variance, RReLU's random slopes in training and fixed mean slope in eval.
import torch
import torch.nn as nn

torch.manual_seed(0)
layers = []
for i in range(4):
    lin = nn.Linear(16, 16)
    nn.init.kaiming_normal_(lin.weight, nonlinearity="linear")
    nn.init.zeros_(lin.bias)
    layers += [lin, nn.SELU(), nn.AlphaDropout(0.1)]
snn = nn.Sequential(*layers)
x = torch.randn(512, 16)
snn.eval()
with torch.no_grad():
    h = x
    for m in snn:
        h = m(h)
        if isinstance(m, nn.SELU):
            print(f"eval  mean {h.mean().item():+.3f} std {h.std().item():.3f}")
snn.train()
with torch.no_grad():
    h = snn(x)
print(f"train mean {h.mean().item():+.3f} std {h.std().item():.3f}")
ad = nn.AlphaDropout(0.5)
z = torch.randn(2000)
out = ad(z)
print("alpha dropout distinct values dropped", round((out == out.min()).float().mean().item(), 2) > 0.3,
      round(out.mean().item(), 1), round(out.std().item(), 1))
print(nn.FeatureAlphaDropout(0.2).eval()(z[:4]).tolist() == z[:4].tolist())
rrelu = nn.RReLU(0.1, 0.3)
v = torch.tensor([-2.0, -1.0, 0.5, 3.0])
rrelu.eval()
print("eval slope", rrelu(v).tolist(), (0.1 + 0.3) / 2)
rrelu.train()
r = rrelu(-torch.ones(1000))
print("train slopes in range", bool(((-r >= 0.1) & (-r <= 0.3)).all()), round(-r.mean().item(), 1))
print(torch.nn.functional.selu(v), torch.nn.functional.celu(v, alpha=0.5))
