# Products and combinatorics from the numerical-recipes side of the API: tensordot over named axes, kron,
# block_diag, cartesian_prod, combinations, tril_indices for a packed covariance, outer/inner, chain_matmul.
import torch

torch.manual_seed(0)
a = torch.randn(3, 4, 5)
b = torch.randn(4, 5, 2)
print(torch.tensordot(a, b, dims=([1, 2], [0, 1])).shape, torch.tensordot(a, b, dims=2)[0])
print(torch.tensordot(torch.arange(3.0), torch.arange(3.0), dims=0))
print(torch.kron(torch.eye(2), torch.tensor([[1.0, 2.0], [3.0, 4.0]])))
print(torch.block_diag(torch.ones(2, 2), torch.tensor([[5.0]]), torch.zeros(1, 2)))
print(torch.cartesian_prod(torch.tensor([1, 2]), torch.tensor([3, 4, 5])))
print(torch.combinations(torch.arange(4), r=2), torch.combinations(torch.arange(3), r=2, with_replacement=True))
L = torch.zeros(3, 3)
idx = torch.tril_indices(3, 3)
vals = torch.tensor([1.0, 0.5, 2.0, -0.3, 0.1, 1.5], requires_grad=True)
L = L.index_put((idx[0], idx[1]), vals)
cov = L @ L.T
print(idx, cov)
cov.logdet().backward()
print(vals.grad)
print(torch.outer(torch.arange(3.0), torch.arange(2.0)), torch.inner(torch.ones(2, 3), torch.arange(3.0)))
print(torch.linalg.multi_dot([torch.ones(2, 3), torch.ones(3, 4), torch.ones(4, 1)]).flatten())
print(torch.triu_indices(3, 4, offset=1), torch.vander(torch.tensor([1, 2, 3]), N=3))
