# Optimizer hooks: register_step_pre_hook / register_step_post_hook for logging and gradient edits, a
# global hook for every optimizer, a hook handle's remove(), and the state the optimizer keeps per parameter.
import torch
import torch.nn as nn
from torch.optim.optimizer import register_optimizer_step_post_hook

torch.manual_seed(0)
model = nn.Linear(3, 1)
opt = torch.optim.Adam(model.parameters(), lr=0.1)
log = []


def pre(optimizer, args, kwargs):
    norm = torch.sqrt(sum(p.grad.pow(2).sum() for g in optimizer.param_groups for p in g["params"]))
    log.append(("pre", round(norm.item(), 4)))


def post(optimizer, args, kwargs):
    log.append(("post", len(optimizer.state)))


h1 = opt.register_step_pre_hook(pre)
h2 = opt.register_step_post_hook(post)
counter = []
h3 = register_optimizer_step_post_hook(lambda o, a, k: counter.append(type(o).__name__))
x = torch.linspace(-1, 1, 12).view(4, 3)
y = x.sum(1, keepdim=True) * 2 - 1
for step in range(3):
    loss = nn.functional.mse_loss(model(x), y)
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(step, round(loss.item(), 5))
print(log)
h1.remove()
h2.remove()
h3.remove()
opt.zero_grad()
nn.functional.mse_loss(model(x), y).backward()
opt.step()
print(len(log), counter)
st = opt.state[model.weight]
print(sorted(st.keys()), st["step"], st["exp_avg"].round(decimals=4))
sd = opt.state_dict()
print(sd["param_groups"][0]["params"], sorted(k for k in sd["param_groups"][0] if k != "params"))
