"""PyTorch's checkpoint formats, read and written without importing torch.

``torch.save`` (since torch 1.6) writes a zip archive::

    <name>/data.pkl          the object, pickled; each storage appears as a persistent id
                             ('storage', torch.FloatStorage, key, location, numel)
    <name>/data/<key>        the raw bytes of one storage (numel elements)
    <name>/byteorder         'little' or 'big' (absent in old files: little)
    <name>/version           format version ('3\\n')

and a tensor in data.pkl is ``torch._utils._rebuild_tensor_v2(storage, offset, size, stride,
requires_grad, backward_hooks)``: a strided view of a storage. The legacy format
(``_use_new_zipfile_serialization=False``) is one stream of pickles: a magic number, a protocol
number, system info, the object (persistent ids carry a sixth field, a view of the storage or None),
the list of storage keys, then each storage as an int64 element count and its little-endian bytes.

Reading: the pickle is read by an ``Unpickler`` whose ``find_class`` maps the handful of torch names a
checkpoint uses (the tensor rebuild functions, ``torch.Size``, dtypes, storage types, ``torch.device``)
to minigrad code and, with ``weights_only=True``, refuses every other global. Writing: a pickler maps
minigrad tensors to the same rebuild calls, so real ``torch.load`` reads minigrad's files.
"""
from __future__ import annotations

import _compat_pickle
import io
import pickle
import struct
import sys
import warnings
import zipfile
from collections import OrderedDict, Counter

import numpy as np

from .. import backend, dtypes
from ..tensor import Size, Tensor, _wrap

MAGIC_NUMBER = 0x1950A86A20F9469CFC6C       # the first pickle of a legacy torch file
LEGACY_PROTOCOL = 1001
ALIGNMENT = 64                              # torch aligns each storage record to 64 bytes

# torch storage class -> the torch dtype name of its elements
STORAGE_DTYPE = {
    "FloatStorage": "float32", "DoubleStorage": "float64", "HalfStorage": "float16",
    "BFloat16Storage": "bfloat16", "LongStorage": "int64", "IntStorage": "int32",
    "ShortStorage": "int16", "CharStorage": "int8", "ByteStorage": "uint8", "BoolStorage": "bool",
    "UntypedStorage": "uint8",
    "ComplexFloatStorage": "complex64", "ComplexDoubleStorage": "complex128",
    "QInt8Storage": "qint8", "QUInt8Storage": "quint8", "QInt32Storage": "qint32",
    "QUInt4x2Storage": "quint4x2", "QUInt2x4Storage": "quint2x4",
}
STORAGE_OF = {"float32": "FloatStorage", "float64": "DoubleStorage", "float16": "HalfStorage",
              "int64": "LongStorage", "int32": "IntStorage", "int16": "ShortStorage",
              "int8": "CharStorage", "uint8": "ByteStorage", "bool": "BoolStorage",
              "complex64": "ComplexFloatStorage", "complex128": "ComplexDoubleStorage"}
# torch's dtype names, aliases included, for the dtypes minigrad has
TORCH_DTYPE_ALIASES = {"float": "float32", "double": "float64", "half": "float16", "long": "int64",
                       "int": "int32", "short": "int16"}

UNSAFE_NOTE = ("If you trust the file's source, load(..., weights_only=False) unpickles anything: "
               "it imports and calls whatever the file names, so it can run arbitrary code. "
               "Better: save model.state_dict() and load it into a model built in code.")


def _fail(msg):
    raise pickle.UnpicklingError("minigrad.load: " + msg)


class BFloat16:
    """Stands for torch.bfloat16 (minigrad has no bfloat16: such storages are converted to float32)."""
    name = "bfloat16"

    def __repr__(self):
        return "torch.bfloat16 (read as minigrad.float32)"


BF16 = BFloat16()


class ComplexOnDisk:
    """Stands for torch.complex64/complex128 storages: read as NumPy complex numbers, then made a complex
    tensor (minigrad/_complex.py: real and imaginary parts side by side)."""

    def __init__(self, name, np_dtype):
        self.name, self.np = name, np.dtype(np_dtype)

    def __repr__(self):
        return f"torch.{self.name}"


