# A custom module with register_buffer (persistent and not), saved with torch.save to a BytesIO and loaded back:
# what the state_dict holds, load_state_dict(strict=False)'s missing/unexpected keys, and a whole checkpoint dict.
import io

import torch
import torch.nn as nn

torch.manual_seed(0)


class Normalizer(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.register_buffer("mean", torch.zeros(d))
        self.register_buffer("count", torch.tensor(0))
        self.register_buffer("scratch", torch.ones(d), persistent=False)
        self.lin = nn.Linear(d, 2)

    def forward(self, x):
        if self.training:
            with torch.no_grad():
                n = self.count + x.shape[0]
                self.mean.mul_(self.count / n).add_(x.sum(0) / n)
                self.count.fill_(n.item())
        return self.lin(x - self.mean)


m = Normalizer(3)
for _ in range(3):
    m(torch.randn(4, 3) + 1)
print(list(m.state_dict().keys()), [n for n, _ in m.named_buffers()])
print(m.mean, m.count)
buf = io.BytesIO()
torch.save({"model": m.state_dict(), "epoch": 3, "note": "ckpt"}, buf)
buf.seek(0)
ck = torch.load(buf)
m2 = Normalizer(3)
print(m2.load_state_dict(ck["model"]))
print(ck["epoch"], ck["note"], torch.equal(m2.mean, m.mean), m2.count.item(), m2.count.dtype)
sd = dict(ck["model"])
sd.pop("mean")
sd["extra.weight"] = torch.zeros(1)
res = Normalizer(3).load_state_dict(sd, strict=False)
print(sorted(res.missing_keys), sorted(res.unexpected_keys))
try:
    Normalizer(3).load_state_dict(sd)
except RuntimeError as e:
    print("strict load failed:", str(e).splitlines()[0])
m2.eval()
x = torch.randn(2, 3)
print(torch.allclose(m(x), m2(x)), m2.training, m2.lin.training)
buf2 = io.BytesIO()
torch.save(m2, buf2)
buf2.seek(0)
m3 = torch.load(buf2, weights_only=False)
print(type(m3).__name__, torch.equal(m3.lin.weight, m2.lin.weight))
m.float()
m.to(torch.float64)
print(m.mean.dtype, m.count.dtype, m.lin.weight.dtype)
