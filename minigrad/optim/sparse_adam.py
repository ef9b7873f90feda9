"""SparseAdam, by name: torch's lazy Adam for sparse gradients (nn.Embedding(sparse=True)). minigrad's
gradients are always dense, so, as torch's with a dense gradient, step() refuses and points to Adam."""
from __future__ import annotations

from .optimizer import Optimizer, _check_common


class SparseAdam(Optimizer):
    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, maximize: bool = False):
        _check_common("SparseAdam", lr, eps=eps, betas=betas)
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, maximize=maximize))

    def step(self, closure=None):
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is not None:
                    raise RuntimeError("SparseAdam does not support dense gradients, please consider Adam instead "
                                       "(minigrad's gradients are always dense: use minigrad.optim.Adam)")
        return self._evaluate(closure)
