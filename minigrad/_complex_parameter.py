"""A complex ``nn.Parameter`` (``nn.Parameter(scale * torch.rand(..., dtype=torch.cfloat))``, as Fourier neural
operators hold their spectral weights): ``Parameter(z)`` of a complex z makes one (nn/parameter.py). It sits at
the top level, above both nn and _complex.py, so that minigrad's import needs neither nn nor this module."""
from __future__ import annotations

from ._complex import ComplexTensor
from ._format import complex_repr
from .nn.parameter import Parameter


class ComplexParameter(ComplexTensor, Parameter):
    """A complex Parameter: its parts (a real leaf, last dim 2, sharing memory with the tensor it wraps) are what
    autograd fills and what an optimizer steps -- torch's optimizers also step a complex parameter as its
    view_as_real pair, so SGD, Adam & co. give torch's numbers (optim/optimizer.py hands them the parts)."""

    def __init__(self, data, requires_grad=True):
        ComplexTensor.__init__(self, data._parts.detach().requires_grad_(requires_grad))

    def __repr__(self):
        return "Parameter containing:\n" + complex_repr(self)

    __str__ = __repr__

    def __deepcopy__(self, memo):
        return ComplexParameter(self.detach().clone(), self.requires_grad)

    def __reduce__(self):
        return (ComplexParameter, (ComplexTensor(self._parts.detach()), self.requires_grad))