COMPLEX_ON_DISK = {"complex64": ComplexOnDisk("complex64", np.complex64),
                   "complex128": ComplexOnDisk("complex128", np.complex128)}


def _dtype_by_torch_name(name):
    """A minigrad dtype (or BF16) for a torch dtype name; an UnpicklingError for the others."""
    name = TORCH_DTYPE_ALIASES.get(name, name)
    if name == "bfloat16":
        return BF16
    if name in COMPLEX_ON_DISK:
        return COMPLEX_ON_DISK[name]
    try:
        return dtypes.by_name(name)
    except (KeyError, TypeError, ValueError):
        _fail(f"the file holds torch.{name} data, and minigrad has no {name} dtype "
              f"(it has {', '.join(d.name for d in dtypes.ALL)}); convert the tensors in torch "
              f"(e.g. t.float() or t.real) before saving")


class StorageType:
    """What ``torch.FloatStorage`` etc. unpickle to: the element dtype of a storage."""

    def __init__(self, name):
        self.name = name
        self.dtype = _dtype_by_torch_name(STORAGE_DTYPE[name])

    def __repr__(self):
        return f"torch.{self.name}"


class Storage:
    """One storage of a checkpoint: a 1-D array of its elements. ``cpu`` is the array as read;
    ``array`` the array on the device the tensors go to (set by ``Reader.place``)."""

    def __init__(self, cpu, location, filled):
        self.cpu = cpu
        self.location = location
        self.filled = filled
        self.array = None
        self.root = None          # legacy views: (root Storage, element offset)

    def __repr__(self):
        return f"<torch storage of {self.cpu.size} {self.cpu.dtype} elements>"


