# Comparing the newer and rarer optimizers on one small regression problem: Adafactor, NAdam with
# decoupled weight decay, RAdam decoupled, Adamax, ASGD, Rprop with custom step sizes, AdamW with amsgrad.
import torch
import torch.nn as nn

torch.manual_seed(0)
x = torch.linspace(-1, 1, 48).view(12, 4)
y = (x @ torch.tensor([[1.0], [-2.0], [0.5], [3.0]])).tanh()
init = nn.Sequential(nn.Linear(4, 6), nn.Tanh(), nn.Linear(6, 1)).state_dict()
makers = {
    "Adafactor": lambda p: torch.optim.Adafactor(p, lr=0.05),
    "NAdam(decoupled)": lambda p: torch.optim.NAdam(p, lr=0.02, weight_decay=0.1, decoupled_weight_decay=True),
    "RAdam(decoupled)": lambda p: torch.optim.RAdam(p, lr=0.02, weight_decay=0.1, decoupled_weight_decay=True),
    "Adamax": lambda p: torch.optim.Adamax(p, lr=0.05),
    "ASGD": lambda p: torch.optim.ASGD(p, lr=0.1, t0=5),
    "Rprop": lambda p: torch.optim.Rprop(p, lr=0.01, etas=(0.4, 1.3), step_sizes=(1e-4, 0.5)),
    "AdamW(amsgrad)": lambda p: torch.optim.AdamW(p, lr=0.02, amsgrad=True),
    "Adagrad(lr_decay)": lambda p: torch.optim.Adagrad(p, lr=0.1, lr_decay=0.01, initial_accumulator_value=0.1),
}
for name, make in makers.items():
    model = nn.Sequential(nn.Linear(4, 6), nn.Tanh(), nn.Linear(6, 1))
    model.load_state_dict(init)
    opt = make(model.parameters())
    for step in range(25):
        loss = nn.functional.mse_loss(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    st = opt.state[model[0].weight]
    print(f"{name:18s} {loss.item():.6f}", sorted(st.keys()))
opt = torch.optim.Adafactor(nn.Linear(3, 2).parameters())
print(sorted(k for k in opt.defaults))
