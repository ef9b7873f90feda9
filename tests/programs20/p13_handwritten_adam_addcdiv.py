# Writing Adam and RMSprop by hand with the in-place primitives the optimizers use (mul_, add_(alpha=),
# addcmul_(value=), addcdiv_(value=), lerp_, sqrt, div_) and checking the result against torch.optim.
import copy

import torch
import torch.nn as nn

torch.manual_seed(0)
base = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 1))
x = torch.linspace(-2, 2, 40).view(10, 4)
y = (x ** 2).sum(1, keepdim=True) * 0.1


def train(model, step_fn, steps=8):
    state = {}
    for t in range(1, steps + 1):
        loss = nn.functional.mse_loss(model(x), y)
        model.zero_grad()
        loss.backward()
        with torch.no_grad():
            for p in model.parameters():
                step_fn(p, state.setdefault(p, {}), t)
    return loss.item()


def adam(p, s, t, lr=0.01, b1=0.9, b2=0.999, eps=1e-8):
    if not s:
        s["m"], s["v"] = torch.zeros_like(p), torch.zeros_like(p)
    s["m"].lerp_(p.grad, 1 - b1)
    s["v"].mul_(b2).addcmul_(p.grad, p.grad, value=1 - b2)
    denom = (s["v"] / (1 - b2 ** t)).sqrt().add_(eps)
    p.addcdiv_(s["m"], denom, value=-lr / (1 - b1 ** t))


def rmsprop(p, s, t, lr=0.01, alpha=0.99, eps=1e-8):
    if not s:
        s["sq"] = torch.zeros_like(p)
    s["sq"].mul_(alpha).addcmul_(p.grad, p.grad, value=1 - alpha)
    p.addcdiv_(p.grad, s["sq"].sqrt().add_(eps), value=-lr)


for name, fn, ctor in [("adam", adam, lambda ps: torch.optim.Adam(ps, lr=0.01)),
                       ("rmsprop", rmsprop, lambda ps: torch.optim.RMSprop(ps, lr=0.01))]:
    mine, ref = copy.deepcopy(base), copy.deepcopy(base)
    l1 = train(mine, fn)
    opt = ctor(ref.parameters())
    for _ in range(8):
        loss = nn.functional.mse_loss(ref(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    same = all(torch.allclose(a, b, atol=1e-6) for a, b in zip(mine.parameters(), ref.parameters()))
    print(name, round(l1, 6), round(loss.item(), 6), same)
t = torch.ones(3)
print(torch.addcdiv(t, torch.tensor([1.0, 2.0, 3.0]), torch.tensor([2.0, 4.0, 8.0]), value=2))
print(torch.addcmul(t, torch.tensor([1.0, 2.0, 3.0]), torch.tensor([2.0, 4.0, 8.0]), value=-1))
print(torch.lerp(torch.zeros(3), torch.ones(3), torch.tensor([0.0, 0.25, 1.0])))