# ------------------------------------------------------------------------------------------------
# Reading
# ------------------------------------------------------------------------------------------------
class Reader:
    """The state of one ``load``: the placement rule and the storages read so far."""

    def __init__(self, map_location, weights_only, read_record, byteorder="little"):
        self.map_location = map_location
        self.weights_only = weights_only
        self.read_record = read_record        # (key, numpy dtype, numel) -> 1-D array, or None (legacy)
        self.byteorder = byteorder
        self.storages = {}
        self.pending = []                     # legacy: tensors to finish once the data is read
        self.warned_bf16 = False

    # -- storages ---------------------------------------------------------------------------------
    def persistent_load(self, pid):
        if not isinstance(pid, tuple) or not pid or pid[0] not in ("storage", b"storage"):
            _fail(f"unknown persistent id {str(pid)[:80]!r} (expected a torch storage)")
        if len(pid) not in (5, 6):
            _fail(f"a storage id has {len(pid)} fields, expected 5 (zip format) or 6 (legacy)")
        _, stype, key, location, numel = pid[:5]
        key = key.decode("ascii") if isinstance(key, bytes) else str(key)
        location = location.decode("ascii") if isinstance(location, bytes) else location
        if isinstance(stype, StorageType):
            dt = stype.dtype
        elif isinstance(stype, dtypes.dtype) or stype is BF16:
            dt = stype
        else:
            _fail(f"a storage id names {stype!r}, not a torch storage type")
        if type(numel) is not int or numel < 0 or not isinstance(location, str):
            _fail(f"corrupt storage id {pid[:5]!r}")
        st = self.storages.get(key)
        if st is None:
            st = self.storages[key] = self._read_storage(key, dt, location, numel)
        if len(pid) == 6 and pid[5] is not None:             # legacy view of a storage
            view_key, offset, size = pid[5]
            view = self.storages.get(("view", view_key))
            if view is None:
                if not (type(offset) is int and type(size) is int and 0 <= offset
                        and offset + size <= st.cpu.size):
                    _fail(f"storage view {pid[5]!r} lies outside its storage of {st.cpu.size} elements")
                view = Storage(st.cpu[offset:offset + size], location, st.filled)
                view.root = (st, offset)
                self.storages[("view", view_key)] = view
            return view
        return st

    def _read_storage(self, key, dt, location, numel):
        bf16 = dt is BF16
        npdt = np.dtype(np.uint16) if bf16 else dt.np
        raw = self.read_record(key, npdt, numel)
        if bf16 and not self.warned_bf16:
            self.warned_bf16 = True
            warnings.warn("minigrad.load: the file holds bfloat16 tensors; minigrad has no bfloat16, so "
                          "they are read as float32 (exactly: every bfloat16 is a float32)", stacklevel=4)
        if raw is None:                                       # legacy: filled later
            st = Storage(np.empty(numel, np.float32 if bf16 else npdt), location, filled=False)
            st.raw_dtype, st.bf16 = npdt, bf16
            return st
        return Storage(self._finish_raw(raw, bf16), location, filled=True)

    def _finish_raw(self, raw, bf16):
        if self.byteorder != sys.byteorder and raw.dtype.itemsize > 1:
            raw.byteswap(inplace=True)
        if bf16:
            raw = (raw.astype(np.uint32) << 16).view(np.float32)
        return raw

    def fill_legacy(self, f):
        """Read the storages' data that follows the object in a legacy file."""
        keys = _plain_load(f)
        if not isinstance(keys, list):
            _fail("corrupt legacy file: the storage key list is missing")
        for key in keys:
            key = key.decode("ascii") if isinstance(key, bytes) else str(key)
            st = self.storages.get(key)
            if st is None:
                _fail(f"corrupt legacy file: data for storage {key!r}, which the object never uses")
            head = f.read(8)
            n = struct.unpack("<q", head)[0] if len(head) == 8 else -1
            if n != st.cpu.size:
                _fail(f"corrupt legacy file: storage {key!r} has {n} elements on disk, "
                      f"{st.cpu.size} in the object")
            raw = np.empty(n, st.raw_dtype.newbyteorder("<"))
            if f.readinto(memoryview(raw).cast("B")) != raw.nbytes:
                _fail(f"truncated legacy file: storage {key!r} is incomplete")
            st.cpu[...] = self._finish_raw(raw.astype(st.raw_dtype), st.bf16)
            st.filled = True
        for s in self.storages.values():
            if s.root is not None:
                s.filled = s.root[0].filled
        for targets, st, offset, size, stride in self.pending:
            arr = self._view(st, offset, size, stride)
            for t in targets:
                t._data = arr

    # -- devices ----------------------------------------------------------------------------------
    def target_device(self, location):
        ml = self.map_location
        if isinstance(ml, dict):
            loc = ml.get(location, location)
            return self._device(loc, location)
        if ml is None:
            return self._device(location, location)
        if isinstance(ml, (str, backend.device)) or (hasattr(ml, "type") and hasattr(ml, "index")):
            return self._device(str(ml), location)
        raise TypeError(f"minigrad.load: map_location must be None, a device or device string, a dict "
                        f"{{saved location: device}} or a callable(storage, location), got "
                        f"{type(ml).__name__}")

    @staticmethod
    def _device(spec, saved):
        try:
            dev = backend.as_device(str(spec))
        except (ValueError, TypeError, RuntimeError) as e:
            raise RuntimeError(f"minigrad.load: tensors saved on {saved!r} cannot go to {spec!r} ({e}); "
                               f"pass map_location='cpu'") from None
        if dev.type == "cuda" and not backend.cuda_is_available():
            raise RuntimeError(f"minigrad.load: the file's tensors were saved on {saved!r}, but CUDA is not "
                               f"available here (no CuPy or no GPU); pass map_location='cpu' to load "
                               f"them on the CPU")
        return dev

    def place(self, st):
        """The storage's array on its target device (computed once per storage)."""
        if st.array is not None:
            return st.array
        if st.root is not None:
            root, off = st.root
            st.array = self.place(root)[off:off + st.cpu.size]
            return st.array
        if callable(self.map_location) and not isinstance(self.map_location, (str, dict, backend.device)):
            out = self.map_location(_wrap(st.cpu), st.location)
            if out is None:
                st.array = backend.to_device(st.cpu, self._device(st.location, st.location))
            elif isinstance(out, Tensor):
                st.array = out._data.reshape(-1)
            else:
                raise TypeError(f"minigrad.load: map_location returned {type(out).__name__}; it must "
                                f"return the storage it was given (a 1-D Tensor), moved, or None")
        else:
            st.array = backend.to_device(st.cpu, self.target_device(st.location))
        return st.array

    # -- tensors ----------------------------------------------------------------------------------
    @staticmethod
    def _check_view(st, offset, size, stride):
        if not isinstance(st, Storage):
            _fail(f"a tensor's storage is a {type(st).__name__}, not a storage")
        if isinstance(size, Size):
            size = tuple(size)
        ok = (type(offset) is int and offset >= 0 and isinstance(size, tuple) and isinstance(stride, tuple)
              and len(size) == len(stride)
              and all(type(s) is int and s >= 0 for s in size)
              and all(type(s) is int and s >= 0 for s in stride))
        if not ok:
            _fail(f"corrupt tensor: offset {offset!r}, size {size!r}, stride {stride!r}")
        if 0 not in size:
            last = offset + sum((n - 1) * s for n, s in zip(size, stride))
            if last >= st.cpu.size:
                _fail(f"corrupt tensor: size {size} with stride {stride} at offset {offset} reaches "
                      f"element {last} of a storage of {st.cpu.size}")
        return size

    def _view(self, st, offset, size, stride):
        arr = self.place(st)
        xp = backend.array_module(arr)
        if 0 in size:
            return xp.empty(size, arr.dtype)
        isz = arr.dtype.itemsize
        base = arr[offset:]
        if xp is np:
            v = np.lib.stride_tricks.as_strided(base, size, tuple(s * isz for s in stride), writeable=True)
        else:
            v = xp.lib.stride_tricks.as_strided(base, size, tuple(s * isz for s in stride))
        if _overlaps(size, stride):          # an expanded tensor: give it its own memory, as writes
            v = xp.ascontiguousarray(v)      # through overlapping views would be ill-defined
        return v

    def rebuild_tensor(self, storage, offset, size, stride, requires_grad=False, hooks=None, metadata=None,
                       dtype=None):
        size = self._check_view(storage, offset, size, stride)
        if dtype is not None:                  # _rebuild_tensor_v3: the dtype must be the storage's
            want = np.float32 if dtype is BF16 else getattr(dtype, "np", None)
            if want is None or np.dtype(want) != storage.cpu.dtype:
                _fail(f"a tensor of dtype {dtype!r} over a storage of {storage.cpu.dtype} is not supported")
        if storage.cpu.dtype.kind == "c":       # complex: a complex tensor of its real and imaginary parts
            from .._complex import ComplexTensor
            if not storage.filled:
                _fail("a complex tensor in a legacy (pre-1.6) file is not supported")
            arr = self._view(storage, offset, size, stride)
            t = ComplexTensor(_wrap(np.stack([arr.real, arr.imag], -1)))
            if requires_grad is True:
                t.requires_grad_(True)
            return t
        if storage.filled:
            t = _wrap(self._view(storage, offset, size, stride))
        else:                 # legacy: the data follows the object; fill_legacy sets the array
            t = _wrap(np.zeros(size, storage.cpu.dtype))
            self.pending.append(([t], storage, offset, size, stride))
        if requires_grad is True:
            if not t.dtype.is_floating_point:
                _fail(f"a {t.dtype} tensor with requires_grad=True (only floating-point tensors can)")
            t._requires_grad = True
        return t

    def rebuild_tensor_v3(self, storage, offset, size, stride, requires_grad, hooks, dtype, metadata=None):
        return self.rebuild_tensor(storage, offset, size, stride, requires_grad, hooks, metadata, dtype=dtype)

    def rebuild_parameter(self, data, requires_grad, hooks=None, state=None):
        from ..nn.parameter import Parameter
        if not isinstance(data, Tensor):
            _fail(f"a Parameter's data is a {type(data).__name__}, not a tensor")
        p = Parameter(data, requires_grad=bool(requires_grad))
        for targets, *_ in self.pending:
            if targets[0] is data:
                targets.append(p)
        if state:
            _fail("a Parameter with extra Python attributes (torch's _rebuild_parameter_with_state) "
                  "is not supported")
        return p

    def rebuild_from_type(self, func, new_type, args, state):
        from ..nn.parameter import Parameter
        if func not in (self.rebuild_tensor, self.rebuild_tensor_v3, self.rebuild_parameter) \
                or new_type not in (Tensor, Parameter) or state:
            _fail("a tensor subclass or a tensor with extra Python attributes is not supported")
        out = func(*args)
        if new_type is Parameter and not isinstance(out, Parameter):
            out = self.rebuild_parameter(out, out.requires_grad)
        return out

    # -- globals ----------------------------------------------------------------------------------
    def find_torch(self, module, name):
        """The minigrad object for a torch global, or None when minigrad has none."""
        full = f"{module}.{name}"
        if module == "torch._utils":
            return {"_rebuild_tensor_v2": self.rebuild_tensor, "_rebuild_tensor_v3": self.rebuild_tensor_v3,
                    "_rebuild_parameter": self.rebuild_parameter,
                    "_rebuild_parameter_with_state": self.rebuild_parameter,
                    "_rebuild_sparse_tensor": _rebuild_sparse}.get(name)
        if full == "torch.serialization._get_layout":
            return _layout
        if full == "torch._tensor._rebuild_from_type_v2":
            return self.rebuild_from_type
        if full in ("torch.Tensor", "torch._tensor.Tensor"):
            return Tensor
        if full in ("torch.nn.parameter.Parameter", "torch.nn.Parameter"):
            from ..nn.parameter import Parameter
            return Parameter
        if full == "torch.Size":
            return _size
        if full == "torch.device":
            return _device
        if module in ("torch", "torch.storage") and name.endswith("Storage"):
            if name in ("TypedStorage", "UntypedStorage", "_LegacyStorage"):
                return StorageType("UntypedStorage")
            if name in STORAGE_DTYPE:
                return StorageType(name)
        if module == "torch" and (name in TORCH_DTYPE_ALIASES or name in dtypes._BY_NAME
                                  or name.startswith(("float", "bfloat", "complex", "uint", "int", "qint",
                                                      "quint", "c"))):
            return _dtype_by_torch_name(name)
        return None


