# Warmup schedules as the transformer libraries define them, with LambdaLR: linear warmup then linear decay,
# cosine with warmup, the inverse-square-root "Noam" schedule, printed per step with get_last_lr and state_dict.
import math
import torch
from torch.optim.lr_scheduler import LambdaLR


def get_linear_schedule_with_warmup(optimizer, num_warmup_steps, num_training_steps, last_epoch=-1):
    def lr_lambda(current_step: int):
        if current_step < num_warmup_steps:
            return float(current_step) / float(max(1, num_warmup_steps))
        return max(0.0, float(num_training_steps - current_step) / float(max(1, num_training_steps - num_warmup_steps)))
    return LambdaLR(optimizer, lr_lambda, last_epoch)


def get_cosine_schedule_with_warmup(optimizer, num_warmup_steps, num_training_steps, num_cycles=0.5):
    def lr_lambda(current_step):
        if current_step < num_warmup_steps:
            return float(current_step) / float(max(1, num_warmup_steps))
        progress = float(current_step - num_warmup_steps) / float(max(1, num_training_steps - num_warmup_steps))
        return max(0.0, 0.5 * (1.0 + math.cos(math.pi * float(num_cycles) * 2.0 * progress)))
    return LambdaLR(optimizer, lr_lambda)


p = torch.nn.Parameter(torch.zeros(2))
opt = torch.optim.AdamW([p], lr=5e-4, weight_decay=0.01)
s1 = get_linear_schedule_with_warmup(opt, 2, 6)
print([round(s1.get_last_lr()[0], 8)], opt.param_groups[0]["initial_lr"])
for step in range(6):
    opt.step()
    s1.step()
    print("linear", step, s1.get_last_lr(), s1.last_epoch)
opt = torch.optim.AdamW([{"params": [p]}, {"params": [torch.nn.Parameter(torch.ones(1))], "lr": 1e-3}], lr=5e-4)
s2 = get_cosine_schedule_with_warmup(opt, 1, 5)
for step in range(5):
    opt.step()
    s2.step()
    print("cosine", step, [f"{lr:.3e}" for lr in s2.get_last_lr()])
d_model, warm = 16, 3
opt = torch.optim.Adam([p], lr=1.0, betas=(0.9, 0.98), eps=1e-9)
noam = LambdaLR(opt, lambda s: d_model ** -0.5 * min((s + 1) ** -0.5, (s + 1) * warm ** -1.5))
lrs = []
for step in range(6):
    lrs.append(opt.param_groups[0]["lr"])
    opt.step()
    noam.step()
print([round(v, 6) for v in lrs])
sd = noam.state_dict()
print(sorted(sd), sd["base_lrs"], sd["_step_count"], sd["lr_lambdas"])
