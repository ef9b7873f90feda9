"""Parameters as one vector and back (torch.nn.utils.convert_parameters)."""
from __future__ import annotations

from ...autograd.grad_mode import no_grad
from ...ops.shape import cat
from ...tensor import Tensor

__all__ = ["parameters_to_vector", "vector_to_parameters"]


def parameters_to_vector(parameters):
    params = [parameters] if isinstance(parameters, Tensor) else parameters
    return cat([p.reshape(-1) for p in params])


@no_grad()
def vector_to_parameters(vec, parameters):
    if not isinstance(vec, Tensor):
        raise TypeError(f"expected torch.Tensor, but got: {type(vec).__name__} (vector_to_parameters(): give the "
                        "vector as a tensor)")
    if isinstance(parameters, Tensor):
        parameters = [parameters]
    parameters = list(parameters)
    if not vec.is_floating_point() and any(p.requires_grad for p in parameters):
        raise RuntimeError(f"data set to a tensor that requires gradients must be floating point or complex dtype "
                           f"(vector_to_parameters(): the vector is {vec.dtype}; convert it with .float())")
    start = 0
    for p in parameters:
        n = p.numel()
        p.copy_(vec[start:start + n].reshape(p.shape))
        start += n
