# Numerical calculus on samples: torch.gradient (uniform and coordinate spacing, edge_order, several dims),
# torch.trapezoid, torch.cumulative_trapezoid and torch.diff with prepend; a tiny physics example.
import math

import torch

t = torch.linspace(0, 2 * math.pi, 50, dtype=torch.float64)
pos = torch.sin(t)
(vel,) = torch.gradient(pos, spacing=(t,))
print("max |v - cos|", round((vel - torch.cos(t)).abs().max().item(), 5))
(vel2,) = torch.gradient(pos, spacing=t[1] - t[0], edge_order=2)
print("edge order 2", round((vel2 - torch.cos(t)).abs().max().item(), 6))
(vs,) = torch.gradient(pos, spacing=(t[1] - t[0]).item())
print(torch.allclose(vs, vel))
print("area", round(torch.trapezoid(pos.abs(), t).item(), 5), round(torch.trapezoid(pos.abs(), dx=(t[1] - t[0]).item()).item(), 5))
dist = torch.cumulative_trapezoid(torch.cos(t), t)
print("cumulative", dist.shape, round((dist - torch.sin(t[1:])).abs().max().item(), 5))
grid = torch.arange(12.0).view(3, 4) ** 2
gy, gx = torch.gradient(grid)
print(gy, gx, sep="\n")
(g1,) = torch.gradient(grid, dim=1, spacing=2.0)
print(g1)
print(torch.gradient(grid, spacing=[torch.tensor([0.0, 1.0, 3.0]), torch.tensor([0.0, 1.0, 2.0, 4.0])])[1])
print(torch.diff(torch.tensor([1, 4, 9, 16]), prepend=torch.tensor([0])), torch.diff(grid, n=2, dim=1))
print(torch.trapezoid(grid), torch.trapezoid(grid, dim=0), torch.cumulative_trapezoid(grid, dx=0.5, dim=0))
