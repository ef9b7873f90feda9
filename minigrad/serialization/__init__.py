"""``minigrad.save`` / ``minigrad.load`` in PyTorch's checkpoint format.

``save`` writes what ``torch.save`` writes (a zip archive, or the legacy stream with
``_use_new_zipfile_serialization=False``), so real ``torch.load`` reads minigrad's files, and ``load``
reads files written by real torch without importing torch (see ``serialization/_torchfile.py`` for the formats).
``load`` also reads the plain pickles that minigrad's ``save`` wrote before (tensors pickled as NumPy
arrays).

``weights_only=True`` (the default, as in torch >= 2.6) rebuilds tensors, Parameters, dicts, lists,
tuples, OrderedDicts, sets, numbers, strings, bytes, None, dtypes, devices and ``Size`` and refuses
every other class with ``pickle.UnpicklingError``. ``weights_only=False`` unpickles anything: a file
can then import and call any Python code, so use it only for files you trust.
"""
from __future__ import annotations

import io
import os
import pickle

import numpy as np

from . import _torchfile as tf
from .. import backend, dtypes
from ..tensor import _wrap

DEFAULT_PROTOCOL = 2       # torch's default pickle protocol for checkpoints


def save(obj, f, pickle_module=pickle, pickle_protocol=DEFAULT_PROTOCOL,
         _use_new_zipfile_serialization=True, _disable_byteorder_record=False):
    """Save ``obj`` (a state_dict, a tensor, a checkpoint dict...) to ``f`` (a path, a ``pathlib.Path``
    or a binary file object) in torch's format: real ``torch.load`` reads the file. Tensors that view
    one NumPy array are saved as views of one storage, so the sharing survives a round trip."""
    if pickle_module is not pickle:
        raise TypeError(f"minigrad.save: pickle_module must be the standard pickle module (minigrad writes "
                        f"torch's format with its own pickler), got {pickle_module!r}")
    if not isinstance(pickle_protocol, int) or not 2 <= pickle_protocol <= pickle.HIGHEST_PROTOCOL:
        raise ValueError(f"minigrad.save: pickle_protocol must be an int from 2 to {pickle.HIGHEST_PROTOCOL}, "
                         f"got {pickle_protocol!r}")
    write = tf.write_zip if _use_new_zipfile_serialization else tf.write_legacy
    if hasattr(f, "write"):
        if _use_new_zipfile_serialization and not _seekable(f):
            buf = io.BytesIO()
            write(obj, buf, pickle_protocol)
            f.write(buf.getvalue())
        else:
            write(obj, f, pickle_protocol)
        return
    if not isinstance(f, (str, bytes, os.PathLike)):
        raise AttributeError(f"expected 'f' to be string, path, or a file-like object with a 'write' attribute "
                             f"(minigrad.save got {type(f).__name__})")
    path = os.fsdecode(os.fspath(f))
    parent = os.path.dirname(path)
    if parent and not os.path.isdir(parent):
        raise RuntimeError(f"Parent directory {parent} does not exist. (minigrad.save({path!r}): create it first, "
                           "e.g. os.makedirs(..., exist_ok=True))")
    if os.path.isdir(path):
        raise RuntimeError(f"open file failed with strerror: Is a directory (minigrad.save({path!r}): give a file "
                           "name inside it)")
    with open(path, "wb") as fh:
        write(obj, fh, pickle_protocol)


def load(f, map_location=None, pickle_module=None, *, weights_only=None, mmap=None, **pickle_load_args):
    """Load a file that ``minigrad.save`` or ``torch.save`` wrote (zip or legacy format), or one that an
    older minigrad wrote. ``f``: a path, a ``pathlib.Path`` or a binary file object.

    ``map_location``: None (each tensor goes to the device it was saved from), a device or device
    string (``'cpu'``, ``'cuda:0'``), a dict {saved location: device} or a callable(storage, location)
    returning the storage (a 1-D Tensor), moved, or None. ``weights_only`` (default True, as in torch):
    refuse every class but tensors and plain containers; ``weights_only=False`` unpickles anything and
    can run arbitrary code: only for files you trust. ``mmap`` is accepted and ignored (the data is read
    into memory). ``encoding`` is passed to the unpickler."""
    if weights_only is None:
        weights_only = pickle_module is None
    if weights_only and pickle_module is not None:
        raise RuntimeError("minigrad.load: weights_only=True cannot be combined with an explicit "
                           "pickle_module; pass weights_only=False to use your own (trusted files only)")
    if pickle_module is not None and pickle_module is not pickle:
        raise TypeError(f"minigrad.load: pickle_module must be the standard pickle module, got {pickle_module!r}")
    unknown = set(pickle_load_args) - {"encoding", "errors"}
    if unknown:
        raise TypeError(f"minigrad.load() got unexpected keyword arguments {sorted(unknown)}")
    pickle_load_args.setdefault("encoding", "utf-8")
    if hasattr(f, "read"):
        return _load_stream(f if _seekable(f) else io.BytesIO(f.read()), map_location, bool(weights_only),
                            pickle_load_args)
    if not isinstance(f, (str, bytes, os.PathLike)):
        raise AttributeError(f"'{type(f).__name__}' object has no attribute 'seek'. You can only torch.load from a "
                             "file that is seekable (a path, or a file object such as io.BytesIO)")
    with open(os.fspath(f), "rb") as fh:
        return _load_stream(fh, map_location, bool(weights_only), pickle_load_args)


