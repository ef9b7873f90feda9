# Weight initialisation recipes (nn.init.* with gains from calculate_gain, orthogonal, trunc_normal, sparse,
# dirac/eye) followed by gradient clipping: clip_grad_norm_ with inf and 2 norms, clip_grad_value_,
# get_total_norm/clip_grads_with_norm_-free code paths and the returned total norm.
import torch
import torch.nn as nn

torch.manual_seed(0)
lin = nn.Linear(6, 4)
print(nn.init.calculate_gain("leaky_relu", 0.2), nn.init.calculate_gain("tanh"), nn.init.calculate_gain("selu"))
nn.init.xavier_uniform_(lin.weight, gain=nn.init.calculate_gain("relu"))
print(lin.weight.std().item() > 0, lin.weight.abs().max().item() <= (2 ** 0.5) * (6 / 10) ** 0.5)
for fn, kw in [(nn.init.kaiming_uniform_, {"a": 5 ** 0.5}), (nn.init.kaiming_normal_, {"mode": "fan_out"}),
               (nn.init.orthogonal_, {}), (nn.init.trunc_normal_, {"std": 0.02}), (nn.init.normal_, {"std": 0.1}),
               (nn.init.uniform_, {"a": -0.1, "b": 0.1}), (nn.init.xavier_normal_, {})]:
    w = torch.empty(4, 6)
    fn(w, **kw)
    print(fn.__name__, [round(v, 4) for v in w[0, :3].tolist()])
q = nn.init.orthogonal_(torch.empty(3, 5))
print((q @ q.T).round(decimals=4))
print(nn.init.eye_(torch.empty(2, 3)), nn.init.dirac_(torch.empty(2, 2, 3)).sum().item())
sp = nn.init.sparse_(torch.empty(6, 3), sparsity=0.5)
print((sp == 0).sum(0))

model = nn.Sequential(nn.Linear(3, 5), nn.ReLU(), nn.Linear(5, 2))
x = torch.randn(4, 3)
for kind in ["norm2", "norminf", "value"]:
    model.zero_grad()
    (model(x) * 10).pow(2).sum().backward()
    if kind == "norm2":
        total = nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
    elif kind == "norminf":
        total = nn.utils.clip_grad_norm_(model.parameters(), max_norm=0.5, norm_type=float("inf"))
    else:
        total = nn.utils.clip_grad_value_(model.parameters(), clip_value=0.3)
    grads = torch.cat([p.grad.flatten() for p in model.parameters()])
    print(kind, total if total is None else round(total.item(), 4), round(grads.norm().item(), 4),
          round(grads.abs().max().item(), 4))
