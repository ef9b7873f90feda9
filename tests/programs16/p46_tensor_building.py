"""Building inputs: meshgrid, stack/cat, repeat/repeat_interleave, expand, tile, eye, linspace grids."""
import torch

xs, ys = torch.meshgrid(torch.arange(3), torch.arange(2), indexing="ij")
print(xs, ys)
grid = torch.stack([xs, ys], dim=-1).reshape(-1, 2)
print(grid.shape, grid[:3])
print(torch.cat([torch.zeros(1, 2), torch.ones(2, 2)]), torch.hstack([torch.ones(2), torch.zeros(1)]))
print(torch.tensor([1, 2]).repeat(2, 2), torch.tensor([1, 2]).repeat_interleave(3))
print(torch.repeat_interleave(torch.tensor([1, 2]), torch.tensor([1, 3])))
print(torch.tensor([[1], [2]]).expand(2, 3), torch.tile(torch.tensor([1, 2]), (2,)))
print(torch.eye(3, 2), torch.linspace(0, 1, 5), torch.logspace(0, 2, 3))
print(torch.arange(0, 1, 0.25), torch.arange(10, 0, -3))
print(torch.zeros_like(grid, dtype=torch.float32).dtype, torch.full_like(xs, 7)[0])
print(torch.empty(2, 3).shape, torch.vstack([torch.ones(3), torch.zeros(3)]).shape)
print(torch.cartesian_prod(torch.tensor([1, 2]), torch.tensor([3, 4])))
print(torch.tril_indices(3, 3), torch.combinations(torch.tensor([1, 2, 3])))
print(torch.block_diag(torch.ones(1, 1), 2 * torch.ones(2, 2)))
print(torch.column_stack([torch.tensor([1, 2]), torch.tensor([3, 4])]), torch.dstack([torch.ones(2), torch.zeros(2)]).shape)
