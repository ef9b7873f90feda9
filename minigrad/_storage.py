"""``Tensor.storage()`` and ``Tensor.untyped_storage()``: the memory a tensor and its views share, as the
tensor that owns it (its ``_base``, or itself). Enough for what programs do with storages: compare
``data_ptr()``s to see whether two tensors share memory, read ``size()``/``nbytes()``, print one."""
from __future__ import annotations

import warnings

import numpy as np


class UntypedStorage:
    """The owner's memory as bytes."""

    def __init__(self, owner):
        self._owner = owner

    @property
    def device(self):
        return self._owner.device

    def data_ptr(self) -> int:
        return self._owner.data_ptr()

    def nbytes(self) -> int:
        return self._owner.nbytes

    def size(self) -> int:
        return self.nbytes()

    def __len__(self):
        return self.size()

    def element_size(self) -> int:
        return 1

    def tolist(self):
        arr = np.ascontiguousarray(self._owner.detach().cpu().numpy())
        return arr.view(np.uint8).reshape(-1).tolist()

    def __repr__(self):
        body = "".join(f" {v}\n" for v in self.tolist())
        return f"{body}[torch.storage.UntypedStorage(device={self.device}) of size {self.size()}]"


class TypedStorage(UntypedStorage):
    """The owner's memory as elements of its dtype (torch deprecates it for ``untyped_storage()``)."""

    @property
    def dtype(self):
        return self._owner.dtype

    def size(self) -> int:
        return self._owner.numel()

    def element_size(self) -> int:
        return self._owner.element_size()

    def tolist(self):
        return self._owner.detach().cpu().reshape(-1).tolist()

    def untyped(self):
        return UntypedStorage(self._owner)

    def __repr__(self):
        body = "".join(f" {v}\n" for v in self.tolist())
        return (f"{body}[torch.storage.TypedStorage(dtype={self.dtype}, device={self.device}) "
                f"of size {self.size()}]")


def storage_of(tensor, typed):
    owner = tensor._base if tensor._base is not None else tensor
    if not typed:
        return UntypedStorage(owner)
    warnings.warn("TypedStorage is deprecated. It will be removed in the future and UntypedStorage will be the only "
                  "storage class. This should only matter to you if you are using storages directly.  To access "
                  "UntypedStorage directly, use tensor.untyped_storage() instead of tensor.storage()", UserWarning,
                  stacklevel=3)
    return TypedStorage(owner)
