# Two optimizers written as papers publish them: Lion (sign of an interpolated momentum, decoupled weight decay)
# and Lookahead wrapping Adam (slow weights pulled toward fast weights every k steps), with state_dict round trips.
import io
import torch
from torch.optim.optimizer import Optimizer


class Lion(Optimizer):
    def __init__(self, params, lr=1e-4, betas=(0.9, 0.99), weight_decay=0.0):
        if not 0.0 <= lr:
            raise ValueError("Invalid learning rate: {}".format(lr))
        defaults = dict(lr=lr, betas=betas, weight_decay=weight_decay)
        super().__init__(params, defaults)

    @torch.no_grad()
    def step(self, closure=None):
        with torch.enable_grad():
            loss = closure() if closure is not None else None
        for group in self.param_groups:
            beta1, beta2 = group["betas"]
            for p in filter(lambda q: q.grad is not None, group["params"]):
                p.data.mul_(1 - group["lr"] * group["weight_decay"])
                exp_avg = self.state[p].setdefault("exp_avg", torch.zeros_like(p))
                update = exp_avg * beta1 + p.grad * (1 - beta1)
                p.add_(torch.sign(update), alpha=-group["lr"])
                exp_avg.mul_(beta2).add_(p.grad, alpha=1 - beta2)
        return loss


class Lookahead:
    def __init__(self, base, k=2, alpha=0.5):
        self.base, self.k, self.alpha, self.count = base, k, alpha, 0
        self.slow = [[p.detach().clone() for p in g["params"]] for g in base.param_groups]

    def step(self):
        self.base.step()
        self.count += 1
        if self.count % self.k == 0:
            for g, slows in zip(self.base.param_groups, self.slow):
                for p, s in zip(g["params"], slows):
                    s.add_(p.data - s, alpha=self.alpha)
                    p.data.copy_(s)


torch.manual_seed(0)
w = torch.randn(3, requires_grad=True)
target = torch.tensor([1.0, -2.0, 0.5])
opt = Lion([w], lr=0.1, weight_decay=0.01)


def closure():
    opt.zero_grad()
    loss = ((w - target) ** 2).sum()
    loss.backward()
    return loss


for i in range(4):
    print("lion", i, round(opt.step(closure).item(), 5), w.data)
buf = io.BytesIO()
torch.save(opt.state_dict(), buf)
buf.seek(0)
sd = torch.load(buf)
print(sd["param_groups"], sd["state"][0]["exp_avg"])
v = torch.zeros(3, requires_grad=True)
la = Lookahead(torch.optim.Adam([v], lr=0.3), k=2, alpha=0.5)
for i in range(4):
    la.base.zero_grad()
    ((v - target) ** 2).sum().backward()
    la.step()
    print("lookahead", i, v.data, la.slow[0][0])