def _overlaps(size, stride):
    """Whether two indices of a strided view reach the same element (an expanded tensor)."""
    extent = 0
    dims = sorted(((s, n) for n, s in zip(size, stride) if n > 1))
    for s, n in dims:
        if s <= extent:
            return True
        extent += (n - 1) * s
    return False


def _rebuild_sparse(layout, data):
    """A sparse COO tensor from (indices, values, size, is_coalesced), as torch pickles one."""
    from ..sparse import sparse_coo, sparse_coo_tensor
    if layout is not sparse_coo or not isinstance(data, tuple) or len(data) < 3:
        _fail(f"a sparse tensor of layout {layout} is not supported (minigrad has sparse COO tensors only)")
    indices, values, size = data[:3]
    if not (isinstance(indices, Tensor) and isinstance(values, Tensor)):
        _fail("a sparse tensor whose indices or values are not tensors")
    return sparse_coo_tensor(indices, values, tuple(size), is_coalesced=bool(data[3]) if len(data) > 3 else None)


def _layout(name):
    from ..sparse import sparse_coo
    from ..tensor import strided
    known = {"torch.sparse_coo": sparse_coo, "torch.strided": strided}
    if name not in known:
        _fail(f"layout {name!r} is not supported (minigrad has torch.strided and torch.sparse_coo)")
    return known[name]


