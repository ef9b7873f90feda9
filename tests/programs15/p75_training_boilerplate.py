# The boilerplate at the top and inside real training scripts: determinism and backend switches, thread counts,
# saved_tensors_hooks that count/pack activations, save_on_cpu, post-accumulate-grad hooks doing the optimizer
# step per parameter, optimizer step hooks, global module forward hooks, clip_grad_norm_ with
# error_if_nonfinite, PolynomialLR, and zero_grad(set_to_none=False).
import torch
import torch.nn as nn

torch.manual_seed(0)
torch.backends.cudnn.benchmark = False
torch.backends.cudnn.deterministic = True
torch.use_deterministic_algorithms(True)
torch.set_float32_matmul_precision("high")
torch.set_num_threads(1)
print(torch.get_num_threads(), torch.are_deterministic_algorithms_enabled(), torch.get_float32_matmul_precision())
model = nn.Sequential(nn.Linear(3, 5), nn.Tanh(), nn.Linear(5, 1))
x = torch.randn(4, 3)
packed = []


def pack(t):
    packed.append(tuple(t.shape))
    return t


with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
    loss = model(x).pow(2).mean()
loss.backward()
print(sorted(set(packed)), len(packed) > 0)
with torch.autograd.graph.save_on_cpu():
    model(x).sum().backward()
opts = {p: torch.optim.SGD([p], lr=0.1) for p in model.parameters()}


def step_hook(p):
    opts[p].step()
    opts[p].zero_grad()


handles = [p.register_post_accumulate_grad_hook(step_hook) for p in model.parameters()]
before = model[0].bias.detach().clone()
model(x).sum().backward()
print((model[0].bias.detach() - before).abs().sum() > 0, model[0].bias.grad)
for h in handles:
    h.remove()
opt = torch.optim.Adam(model.parameters(), lr=0.01)
steps = []
opt.register_step_post_hook(lambda o, args, kwargs: steps.append(len(o.state)))
calls = []
handle = nn.modules.module.register_module_forward_hook(lambda m, i, o: calls.append(type(m).__name__))
sched = torch.optim.lr_scheduler.PolynomialLR(opt, total_iters=4, power=2.0)
for i in range(3):
    opt.zero_grad(set_to_none=False)
    model(x).pow(2).sum().backward()
    norm = nn.utils.clip_grad_norm_(model.parameters(), 0.5, error_if_nonfinite=True)
    opt.step()
    sched.step()
    print(i, f"{norm.item():.6f}", round(sched.get_last_lr()[0], 8))
handle.remove()
print(steps, calls[:4], len(calls))
model[0].weight.grad[0, 0] = float("nan")
try:
    nn.utils.clip_grad_norm_(model.parameters(), 1.0, error_if_nonfinite=True)
except RuntimeError as e:
    print("nonfinite:", str(e)[:45])
opt.zero_grad(set_to_none=False)
print(model[2].bias.grad, model[0].weight.grad.abs().sum())
