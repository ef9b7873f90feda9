"""Checkpoints on disk in a temporary directory: save a state_dict to a path, load with map_location, os.path checks."""
import os
import tempfile

import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(3, 2), nn.BatchNorm1d(2))
model(torch.randn(4, 3))
with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, "ckpt.pt")
    torch.save({"state_dict": model.state_dict(), "epoch": 7, "best_acc": 0.91}, path)
    print(os.path.exists(path), os.path.getsize(path) > 0)
    ck = torch.load(path, map_location="cpu")
    ck2 = torch.load(path, map_location=torch.device("cpu"), weights_only=True)
    print(ck["epoch"], ck["best_acc"], list(ck["state_dict"]), ck2["epoch"])
    fresh = nn.Sequential(nn.Linear(3, 2), nn.BatchNorm1d(2))
    fresh.load_state_dict(ck["state_dict"])
    fresh.eval(), model.eval()
    x = torch.randn(2, 3)
    print(torch.equal(fresh(x), model(x)), fresh[1].num_batches_tracked)
    torch.save([torch.arange(3), {"k": (1, 2)}], os.path.join(d, "misc.pth"))
    print(torch.load(os.path.join(d, "misc.pth")))
    with open(path, "rb") as f:
        print(torch.load(f)["epoch"])
    t = torch.arange(10)[2:5]
    torch.save(t, os.path.join(d, "view.pt"))
    print(torch.load(os.path.join(d, "view.pt")))