def _size(seq=()):
    seq = tuple(seq)
    if not all(type(s) is int for s in seq):
        _fail(f"torch.Size{seq!r} holds non-integers")
    return Size(seq)


def _device(*args):
    if not all(isinstance(a, (str, int)) for a in args):
        _fail(f"torch.device{args!r} is not a device")
    return backend.device(*args)


def _codecs_encode(obj, encoding="utf-8", errors="strict"):
    """``_codecs.encode`` as protocol-2 pickles use it for bytes (latin-1 text to bytes) and no more."""
    if not isinstance(obj, str) or encoding not in ("latin1", "latin-1"):
        _fail(f"_codecs.encode with {encoding!r} is not allowed")
    return obj.encode("latin-1", errors)


SAFE_BUILTINS = {("collections", "OrderedDict"): OrderedDict, ("collections", "Counter"): Counter,
                 ("_codecs", "encode"): _codecs_encode, ("builtins", "set"): set,
                 ("builtins", "frozenset"): frozenset, ("builtins", "bytearray"): bytearray,
                 ("builtins", "complex"): complex}


def py3_name(module, name):
    """The Python 3 name of a global a protocol-2 pickle may spell the Python 2 way (__builtin__.set)."""
    if (module, name) in _compat_pickle.NAME_MAPPING:
        return _compat_pickle.NAME_MAPPING[(module, name)]
    return _compat_pickle.IMPORT_MAPPING.get(module, module), name


