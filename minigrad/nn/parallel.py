"""``minigrad.nn.parallel``: ``DataParallel`` on one device is the module itself, wrapped (``.module``), as
torch's is without GPUs; ``DistributedDataParallel`` needs a process group, which minigrad has not."""
from __future__ import annotations

from .module import Module

__all__ = ["DataParallel", "DistributedDataParallel", "data_parallel"]


class DataParallel(Module):
    """Runs ``module`` on the one device there is (torch's DataParallel without several GPUs)."""

    def __init__(self, module, device_ids=None, output_device=None, dim=0):
        super().__init__()
        self.module = module
        self.device_ids = []                    # (torch's, without GPUs)
        self._dim = dim

    def forward(self, *inputs, **kwargs):
        return self.module(*inputs, **kwargs)


class DistributedDataParallel(Module):
    def __init__(self, module, *args, **kwargs):
        raise ValueError("DistributedDataParallel(): Default process group has not been initialized, please make "
                           "sure to call init_process_group. (minigrad has no distributed backend: use the module "
                           "itself)")


def data_parallel(module, inputs, device_ids=None, output_device=None, dim=0, module_kwargs=None):
    """torch's functional DataParallel: it needs GPUs to split the batch over, and without them raises
    torch's RuntimeError (call ``module(inputs)`` itself)."""
    raise RuntimeError("device type could not be determined (data_parallel splits a batch over GPUs; minigrad "
                       "runs on one device: call the module itself)")
