"""``minigrad.save`` / ``minigrad.load``: pickle, with tensors stored as NumPy arrays."""
from __future__ import annotations

import pickle

from . import backend
from .tensor import Tensor


def save(obj, f):
    """Save an object (a state_dict, a tensor, a dict of them...) to a path or file object."""
    if hasattr(f, "write"):
        pickle.dump(obj, f, protocol=pickle.HIGHEST_PROTOCOL)
        return
    with open(f, "wb") as fh:
        pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL)


def load(f, map_location=None, weights_only=None, **_ignored):
    """Load what ``save`` wrote; ``map_location='cpu'`` moves every tensor to the CPU."""
    if hasattr(f, "read"):
        obj = pickle.load(f)
    else:
        with open(f, "rb") as fh:
            obj = pickle.load(fh)
    if map_location is not None:
        obj = _move(obj, backend.as_device(map_location))
    return obj


def _move(obj, dev):
    if isinstance(obj, Tensor):
        return obj.to(dev)
    if isinstance(obj, dict):
        return type(obj)((k, _move(v, dev)) for k, v in obj.items())
    if isinstance(obj, (list, tuple)):
        return type(obj)(_move(v, dev) for v in obj)
    return obj