def _is_torch(module):
    return module == "torch" or module.startswith("torch.")


def _refused(module, name):
    _fail(f"weights only load failed: the file refers to the global {module}.{name}, which "
          f"weights_only=True does not allow (it allows tensors, Parameters, dicts, lists, tuples, "
          f"OrderedDict, sets, numbers, strings, bytes, None, dtypes, devices and torch.Size). "
          + UNSAFE_NOTE)


class TorchUnpickler(pickle.Unpickler):
    """Unpickles a torch checkpoint's object with minigrad tensors for torch's."""

    def __init__(self, file, reader, **kwargs):
        super().__init__(file, **kwargs)
        self.reader = reader

    def persistent_load(self, pid):
        return self.reader.persistent_load(pid)

    def find_class(self, module, name):
        module, name = py3_name(module, name)
        if _is_torch(module):
            obj = self.reader.find_torch(module, name)
            if obj is not None:
                return obj
            if self.reader.weights_only:
                _refused(module, name)
            _fail(f"the file refers to {module}.{name}: minigrad rebuilds torch tensors, Parameters, "
                  f"dtypes and devices, not other torch objects (a pickled torch module or optimizer); "
                  f"save model.state_dict() in torch and load it into the minigrad model")
        safe = SAFE_BUILTINS.get((module, name))
        if safe is not None:
            return safe
        if self.reader.weights_only:
            _refused(module, name)
        return super().find_class(module, name)


class _NoGlobals(pickle.Unpickler):
    def find_class(self, module, name):
        _fail(f"unexpected global {module}.{name} in a file header")


def _plain_load(f):
    return _NoGlobals(f).load()


def read_zip(f, map_location, weights_only, **unpickler_kwargs):
    """Load a zip-format torch checkpoint (``f``: a path or a seekable binary file)."""
    with zipfile.ZipFile(f) as z:
        names = z.namelist()
        pkls = [n for n in names if n.endswith("/data.pkl") and n.count("/") == 1]
        if len(pkls) != 1:
            if any(n.endswith("/constants.pkl") or "/code/" in n for n in names):
                raise RuntimeError("minigrad.load: this is a TorchScript archive (torch.jit.save), not a "
                                   "torch.save checkpoint; in torch, torch.save(torch.jit.load(path)"
                                   ".state_dict(), 'weights.pt') gives one minigrad can read")
            raise RuntimeError(f"minigrad.load: a zip file that is not a torch checkpoint (no "
                               f"<name>/data.pkl among {names[:5]})")
        prefix = pkls[0][:-len("data.pkl")]
        byteorder = "little"
        if prefix + "byteorder" in names:
            byteorder = z.read(prefix + "byteorder").decode("ascii", "replace").strip()
            if byteorder not in ("little", "big"):
                _fail(f"unknown byte order {byteorder!r}")

        def read_record(key, npdt, numel):
            name = f"{prefix}data/{key}"
            if name not in names:
                _fail(f"corrupt file: the storage record {name} is missing")
            info = z.getinfo(name)
            arr = np.empty(numel, npdt)
            if info.file_size != arr.nbytes:
                _fail(f"corrupt file: {name} has {info.file_size} bytes, its {numel} {npdt} elements "
                      f"need {arr.nbytes}")
            buf = memoryview(arr).cast("B")
            with z.open(info) as r:
                got = 0
                while got < arr.nbytes:
                    k = r.readinto(buf[got:])
                    if not k:
                        _fail(f"corrupt file: {name} is truncated")
                    got += k
            return arr

        reader = Reader(map_location, weights_only, read_record, byteorder)
        data = io.BytesIO(z.read(pkls[0]))
        return TorchUnpickler(data, reader, **unpickler_kwargs).load()


