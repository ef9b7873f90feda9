"""A custom Optimizer subclass (SGD with sign updates and state), closures, and state_dict round trip."""
import torch
import torch.nn as nn


class SignSGD(torch.optim.Optimizer):
    def __init__(self, params, lr=0.01, beta=0.9):
        super().__init__(params, dict(lr=lr, beta=beta))

    def step(self, closure=None):
        with torch.enable_grad():
            loss = closure() if closure is not None else None
        with torch.no_grad():
            for group in self.param_groups:
                self._update(group)
        return loss

    def _update(self, group):
        for p in filter(lambda q: q.grad is not None, group["params"]):
            state = self.state[p]
            if len(state) == 0:
                state["m"] = torch.zeros_like(p)
                state["step"] = 0
            state["step"] += 1
            state["m"].mul_(group["beta"]).add_(p.grad, alpha=1 - group["beta"])
            p.add_(state["m"].sign(), alpha=-group["lr"])


torch.manual_seed(0)
model = nn.Linear(3, 1)
x, y = torch.randn(10, 3), torch.randn(10, 1)
opt = SignSGD(model.parameters(), lr=0.05)


def closure():
    opt.zero_grad()
    loss = nn.functional.mse_loss(model(x), y)
    loss.backward()
    return loss


for i in range(4):
    print(i, f"{opt.step(closure).item():.5f}")
sd = opt.state_dict()
print(sorted(sd), sd["param_groups"][0]["lr"], sd["state"][0]["step"], sd["param_groups"][0]["params"])
opt2 = SignSGD(model.parameters())
opt2.load_state_dict(sd)
print(opt2.param_groups[0]["lr"], opt2.state[model.weight]["step"], repr(opt2).splitlines()[0])
