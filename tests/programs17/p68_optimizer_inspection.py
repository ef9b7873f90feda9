# Inspecting optimizers as debugging sessions do: print(optimizer) and its param_groups for each built-in
# optimizer (the keys in torch's order), the state after one step, and a scheduler's state_dict.
import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Linear(2, 1)
for name in ["SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "Adadelta", "Adamax", "NAdam", "RAdam", "ASGD", "Rprop"]:
    opt = getattr(torch.optim, name)(model.parameters(), lr=0.01)
    print(name, opt.state_dict()["param_groups"])
opt = torch.optim.AdamW([{"params": [model.weight]}, {"params": [model.bias], "weight_decay": 0.0}], lr=3e-4)
print(opt)
model(torch.randn(4, 2)).pow(2).mean().backward()
opt.step()
print(opt.state_dict())
sched = torch.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
opt.step()
sched.step()
print(sched.state_dict(), sched.get_last_lr())
print(torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=5).state_dict())
