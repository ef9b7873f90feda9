# Resuming training exactly: model and optimizer state saved to a BytesIO mid-run, loaded into fresh objects,
# and the continued runs compared, for RAdam, NAdam (decoupled weight decay), Adamax, ASGD and Rprop.
import io
import torch
import torch.nn as nn

torch.manual_seed(0)
X, Y = torch.randn(16, 3), torch.randn(16, 1)


def make(kind, params):
    return {"RAdam": lambda: torch.optim.RAdam(params, lr=0.01, weight_decay=0.01),
            "NAdam": lambda: torch.optim.NAdam(params, lr=0.01, weight_decay=0.01, decoupled_weight_decay=True),
            "Adamax": lambda: torch.optim.Adamax(params, lr=0.02),
            "ASGD": lambda: torch.optim.ASGD(params, lr=0.05, t0=2),
            "Rprop": lambda: torch.optim.Rprop(params, lr=0.01, etas=(0.4, 1.3), step_sizes=(1e-5, 1.0))}[kind]()


def train(model, opt, steps):
    for _ in range(steps):
        opt.zero_grad()
        loss = nn.functional.mse_loss(model(X), Y)
        loss.backward()
        opt.step()
    return loss.item()


for kind in ["RAdam", "NAdam", "Adamax", "ASGD", "Rprop"]:
    torch.manual_seed(1)
    model = nn.Linear(3, 1)
    opt = make(kind, model.parameters())
    train(model, opt, 3)
    buf = io.BytesIO()
    torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "epoch": 3}, buf)
    a = train(model, opt, 2)
    buf.seek(0)
    ckpt = torch.load(buf, weights_only=True)
    model2 = nn.Linear(3, 1)
    model2.load_state_dict(ckpt["model"])
    opt2 = make(kind, model2.parameters())
    opt2.load_state_dict(ckpt["opt"])
    b = train(model2, opt2, 2)
    state = ckpt["opt"]["state"][0]
    print(f"{kind:7s} {a:.6f} {b:.6f} {a == b}", sorted(state), state["step"])
print(sorted(ckpt["opt"]["param_groups"][0]), ckpt["epoch"])
