# Parameter groups with different learning rates (backbone vs head, no weight decay for biases and norms)
# under AdamW, RMSprop (centered), Adagrad, Adam(amsgrad), NAdam, SGD with dampening; add_param_group
# later; lr changed by hand in param_groups; the first weights printed after three steps.
import torch
import torch.nn as nn

torch.manual_seed(0)
x, y = torch.randn(8, 5), torch.randn(8, 2)


def model():
    torch.manual_seed(1)
    return nn.Sequential(nn.Linear(5, 6), nn.LayerNorm(6), nn.GELU(), nn.Linear(6, 2))


for name, make in [
    ("AdamW", lambda g: torch.optim.AdamW(g, lr=1e-2, weight_decay=0.1)),
    ("RMSprop", lambda g: torch.optim.RMSprop(g, lr=1e-2, centered=True, alpha=0.9)),
    ("Adagrad", lambda g: torch.optim.Adagrad(g, lr=0.1, initial_accumulator_value=0.1)),
    ("Adam-amsgrad", lambda g: torch.optim.Adam(g, lr=1e-2, amsgrad=True, weight_decay=1e-3)),
    ("NAdam", lambda g: torch.optim.NAdam(g, lr=1e-2, decoupled_weight_decay=True, weight_decay=0.1)),
    ("SGD", lambda g: torch.optim.SGD(g, lr=0.1, momentum=0.9, dampening=0.1, weight_decay=1e-4)),
]:
    m = model()
    decay = [p for n, p in m.named_parameters() if p.ndim >= 2]
    no_decay = [p for n, p in m.named_parameters() if p.ndim < 2]
    opt = make([{"params": decay}, {"params": no_decay, "weight_decay": 0.0, "lr": 5e-3}])
    for step in range(3):
        if step == 2:
            for g in opt.param_groups:
                g["lr"] *= 0.5
        opt.zero_grad()
        loss = nn.functional.mse_loss(m(x), y)
        loss.backward()
        opt.step()
    print(f"{name:13s} {loss.item():.6f}", [round(v, 5) for v in m[0].weight[0, :3].tolist()],
          [g["lr"] for g in opt.param_groups])
extra = nn.Parameter(torch.zeros(3))
opt.add_param_group({"params": [extra], "lr": 1.0})
print(len(opt.param_groups), opt.param_groups[2]["momentum"], opt.param_groups[2]["lr"])