def is_legacy(f):
    """Whether the seekable file ``f`` starts with a legacy torch file's magic number (restores the
    position when it does not)."""
    start = f.tell()
    try:
        magic = _plain_load(f)
    except Exception:
        magic = None
    if isinstance(magic, int) and magic == MAGIC_NUMBER:
        return True
    f.seek(start)
    return False


def read_legacy(f, map_location, weights_only, **unpickler_kwargs):
    """Load a legacy torch file whose magic number ``is_legacy`` has just read."""
    version = _plain_load(f)
    if version != LEGACY_PROTOCOL:
        _fail(f"unsupported legacy protocol version {version!r}")
    _plain_load(f)                        # system info; the storages' data is little-endian anyway
    reader = Reader(map_location, weights_only, lambda *a: None, byteorder=sys.byteorder)  # data: LE
    obj = TorchUnpickler(f, reader, **unpickler_kwargs).load()
    reader.fill_legacy(f)
    return obj


# ------------------------------------------------------------------------------------------------
# Writing
# ------------------------------------------------------------------------------------------------
class _Global:
    """Pickles as a reference to ``module.name`` (a torch name) without importing it."""
    __slots__ = ("module", "name")

    def __init__(self, module, name):
        self.module, self.name = module, name

    def __call__(self, *args):        # pickle's save_reduce wants a callable; this is never called
        raise TypeError(f"{self.module}.{self.name} is a name for a pickle, not a function")


_GLOBALS = {}


def _g(module, name):
    g = _GLOBALS.get((module, name))
    if g is None:
        g = _GLOBALS[(module, name)] = _Global(module, name)
    return g


class _StorageRef:
    __slots__ = ("pid",)

    def __init__(self, pid):
        self.pid = pid


class _LayoutRef:
    """torch.sparse_coo in a pickle (torch writes ``torch.serialization._get_layout('torch.sparse_coo')``)."""
    __slots__ = ()


class _PlainTensor:
    """A Parameter's data: pickled as a tensor with requires_grad=False, as torch does."""
    __slots__ = ("t",)

    def __init__(self, t):
        self.t = t


