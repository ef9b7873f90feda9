"""torch.save/load of a whole checkpoint dict (model, optimizer, epoch, tensors) and resuming."""
import io

import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
opt = torch.optim.Adam(model.parameters(), lr=0.01)
x, y = torch.randn(8, 2), torch.randn(8, 1)
for _ in range(3):
    opt.zero_grad()
    nn.functional.mse_loss(model(x), y).backward()
    opt.step()
buf = io.BytesIO()
torch.save({"epoch": 3, "model": model.state_dict(), "optim": opt.state_dict(), "x": x, "note": "ok",
            "hist": [torch.tensor(1.0), 2.0]}, buf)
buf.seek(0)
ck = torch.load(buf)
print(sorted(ck), ck["epoch"], ck["note"], ck["hist"])
print(ck["optim"]["param_groups"][0]["lr"], sorted(ck["optim"]["state"][0]), ck["optim"]["state"][0]["step"])
m2 = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
o2 = torch.optim.Adam(m2.parameters(), lr=0.5)
m2.load_state_dict(ck["model"])
o2.load_state_dict(ck["optim"])
print(o2.param_groups[0]["lr"], torch.equal(ck["x"], x))
for m, o in ((model, opt), (m2, o2)):
    o.zero_grad()
    nn.functional.mse_loss(m(x), y).backward()
    o.step()
print(torch.allclose(model[0].weight, m2[0].weight), f"{model[2].bias.item():.6f}")
buf2 = io.BytesIO()
torch.save(model, buf2)
buf2.seek(0)
whole = torch.load(buf2, weights_only=False)
print(type(whole).__name__, torch.equal(whole(x), model(x)))
