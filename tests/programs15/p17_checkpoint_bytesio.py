# Saving and loading a checkpoint: model and optimizer state_dicts plus epoch and loss in one dict written by
# torch.save to a BytesIO, torch.load with map_location and weights_only, load_state_dict into fresh objects
# (strict and non-strict), and training resumed to the same numbers.
import io
import torch
import torch.nn as nn
import torch.optim as optim

torch.manual_seed(0)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(4, 8)
        self.bn = nn.BatchNorm1d(8)
        self.fc2 = nn.Linear(8, 1)

    def forward(self, x):
        return self.fc2(torch.relu(self.bn(self.fc1(x))))


def train(model, opt, x, y, n):
    for _ in range(n):
        opt.zero_grad()
        loss = nn.functional.mse_loss(model(x), y)
        loss.backward()
        opt.step()
    return loss.item()


x, y = torch.randn(16, 4), torch.randn(16, 1)
model = Net()
opt = optim.RMSprop(model.parameters(), lr=0.01, momentum=0.5)
loss = train(model, opt, x, y, 3)
buf = io.BytesIO()
torch.save({"epoch": 3, "model_state_dict": model.state_dict(), "optimizer_state_dict": opt.state_dict(),
            "loss": loss}, buf)
print("saved bytes > 0:", buf.tell() > 0)
after = train(model, opt, x, y, 2)

buf.seek(0)
ckpt = torch.load(buf, map_location="cpu", weights_only=True)
model2 = Net()
opt2 = optim.RMSprop(model2.parameters(), lr=0.01, momentum=0.5)
print(model2.load_state_dict(ckpt["model_state_dict"]))
opt2.load_state_dict(ckpt["optimizer_state_dict"])
print(ckpt["epoch"], f"{ckpt['loss']:.6f}", list(ckpt["model_state_dict"])[:4])
print(f"{after:.6f}", f"{train(model2, opt2, x, y, 2):.6f}")
partial = {k: v for k, v in model.state_dict().items() if k.startswith("fc")}
res = Net().load_state_dict(partial, strict=False)
print(res.missing_keys, res.unexpected_keys)
print(opt2.state_dict()["param_groups"][0]["lr"], sorted(opt2.state_dict()["state"][0]))
