# A neural ODE integrated by hand: an ODEFunc module of (t, y), fixed-step RK4 and Euler solvers with
# torch.stack over the trajectory, backpropagation through the solver, and the spiral-fitting loop.
import torch
import torch.nn as nn

torch.manual_seed(0)
true_A = torch.tensor([[-0.1, 2.0], [-2.0, -0.1]])
t = torch.linspace(0.0, 1.0, 11)


def rk4(f, y0, t):
    ys = [y0]
    y = y0
    for i in range(len(t) - 1):
        h, ti = t[i + 1] - t[i], t[i]
        k1 = f(ti, y)
        k2 = f(ti + h / 2, y + h / 2 * k1)
        k3 = f(ti + h / 2, y + h / 2 * k2)
        k4 = f(ti + h, y + h * k3)
        y = y + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
        ys.append(y)
    return torch.stack(ys)


def euler(f, y0, t):
    ys = [y0]
    for i in range(len(t) - 1):
        ys.append(ys[-1] + (t[i + 1] - t[i]) * f(t[i], ys[-1]))
    return torch.stack(ys)


with torch.no_grad():
    true_y = rk4(lambda t, y: (y ** 3) @ true_A, torch.tensor([[2.0, 0.0]]), t)


class ODEFunc(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(2, 16), nn.Tanh(), nn.Linear(16, 2))
        for m in self.net.modules():
            if isinstance(m, nn.Linear):
                nn.init.normal_(m.weight, mean=0, std=0.1)
                nn.init.constant_(m.bias, val=0)

    def forward(self, t, y):
        return self.net(y ** 3)


func = ODEFunc()
optimizer = torch.optim.RMSprop(func.parameters(), lr=1e-3)
for itr in range(4):
    optimizer.zero_grad()
    pred_y = rk4(func, true_y[0], t)
    loss = torch.mean(torch.abs(pred_y - true_y))
    loss.backward()
    optimizer.step()
    print(f"Iter {itr:04d} | Total Loss {loss.item():.6f}")
with torch.no_grad():
    print(true_y[-1], euler(func, true_y[0], t)[-1], pred_y.shape)