class TorchPickler(pickle._Pickler):
    """Pickles minigrad tensors as torch's rebuild calls; storages go to ``self.storages``."""

    dispatch = pickle._Pickler.dispatch.copy()

    def __init__(self, file, protocol, legacy):
        super().__init__(file, protocol=protocol)
        self.legacy = legacy
        self.storages = {}        # key -> 1-D array of the storage's elements (on the CPU)
        self._by_root = {}        # id(root array) -> (key, root array, ref)

    def _save_global_ref(self, obj):
        if self.proto >= 4:
            self.save(obj.module)
            self.save(obj.name)
            self.write(pickle.STACK_GLOBAL)
        else:
            self.write(pickle.GLOBAL + obj.module.encode("utf-8") + b"\n" + obj.name.encode("utf-8") + b"\n")
        self.memoize(obj)

    dispatch[_Global] = _save_global_ref

    def _save_dtype(self, obj):
        self._save_global_ref(_g("torch", obj.name))

    dispatch[dtypes.dtype] = _save_dtype

    def persistent_id(self, obj):
        if type(obj) is _StorageRef:
            return obj.pid
        return None

    def reducer_override(self, obj):
        t = type(obj)
        if t is _PlainTensor:
            return self._tensor(obj.t, False)
        if isinstance(obj, Tensor):
            from ..nn.parameter import Parameter
            if obj.is_sparse:                      # torch's form: the layout and (indices, values, size, coalesced)
                return (_g("torch._utils", "_rebuild_sparse_tensor"),
                        (_LayoutRef(), (obj._indices(), obj._values().detach(), Size(obj.shape), obj.is_coalesced())))
            if isinstance(obj, Parameter):
                return (_g("torch._utils", "_rebuild_parameter"),
                        (_PlainTensor(obj), obj.requires_grad, OrderedDict()))
            return self._tensor(obj, obj.requires_grad)
        if t is _LayoutRef:
            return (_g("torch.serialization", "_get_layout"), ("torch.sparse_coo",))
        if t is Size:
            return (_g("torch", "Size"), (tuple(obj),))
        if t is backend.device:
            return (_g("torch", "device"), (str(obj),))
        return NotImplemented

    def _tensor(self, t, requires_grad):
        ref, offset, stride = self._storage_of(t)
        return (_g("torch._utils", "_rebuild_tensor_v2"),
                (ref, offset, tuple(t.shape), stride, bool(requires_grad), OrderedDict()))

    def _storage_of(self, t):
        """The storage a tensor views, its element offset and strides. CPU tensors that view one NumPy
        array share one storage (as torch's views do); others get a contiguous copy of their own."""
        arr = t.detach().numpy() if t.dtype.is_complex else t._data    # (a complex tensor: its numbers)
        name = t.dtype.name
        if name not in STORAGE_OF:
            raise TypeError(f"minigrad.save: no torch storage type for dtype {name}")
        location = str(t.device)
        if isinstance(arr, np.ndarray):
            root = arr
            while isinstance(root.base, np.ndarray):
                root = root.base
            isz = arr.dtype.itemsize
            delta = arr.__array_interface__["data"][0] - root.__array_interface__["data"][0]
            if (root.dtype == arr.dtype and root.dtype.isnative and root.flags.c_contiguous and delta >= 0
                    and delta % isz == 0 and all(s >= 0 and s % isz == 0 for s in arr.strides)):
                return self._ref(root, location, name), delta // isz, tuple(s // isz for s in arr.strides)
        flat = np.ascontiguousarray(backend.to_numpy(arr)).reshape(-1)
        stride, acc = [], 1
        for n in reversed(t.shape):
            stride.append(acc)
            acc *= max(n, 1)
        return self._ref(flat, location, name), 0, tuple(reversed(stride))

    def _ref(self, root, location, name):
        hit = self._by_root.get(id(root))
        if hit is not None:
            return hit[2]
        key = str(len(self._by_root))
        flat = root.reshape(-1)
        pid = ("storage", _g("torch", STORAGE_OF[name]), key, location, int(flat.size))
        if self.legacy:
            pid = pid + (None,)
        ref = _StorageRef(pid)
        self._by_root[id(root)] = (key, root, ref)       # keeps root alive, so its id stays unique
        self.storages[key] = flat
        return ref


def write_zip(obj, f, protocol):
    buf = io.BytesIO()
    p = TorchPickler(buf, protocol, legacy=False)
    p.dump(obj)
    records = [("data.pkl", buf.getvalue()), (".format_version", b"1"),
               (".storage_alignment", str(ALIGNMENT).encode()), ("byteorder", sys.byteorder.encode())]
    records += [(f"data/{k}", a) for k, a in p.storages.items()]
    records += [("version", b"3\n")]
    with zipfile.ZipFile(f, "w", zipfile.ZIP_STORED) as z:
        for name, data in records:
            info = zipfile.ZipInfo("archive/" + name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED
            nbytes = data.nbytes if isinstance(data, np.ndarray) else len(data)
            info.file_size = nbytes
            # pad the local header's extra field so that the data starts on a 64-byte boundary
            start = z.fp.tell() + 30 + len(info.filename.encode("utf-8")) + 4
            if nbytes * 1.05 > zipfile.ZIP64_LIMIT:
                start += 20
            pad = -start % ALIGNMENT
            info.extra = b"FB" + struct.pack("<H", pad) + b"Z" * pad
            with z.open(info, "w") as w:
                w.write(memoryview(data).cast("B") if isinstance(data, np.ndarray) else data)


def write_legacy(obj, f, protocol):
    for header in (MAGIC_NUMBER, LEGACY_PROTOCOL,
                   {"protocol_version": LEGACY_PROTOCOL, "little_endian": sys.byteorder == "little",
                    "type_sizes": {"short": 2, "int": 4, "long": 4}}):
        pickle.dump(header, f, protocol=protocol)
    p = TorchPickler(f, protocol, legacy=True)
    p.dump(obj)
    keys = sorted(p.storages, key=int)
    pickle.dump(keys, f, protocol=protocol)
    for k in keys:
        a = p.storages[k]
        f.write(struct.pack("<q", a.size))
        if sys.byteorder != "little":
            a = a.byteswap()
        f.write(memoryview(np.ascontiguousarray(a)).cast("B"))
