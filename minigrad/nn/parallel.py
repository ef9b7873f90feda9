"""``minigrad.nn.parallel``: ``DataParallel`` on one device is the module itself, wrapped (``.module``), as
torch's is without GPUs; ``DistributedDataParallel`` needs a process group, which minigrad has not."""
from __future__ import annotations

from .module import Module

__all__ = ["DataParallel", "DistributedDataParallel"]


class DataParallel(Module):
    """Runs ``module`` on the one device there is (torch's DataParallel without several GPUs)."""

    def __init__(self, module, device_ids=None, output_device=None, dim=0):
        super().__init__()
        self.module = module
        self.device_ids = []            # torch's, without GPUs to spread over
        self.dim = dim

    def forward(self, *inputs, **kwargs):
        return self.module(*inputs, **kwargs)


class DistributedDataParallel(Module):
    def __init__(self, module, *args, **kwargs):
        raise RuntimeError("DistributedDataParallel(): Default process group has not been initialized, please make "
                           "sure to call init_process_group. (minigrad has no distributed backend: use the module "
                           "itself)")
