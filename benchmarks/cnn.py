"""One training step of a small CNN, as in the issue:
B x 1x28x28 -> Conv(1,8,3,p1) ReLU MaxPool2 -> Conv(8,16,3,p1) ReLU MaxPool2 -> Linear(784,10)
-> cross-entropy -> SGD(momentum). Both models start from the same weights."""
from __future__ import annotations

import numpy as np


def build(lib, device, batch):
    nn = lib.nn
    model = nn.Sequential(
        nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(784, 10))
    return model


def make(lib, device, batch, state=None):
    model = build(lib, device, batch)
    if state is not None:
        model.load_state_dict({k: lib.tensor(v) for k, v in state.items()})
    model.to(device)
    opt = lib.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    rng = np.random.default_rng(0)
    x = lib.tensor(rng.standard_normal((batch, 1, 28, 28)).astype(np.float32), device=device)
    y = lib.tensor(rng.integers(0, 10, batch), device=device)
    loss_fn = lib.nn.CrossEntropyLoss()

    def step():
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        return loss
    return step


def run(device="cpu", rounds=15, batches=None):
    import minigrad
    import torch
    from harness import compare
    torch.manual_seed(0)
    batches = batches or ([64] if device == "cpu" else [64, 1024])
    results = []
    for b in batches:
        state = {k: v.numpy() for k, v in build(torch, "cpu", b).state_dict().items()}
        sync_mg = minigrad.cuda.synchronize if device == "cuda" else None
        sync_th = torch.cuda.synchronize if device == "cuda" else None
        results.append(compare(f"CNN train step B={b} ({device})", make(minigrad, device, b, state),
                               make(torch, device, b, state), rounds=rounds, sync_mg=sync_mg, sync_torch=sync_th))
    return results
