# The "no weight decay on biases and norms" recipe: parameters split into groups by name, AdamW with per-group
# weight decay and learning rate, add_param_group for a new head, and a look at the groups and the state.
import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(5, 8), nn.LayerNorm(8), nn.GELU(), nn.Linear(8, 3))
decay, no_decay = [], []
for name, p in model.named_parameters():
    (no_decay if name.endswith("bias") or isinstance(model[int(name.split(".")[0])], nn.LayerNorm) else decay).append(p)
print(len(decay), len(no_decay))
opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.1},
                         {"params": no_decay, "weight_decay": 0.0, "lr": 3e-3}], lr=1e-2, betas=(0.9, 0.95))
x, y = torch.randn(16, 5), torch.randint(0, 3, (16,))
for step in range(5):
    loss = nn.functional.cross_entropy(model(x), y)
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(step, round(loss.item(), 6))
head = nn.Linear(3, 2)
opt.add_param_group({"params": head.parameters(), "lr": 0.5})
for g in opt.param_groups:
    print(len(g["params"]), g["lr"], g["weight_decay"], g["betas"], g["amsgrad"])
out = head(model(x)).pow(2).mean()
opt.zero_grad()
out.backward()
opt.step()
print(head.weight)
st = opt.state[model[0].weight]
print(sorted(st), st["step"], st["exp_avg_sq"].sum().item())
print(len(opt.state), opt.state_dict()["param_groups"][2]["params"])
for g in opt.param_groups:
    g["lr"] *= 0.1
print([round(g["lr"], 6) for g in opt.param_groups])