def _seekable(f):
    try:
        return f.seekable()
    except AttributeError:
        return False


def _load_stream(f, map_location, weights_only, kwargs):
    start = f.tell()
    head = f.read(4)
    f.seek(start)
    if head == b"PK\x03\x04":
        return tf.read_zip(f, map_location, weights_only, **kwargs)
    if len(head) < 2:
        raise EOFError("minigrad.load: the file is empty")
    if head[:1] != b"\x80":
        f.seek(start + 257)
        if f.read(5) == b"ustar":
            raise RuntimeError("minigrad.load: this is torch's oldest (tar) checkpoint format; in torch, "
                               "torch.save(torch.load(path, weights_only=False), 'new.pt') rewrites it in "
                               "the current format")
        f.seek(start)
    if tf.is_legacy(f):
        return tf.read_legacy(f, map_location, weights_only, **kwargs)
    return _OldMinigradUnpickler(f, map_location, weights_only, **kwargs).load()


# ------------------------------------------------------------------------------------------------
# minigrad's older format: a plain pickle; a tensor is minigrad.tensor._rebuild(ndarray, device,
# requires_grad) with the array pickled by NumPy.
# ------------------------------------------------------------------------------------------------
_NUMPY_ARRAY_GLOBALS = {
    ("numpy.core.multiarray", "_reconstruct"), ("numpy._core.multiarray", "_reconstruct"),
    ("numpy.core.numeric", "_frombuffer"), ("numpy._core.numeric", "_frombuffer"),
    ("numpy", "ndarray"), ("numpy", "dtype"),
}


class _OldMinigradUnpickler(pickle.Unpickler):

    def __init__(self, file, map_location, weights_only, **kwargs):
        super().__init__(file, **kwargs)
        self.weights_only = weights_only
        self.placer = tf.Reader(map_location, weights_only, None)

    def _array(self, arr, device):
        if not isinstance(arr, np.ndarray) or arr.dtype not in dtypes._FROM_NP:
            tf._fail(f"a tensor's data is a {type(arr).__name__} of {getattr(arr, 'dtype', '?')}, not a "
                     f"NumPy array of a minigrad dtype")
        if not isinstance(device, str):
            tf._fail(f"a tensor's device is {device!r}")
        ml = self.placer.map_location
        if callable(ml) and not isinstance(ml, (str, dict, backend.device)):
            st = tf.Storage(arr.reshape(-1), device, True)
            return self.placer.place(st).reshape(arr.shape)
        return backend.to_device(arr, self.placer.target_device(device))

    def _rebuild(self, arr, device, requires_grad):
        t = _wrap(self._array(arr, device))
        t._requires_grad = bool(requires_grad) and t.dtype.is_floating_point
        return t

    def _rebuild_parameter(self, arr, device, requires_grad):
        from ..nn.parameter import Parameter
        return Parameter(_wrap(self._array(arr, device)), bool(requires_grad))

    def find_class(self, module, name):
        module, name = tf.py3_name(module, name)
        if (module, name) == ("minigrad.tensor", "_rebuild"):
            return self._rebuild
        if (module, name) == ("minigrad.nn.parameter", "_rebuild_parameter"):
            return self._rebuild_parameter
        if module == "minigrad.dtypes" and name in dtypes._BY_NAME:
            return dtypes._BY_NAME[name]
        if (module, name) == ("minigrad.backend.devices", "device"):
            return tf._device
        safe = tf.SAFE_BUILTINS.get((module, name))
        if safe is not None:
            return safe
        if (module, name) in _NUMPY_ARRAY_GLOBALS:
            return super().find_class(module, name)
        if self.weights_only:
            tf._refused(module, name)
        return super().find_class(module, name)

