"""torch.nn.modules.utils: the argument helpers custom layers import (``from torch.nn.modules.utils import
_pair``): an int (or any non-iterable) repeated n times, an iterable as a tuple."""
from __future__ import annotations

from ...ops.convnd import layer_tuple


def _ntuple(n, name="parse"):
    def parse(x):
        return layer_tuple(x, n)
    parse.__name__ = name
    return parse


_single = _ntuple(1, "_single")
_pair = _ntuple(2, "_pair")
_triple = _ntuple(3, "_triple")
_quadruple = _ntuple(4, "_quadruple")


def _reverse_repeat_tuple(t, n):
    """Each element of ``t``, last first, ``n`` times: a conv's padding (ph, pw) as F.pad's (pw, pw, ph, ph)."""
    return tuple(x for x in reversed(t) for _ in range(n))


def _list_with_default(out_size, defaults):
    """An adaptive pool's output size with its None entries taken from the input's trailing sizes."""
    if isinstance(out_size, int):
        return out_size
    if len(defaults) <= len(out_size):
        raise ValueError(f"Input dimension should be at least {len(out_size) + 1}")
    return [v if v is not None else d for v, d in zip(out_size, defaults[-len(out_size):])]


def consume_prefix_in_state_dict_if_present(state_dict, prefix):
    """Strip ``prefix`` from the keys that start with it (a DataParallel checkpoint's ``module.``), in place."""
    for key in list(state_dict.keys()):             # in order: the keys keep torch's order
        if key.startswith(prefix):
            state_dict[key[len(prefix):]] = state_dict.pop(key)
    metadata = getattr(state_dict, "_metadata", None)
    if metadata is not None:
        for key in list(metadata):
            if key == prefix.rstrip("."):                   # the stripped module itself is the root now
                metadata[""] = metadata.pop(key)
            elif key.startswith(prefix):
                metadata[key[len(prefix):]] = metadata.pop(key)
