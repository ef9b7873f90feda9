"""The Tensor: an n-dimensional array (NumPy or CuPy) plus what autograd needs.

A tensor holds (the names are PyTorch's)
  * ``_data``             the array (its dtype, device and shape are the tensor's),
  * ``_requires_grad``    ``requires_grad``,
  * ``_grad_fn``          the graph node that made it (``grad_fn``; ``None`` for a leaf),
  * ``_output_nr``        which output of that node it is (0 for most ops),
  * ``_grad``             the accumulated gradient of a leaf (``.grad``),
  * ``_version_counter``  ``[version]``, shared with its views and bumped by every in-place change
                          (``t._version`` reads it); a backward that finds a saved tensor at another
                          version than when it was saved refuses to run.
A view also keeps ``_view_of`` = (parent, view op class, its other arguments): how to remake it, so
that an in-place change of the view (or of its parent) can rewrite the graph as torch does
(``minigrad/ops/inplace.py``); ``t._base`` is the tensor that owns the memory.

The math methods (``x + y``, ``x.exp()``, ``x.sum(dim)``, ``x.to(dtype)``...) are the op functions of
``minigrad/ops``, bound to this class in ``minigrad/ops/__init__.py``; ``backward``, ``register_hook``
and ``retain_grad`` are bound by ``minigrad/autograd/engine.py``; ``new_zeros`` and friends by
``minigrad/factories.py``. (So this module imports nothing above it.) Each op's forward and backward
sit together in one class there.
"""
from __future__ import annotations

import math
import numbers
import sys
import warnings

import numpy as np

from . import backend
from .backend.quiet import quiet
from . import dtypes
from ._format import tensor_repr

_new = object.__new__
_ndarray = np.ndarray

INFERENCE = "inference"
"""The ``_creation_meta`` of a tensor made under ``inference_mode()`` (and of the views of one): it may not be
saved for backward, nor changed in place outside inference mode (see ``inference_creation``)."""
INFERENCE_ALIAS = "inference alias"
"""The ``_creation_meta`` of ``detach()`` (or ``.data``) of an inference tensor, outside inference mode: as in
torch, still an inference tensor (``is_inference()``; it may not be saved for backward nor require grad),
but one that may be changed in place; a view of it is a plain inference tensor again."""
_INFERENCE_KINDS = (INFERENCE, INFERENCE_ALIAS)
_NO_GRAD_VIEWS = ("no_grad", "inference_mode")
"""The ``_creation_meta`` of a view made under no_grad (or inference_mode) of a tensor requiring grad."""


def _new_inference(cls):
    """``object.__new__`` while inference mode is on: the new tensor is marked an inference tensor."""
    t = object.__new__(cls)
    t._creation_meta = INFERENCE
    return t


def _inference_alias(source, t):
    """``t`` (a detach() or .data of ``source``, made outside inference mode) is an inference alias if
    ``source`` is an inference tensor."""
    if source._creation_meta in _INFERENCE_KINDS:
        t._creation_meta = INFERENCE_ALIAS


def copied_from_inference(source, t):
    """``t``, a copy of ``source`` (clone(), to()): as torch's, made outside inference mode from an inference
    tensor it starts at version 1 (torch copies into a new tensor, which counts as a change)."""
    if source._creation_meta in _INFERENCE_KINDS and t._creation_meta is None:
        t._version_counter = [1]
    return t


def inference_creation(on: bool):
    """Make the tensors created from now on inference tensors (``on``) or normal ones. The modules that
    create tensors with ``object.__new__`` under the name ``_new`` get the marking version in inference mode
    only, so making a tensor costs nothing more outside it (``_wrap`` here; ``minigrad/fast/apply.py``'s
    unrolled ops, when that module is loaded)."""
    global _new
    _new = _new_inference if on else object.__new__
    fast_apply = sys.modules.get("minigrad.fast.apply")
    if fast_apply is not None and getattr(fast_apply, "_new", None) in (object.__new__, _new_inference):
        fast_apply._new = _new


def _legacy_data_check(data, name):
    """torch's legacy constructors (``Tensor(data)``, ``LongTensor(data)``) take a sequence or an array, not a
    lone Python number or None: the number would be read as a size (``Tensor(3)``) if it were an int."""
    if data is None or isinstance(data, (bool, float, complex, set, frozenset, dict, np.floating)):
        raise TypeError(f"{name}(): data must be a sequence (got {type(data).__name__}); give a list or an array "
                        f"(ints alone are read as sizes; minigrad.tensor(2.5) makes a 0-d tensor)")



# a NumPy operator with an array on the left and a tensor on the right: the tensor's reflected method
_REFLECTED = {np.add: "__radd__", np.subtract: "__rsub__", np.multiply: "__rmul__", np.true_divide: "__rtruediv__",
              np.floor_divide: "__rfloordiv__", np.remainder: "__rmod__", np.power: "__rpow__",
              np.matmul: "__rmatmul__", np.bitwise_and: "__rand__", np.bitwise_or: "__ror__",
              np.bitwise_xor: "__rxor__", np.left_shift: "__rlshift__", np.right_shift: "__rrshift__",
              np.less: "__gt__", np.less_equal: "__ge__", np.greater: "__lt__", np.greater_equal: "__le__",
              np.equal: "__eq__", np.not_equal: "__ne__"}
_SYMBOLS = {np.subtract: "-", np.multiply: "*", np.floor_divide: "//", np.remainder: "%", np.power: "** or pow()",
            np.matmul: "@", np.bitwise_and: "&", np.bitwise_or: "|", np.bitwise_xor: "^", np.left_shift: "<<",
            np.right_shift: ">>"}


class Tensor:
    __slots__ = ("_data", "_requires_grad", "_grad_fn", "_version_counter", "__dict__", "__weakref__")
    # rarely set, so they live in the class until a tensor needs its own value
    _output_nr = 0              # which output of its node this tensor is
    _grad = None                # .grad of a leaf
    _view_of = None             # (parent, view op class, its other arguments) for a view
    _grad_accumulator = None    # a weak reference to the AccumulateGrad node of a leaf that requires grad
    _retains_grad = False       # retain_grad() was called
    _backward_hooks = None      # hooks of a leaf
    _post_accumulate_hooks = None   # register_post_accumulate_grad_hook's hooks (of a leaf)
    _creation_meta = None       # a view that may not change in place with grad mode on: "no_grad" (made
    #                             under no_grad from a tensor requiring grad) or ("multi", op, i) (output
    #                             i of split/chunk/unbind); torch's CreationMeta. See ops/inplace.py

    __array_priority__ = 1000

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        """NumPy ufuncs meeting a tensor. ``numpy_array * tensor`` (any operator with the tensor on the right) is
        the tensor's reflected operator: a Tensor, recorded in the graph, not an object array. Any other call
        (``np.exp(t)``, ``np.maximum(t, u)``, ``np.add(a, t, out=a)``) computes with NumPy on the tensors' values
        (refused, as ``numpy()``, for a tensor that requires grad) and returns Tensors, as torch's
        ``__array_wrap__`` does; results written to ``out=`` arrays stay those arrays."""
        if (method == "__call__" and not kwargs and len(inputs) == 2 and ufunc in _REFLECTED
                and isinstance(inputs[1], Tensor) and not isinstance(inputs[0], Tensor)):
            result = getattr(inputs[1], _REFLECTED[ufunc])(inputs[0])
            if result is NotImplemented:             # (array + x, array @ x: refused, as torch; its words)
                fix = " (put the tensor first, or make the array a tensor: minigrad.from_numpy(a))"
                if ufunc is np.add:
                    raise TypeError("Concatenation operation is not implemented for NumPy arrays, use np.concatenate() "
                                    "instead" + fix)
                raise TypeError(f"unsupported operand type(s) for {_SYMBOLS.get(ufunc, ufunc.__name__)}: "
                                f"'{type(inputs[0]).__module__}.{type(inputs[0]).__name__}' and 'Tensor'" + fix)
            return result
        out = kwargs.get("out", ())
        if any(isinstance(o, Tensor) for o in (out if isinstance(out, tuple) else (out,))):
            return NotImplemented                  # (NumPy then says the operand type is not supported)
        arrays = [np.asarray(x) if isinstance(x, Tensor) else x for x in inputs]
        result = getattr(ufunc, method)(*arrays, **kwargs)
        if out:
            return result

        def wrap(r):
            return Tensor._from_array(np.asarray(r)) if isinstance(r, (np.ndarray, np.generic)) else r
        return tuple(wrap(r) for r in result) if isinstance(result, tuple) else wrap(result)

    def __init__(self, *args, dtype=None, device=None, requires_grad=False, size=None):
        """``Tensor(data)`` copies data as float32 (like ``torch.Tensor``); ``Tensor(2, 3)`` makes a
        zero-filled 2×3 tensor, ``Tensor()`` an empty one (shape (0,)). Prefer ``minigrad.tensor(data)``, which
        infers the dtype."""
        if dtype is not None:
            raise TypeError(f"new() got dtype={dtype}: the legacy Tensor(...) constructor is always the default "
                            f"dtype; use minigrad.tensor(data, dtype=...) or minigrad.zeros(*size, dtype=...)")
        if size is not None or (len(args) == 1 and isinstance(args[0], Size)):     # Tensor(size=(2, 3)), Tensor(x.shape)
            args = tuple(size if size is not None else args[0])
        if not args:
            args = (0,)
        if len(args) == 1 and isinstance(args[0], Tensor):     # torch: an alias of the tensor, its dtype kept
            src = args[0]._data
        elif len(args) == 1 and (not isinstance(args[0], numbers.Integral) or isinstance(args[0], bool)):
            _legacy_data_check(args[0], "new")
            src = as_array(args[0], dtype if dtype is not None else dtypes.get_default_dtype(), device)
        else:
            shape = _shape_arg(args, "Tensor")
            d = backend.as_device(device)
            dt = dtypes.as_dtype(dtype if dtype is not None else dtypes.get_default_dtype(), "Tensor")
            with backend.on(d):
                src = backend.xp_for(d).zeros(shape, dt.np)
        _init(self, src)
        if requires_grad:
            self.requires_grad = True

    @staticmethod
    def _from_array(arr) -> "Tensor":
        """Wrap an array (no copy) as a leaf tensor."""
        return _wrap(arr)

    # ------------------------------------------------------------------ basic properties
    @property
    def shape(self):
        return _size(Size, self._data.shape)

    def size(self, dim=None):
        if dim is None:
            return _size(Size, self._data.shape)
        return self._data.shape[_dim(dim, self._data.ndim, "size")]

    @property
    def dtype(self) -> dtypes.dtype:
        return dtypes.from_np(self._data.dtype)

    @property
    def device(self) -> backend.device:
        return backend.device_of(self._data)

    @property
    def is_cuda(self) -> bool:
        return not isinstance(self._data, np.ndarray)

    @property
    def ndim(self) -> int:
        return self._data.ndim

    def dim(self) -> int:
        return self._data.ndim

    ndimension = dim

    def numel(self) -> int:
        return int(self._data.size)

    nelement = numel

    def element_size(self) -> int:
        return self._data.itemsize

    def stride(self, dim=None):
        st = tuple(s // self._data.itemsize for s in self._data.strides)
        return st if dim is None else st[_dim(dim, self._data.ndim, "stride")]

    def is_contiguous(self, *, memory_format=None) -> bool:
        """Row-major layout. ``memory_format=minigrad.channels_last`` asks whether the channels are the fastest
        dim of a 4-D tensor (an NHWC layout); minigrad's own tensors are always made row-major."""
        if memory_format is _CHANNELS_LAST:
            return self._data.ndim == 4 and bool(self._data.transpose(0, 2, 3, 1).flags.c_contiguous)
        return bool(self._data.flags.c_contiguous)

    def is_floating_point(self) -> bool:
        return self._data.dtype.kind == "f"

    def is_signed(self) -> bool:
        return self._data.dtype.kind in "fi"

    @property
    def itemsize(self) -> int:
        return self._data.itemsize

    @property
    def nbytes(self) -> int:
        return int(self._data.nbytes)

    def data_ptr(self) -> int:
        """The address of the first element (views of one tensor differ by their offset, as torch's)."""
        if isinstance(self._data, np.ndarray):
            return self._data.__array_interface__["data"][0]
        return self._data.data.ptr

    def untyped_storage(self):
        """The memory this tensor shares with its base and the base's other views, as bytes."""
        from ._storage import storage_of
        return storage_of(self, typed=False)

    def storage(self):
        """The memory as elements of the dtype (torch deprecates it, with a warning, for untyped_storage())."""
        from ._storage import storage_of
        return storage_of(self, typed=True)

    def storage_offset(self) -> int:
        """How many elements into its base tensor's memory this view starts (0 for a tensor that is no view)."""
        base = self._base
        return 0 if base is None else (self.data_ptr() - base.data_ptr()) // self._data.itemsize

    def get_device(self) -> int:
        """-1 for a CPU tensor, else its GPU's index (as torch)."""
        return -1 if isinstance(self._data, np.ndarray) else self.device.index

    def is_set_to(self, tensor) -> bool:
        """Whether both tensors view the same memory the same way: one storage, offset, sizes and strides."""
        if not isinstance(tensor, Tensor):
            raise TypeError(f"is_set_to(): argument 'tensor' must be Tensor, not {type(tensor).__name__}")
        a, b = self._data, tensor._data
        return (type(a) is type(b) and a.dtype == b.dtype and self.data_ptr() == tensor.data_ptr()
                and a.shape == b.shape and a.strides == b.strides
                and self.untyped_storage().data_ptr() == tensor.untyped_storage().data_ptr())

    def is_same_size(self, other) -> bool:
        if not isinstance(other, Tensor):
            raise TypeError(f"is_same_size(): argument 'other' must be Tensor, not {type(other).__name__}")
        return self._data.shape == other._data.shape

    def pin_memory(self, device=None):
        """The tensor itself: pinned (page-locked) host memory is a CUDA transfer detail minigrad has no use for."""
        return self

    def is_pinned(self, device=None) -> bool:
        """False: minigrad never page-locks host memory (torch says False for a tensor it has not pinned)."""
        return False

    def share_memory_(self):
        """Move the numbers into shared memory (``minigrad.multiprocessing``): processes this one starts, and
        those it sends the tensor to, then read and write the same numbers. A GPU tensor is left as it is."""
        from .backend.shared import share_array
        self._data = share_array(self._data)
        return self

    def is_shared(self) -> bool:
        """Whether the numbers are in shared memory (after ``share_memory_()``, or GPU memory, as torch says)."""
        if not isinstance(self._data, np.ndarray):
            return True
        from .backend.shared import is_shared
        return is_shared(self._data)

    @property
    def xp(self):
        """The array module of this tensor: ``numpy`` or ``cupy``."""
        return backend.array_module(self._data)

    # ------------------------------------------------------------------ autograd state
    @property
    def requires_grad(self) -> bool:
        """Set on a leaf, or True for a result of recorded ops; a view made under no_grad/inference_mode of a
        tensor that requires grad reports its base's flag, as torch's (though no gradient flows through it)."""
        if self._requires_grad:
            return True
        if self._creation_meta in _NO_GRAD_VIEWS:
            return self._view_of[0].requires_grad
        return False

    @requires_grad.setter
    def requires_grad(self, flag):
        if flag.__class__ is not bool:
            if not isinstance(flag, (bool, np.bool_)):
                raise RuntimeError(f"requires_grad must be a bool, not {type(flag).__name__} ({flag!r}); use True "
                                   "or False")
            flag = bool(flag)
        if self._grad_fn is not None:
            raise RuntimeError(
                "you can only change requires_grad flags of leaf tensors; this tensor was computed by "
                f"{self._grad_fn.name()}. If you want a version of it that is not part of the graph, use "
                "t.detach() (and t.detach().requires_grad_() for a new leaf).")
        if flag and self._creation_meta in _INFERENCE_KINDS and not _inference_mode_on():
            raise RuntimeError("Setting requires_grad=True on inference tensor outside InferenceMode is not allowed "
                               "(this tensor was made under inference_mode(); use x.clone().requires_grad_())")
        if flag and self._data.dtype.kind != "f":
            raise RuntimeError(f"only Tensors of floating point dtype can require gradients (this one is "
                               f"{self.dtype}; convert it first, e.g. t.float().requires_grad_())")
        self._requires_grad = flag

    def requires_grad_(self, requires_grad=True):
        if not isinstance(requires_grad, (bool, np.bool_)):
            raise TypeError(f"requires_grad_(): argument 'requires_grad' (position 1) must be bool, not "
                            f"{type(requires_grad).__name__}")
        if requires_grad and self._grad_fn is not None:
            return self             # a non-leaf already requires grad: nothing to change (as torch)
        self.requires_grad = requires_grad
        return self

    @property
    def is_leaf(self) -> bool:
        return self._grad_fn is None

    @property
    def grad_fn(self):
        return self._grad_fn

    @property
    def output_nr(self) -> int:
        return self._output_nr

    @property
    def volatile(self) -> bool:
        """Pre-0.4 code's ``x.volatile``: always False now, with torch's warning (use ``with no_grad():``)."""
        warnings.warn("volatile was removed (Variable.volatile is always False)", UserWarning, stacklevel=2)
        return False

    @volatile.setter
    def volatile(self, value):
        warnings.warn("volatile was removed and now has no effect. Use `with torch.no_grad():` instead.",
                      UserWarning, stacklevel=2)

    @property
    def grad(self):
        g = self._grad
        if g is None and self._grad_fn is not None and not self._retains_grad:
            warnings.warn(
                "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad attribute "
                "won't be populated during autograd.backward(). If you indeed want the .grad field to be populated "
                "for a non-leaf Tensor, use .retain_grad() on the non-leaf Tensor. If you access the non-leaf Tensor "
                "by mistake, make sure you access the leaf Tensor instead.", UserWarning, stacklevel=2)
        return g

    @grad.setter
    def grad(self, value):
        if value is not None:
            if not isinstance(value, Tensor):
                raise TypeError(f"assigned grad must be a Tensor or None, got {type(value).__name__}")
            if value.shape != self.shape or value._data.dtype != self._data.dtype or \
                    type(value._data) is not type(self._data):
                raise RuntimeError(
                    f"assigned grad has shape {tuple(value.shape)}, {value.dtype} on {value.device}, but "
                    f"the tensor has shape {tuple(self.shape)}, {self.dtype} on {self.device}; they must match")
        self._grad = value

    @grad.deleter
    def grad(self):
        self._grad = None           # ``del p.grad``, as torch: the same as ``p.grad = None``

    @property
    def retains_grad(self) -> bool:
        return self._retains_grad

    @property
    def _version(self) -> int:
        if self._creation_meta == INFERENCE:
            raise RuntimeError("Inference tensors do not track version counter (this tensor was made under "
                               "inference_mode(); clone() it outside inference mode for a normal tensor)")
        return int(self._version_counter[0])

    def is_inference(self) -> bool:
        """Whether this tensor was made under ``inference_mode()`` (or is a view, or a detach(), of such a tensor)."""
        return self._creation_meta in _INFERENCE_KINDS

    @property
    def data(self) -> "Tensor":
        """The same storage as a tensor outside the graph (no grad, no version tracking)."""
        t = _wrap(self._data)
        if self._creation_meta is not None and t._creation_meta is None:
            _inference_alias(self, t)
        return t

    @data.setter
    def data(self, value):
        if not isinstance(value, Tensor):
            raise TypeError(f"t.data must be assigned a Tensor, got {type(value).__name__}")
        if value._data.dtype.kind != "f" and self.requires_grad:
            raise RuntimeError(f"data set to a tensor that requires gradients must be floating point or complex dtype "
                               f"(.data = a {value.dtype} tensor; convert it with .float(), or set requires_grad_(False) "
                               "first)")
        self._data = value._data

    def detach(self) -> "Tensor":
        """A tensor sharing storage and version counter, cut from the graph."""
        t = _wrap(self._data)
        t._version_counter = self._version_counter
        if self._creation_meta is not None and t._creation_meta is None:
            _inference_alias(self, t)
        return t

    @property
    def _base(self):
        """The tensor this view's memory belongs to (torch's ``_base``); None if it is not a view."""
        t = self._view_of
        if t is None:
            return None
        while t[0]._view_of is not None:
            t = t[0]._view_of
        return t[0]

    def _is_view(self) -> bool:
        return self._view_of is not None

    def detach_(self) -> "Tensor":
        if self._view_of is not None and (self._grad_fn is not None or self._creation_meta in _NO_GRAD_VIEWS):
            raise RuntimeError("Can't detach views in-place (detach_() on a view that is part of a graph, or made "
                               "under no_grad of a tensor that requires grad). Use detach() instead")
        self._grad_fn, self._requires_grad, self._output_nr = None, False, 0
        return self

    # retain_grad(), register_hook() and backward() are autograd's: see minigrad/autograd/engine.py

    # ------------------------------------------------------------------ conversion
    def item(self):
        if self._data.size != 1:
            raise RuntimeError(f"a Tensor with {self._data.size} elements cannot be converted to Scalar (item() "
                               "needs exactly one element; use .tolist() for more)")
        return self._data.item() if isinstance(self._data, np.ndarray) else self._data.get().item()

    def tolist(self):
        return backend.to_numpy(self._data).tolist()

    def numpy(self, *, force=False) -> np.ndarray:
        if force is not False and force is not True:
            raise TypeError(f"numpy(): argument 'force' must be bool, not {type(force).__name__}")
        if not isinstance(self._data, np.ndarray):
            if not force:
                raise TypeError(f"can't convert {self.device} device type tensor to numpy. Use Tensor.cpu() "
                                "to copy the tensor to host memory first.")
            return self._data.get()
        if self.requires_grad and not force:
            raise RuntimeError("Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() "
                               "instead.")
        return self._data

    def __array__(self, dtype=None, copy=None):
        arr = self.numpy()
        return arr if dtype is None else arr.astype(dtype, copy=False)

    # to(device | dtype | tensor): see minigrad/ops/convert.py

    def cpu(self):
        return self.to("cpu")

    def cuda(self, device=None, non_blocking=False):
        return self.to("cuda" if device is None else backend.device("cuda", device)
                       if isinstance(device, int) else device)

    def type(self, dtype=None):
        """torch's legacy type name ('torch.FloatTensor', 'torch.cuda.LongTensor'): code written for torch
        compares it with those strings. (The tensor's dtype reads minigrad.float32.)"""
        if dtype is None:
            name = _TYPE_NAMES.get(self._data.dtype.name, self._data.dtype.name)
            return name if isinstance(self._data, np.ndarray) else name.replace("torch.", "torch.cuda.")
        return self.to(dtype)

    def float(self, *, memory_format=None):
        return self.to(dtypes.float32, memory_format=memory_format)

    def double(self, *, memory_format=None):
        return self.to(dtypes.float64, memory_format=memory_format)

    def half(self, *, memory_format=None):
        return self.to(dtypes.float16, memory_format=memory_format)

    def bfloat16(self):
        """torch's bfloat16 has no NumPy arrays: a TypeError that says so (use half() or float())."""
        return self.to(dtypes.bfloat16)

    def long(self, *, memory_format=None):
        return self.to(dtypes.int64, memory_format=memory_format)

    def int(self, *, memory_format=None):
        return self.to(dtypes.int32, memory_format=memory_format)

    def short(self, *, memory_format=None):
        return self.to(dtypes.int16, memory_format=memory_format)

    def bool(self, *, memory_format=None):
        return self.to(dtypes.bool, memory_format=memory_format)

    def byte(self, *, memory_format=None):
        return self.to(dtypes.uint8, memory_format=memory_format)

    def type_as(self, other):
        if not isinstance(other, Tensor):
            raise TypeError(f"type_as(): argument 'other' (position 1) must be Tensor, not {type(other).__name__}")
        return self.to(other.dtype)

    # new_tensor(), new_zeros(), new_ones(), new_empty(), new_full(): see minigrad/factories.py

    # ------------------------------------------------------------------ Python protocol
    def __len__(self):
        if self._data.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return self._data.shape[0]

    def __contains__(self, element):
        """``v in t``: some element of t equals v (a number or a tensor), as torch."""
        if not isinstance(element, (Tensor, numbers.Number, np.generic)):
            raise RuntimeError(f"Tensor.__contains__ only supports Tensor or scalar, but you passed in a "
                               f"{type(element)} ({element!r} in a tensor of shape {tuple(self.shape)})")
        return bool((self == element).any())

    def __iter__(self):
        if self._data.ndim == 0:
            raise TypeError("iteration over a 0-d tensor")
        return (self[i] for i in range(self._data.shape[0]))

    def __reversed__(self):
        """``reversed(t)``: t flipped along dim 0 (a 0-d tensor: itself), a tensor as torch's."""
        return self if self._data.ndim == 0 else self.flip(0)

    def __bool__(self):
        if self._data.size != 1:
            many = "no values" if self._data.size == 0 else "more than one value"
            raise RuntimeError(f"Boolean value of Tensor with {many} is ambiguous ({self._data.size} values; use "
                               ".any() or .all())")
        return bool(self.item())

    def __float__(self):
        return float(self._one_element("float"))

    def __int__(self):
        return int(self._one_element("int"))

    def _one_element(self, how):
        """float(t)/int(t): torch raises ValueError (not item()'s RuntimeError) for several elements."""
        if self._data.size != 1:
            raise ValueError(f"only one element tensors can be converted to Python scalars: {how}() got a tensor "
                             f"of shape {tuple(self.shape)}; index one element first or use .tolist()")
        return self.item()

    def __index__(self):
        if self._data.dtype.kind not in "iub" or self._data.size != 1:
            raise TypeError(f"only integer tensors of a single element can be converted to an index; "
                            f"this one is {self.dtype} with shape {tuple(self.shape)}")
        return int(self.item())

    def __complex__(self):
        return complex(self.item())

    __hash__ = object.__hash__

    def __format__(self, spec):
        """f"{t}" of a 0-d tensor is its number's (f"{correct}" prints 21, as torch), with or without a spec."""
        if self._data.ndim == 0:
            return format(self.item(), spec)
        return object.__format__(self, spec) if spec else repr(self)

    def __repr__(self):
        return tensor_repr(self)

    __str__ = __repr__

    def __reduce__(self):
        """Pickle as a CPU array plus its device (for ``minigrad.save`` and multiprocessing)."""
        return (_rebuild, (backend.to_numpy(self._data), str(self.device), self._requires_grad))

    def __deepcopy__(self, memo):
        if self._grad_fn is not None:
            raise RuntimeError("only leaf tensors (created explicitly by the user) support deepcopy; "
                               "this one was computed by " + self._grad_fn.name())
        t = _wrap(self._data.copy())
        t._requires_grad = self.requires_grad
        if self._grad is not None:
            t._grad = _wrap(self._grad._data.copy())
        memo[id(self)] = t
        return t

    @property
    def is_sparse(self):
        return False

    @property
    def layout(self):
        return strided

    def to_dense(self, dtype=None, *, masked_grad=None) -> "Tensor":
        """The tensor itself (minigrad's tensors are all dense), or a copy in ``dtype``, as torch's."""
        return self if dtype is None or dtypes.as_dtype(dtype, "to_dense") == self.dtype else self.to(dtype)


class Size(tuple):
    """A tensor's shape: a tuple, with ``numel()`` like ``torch.Size``. ``Size([2, 3])`` checks that each
    entry is an int (a 0-d integer tensor counts as its value), as torch's; a tensor's own ``.shape`` is made
    without the check."""
    __slots__ = ()

    def __new__(cls, sizes=()):
        sizes = tuple(sizes)
        if any(s.__class__ is not int for s in sizes):
            sizes = tuple(_size_entry(s, i) for i, s in enumerate(sizes))
        return tuple.__new__(cls, sizes)

    def numel(self):
        n = 1
        for s in self:
            n *= s
        return n

    def __repr__(self):
        return f"torch.Size({list(self)})"

    def __getitem__(self, key):
        out = tuple.__getitem__(self, key)
        return Size(out) if isinstance(key, slice) else out

    def __add__(self, other):
        if not isinstance(other, tuple):
            raise TypeError(f"can only concatenate tuple (not {type(other).__name__}) to torch.Size")
        return Size(tuple.__add__(self, other))

    def __radd__(self, other):                                  # (1,) + size is a Size too, as torch's
        return Size(tuple.__add__(other, self))

    def __mul__(self, n):                                       # Size([3]) * 2 is Size([3, 3]), as torch's
        return Size(tuple.__mul__(self, n))

    __rmul__ = __mul__


_size = tuple.__new__


def _size_entry(s, i):
    if isinstance(s, Tensor) and s._data.ndim == 0 and s._data.dtype.kind in "iu":
        return int(s.item())
    if not isinstance(s, numbers.Integral):                 # (a bool is an int here, as in torch)
        raise TypeError(f"minigrad.Size() takes an iterable of 'int' (item {i} is '{type(s).__name__}': {s!r})")
    return int(s)


class _HookHandle:
    __slots__ = ("hooks", "hook")

    def __init__(self, hooks, hook):
        self.hooks, self.hook = hooks, hook

    def remove(self):
        if self.hook in self.hooks:
            self.hooks.remove(self.hook)

    def __enter__(self):                # ``with t.register_hook(f):`` -- removed on leaving, as torch's
        return self

    def __exit__(self, *exc):
        self.remove()
        return False


_HookHandle.__name__ = _HookHandle.__qualname__ = "RemovableHandle"      # the class name torch's handles show


_TYPE_NAMES = {"float32": "torch.FloatTensor", "float64": "torch.DoubleTensor", "float16": "torch.HalfTensor",
               "int64": "torch.LongTensor", "int32": "torch.IntTensor", "int16": "torch.ShortTensor",
               "int8": "torch.CharTensor", "uint8": "torch.ByteTensor", "bool": "torch.BoolTensor"}


class _NamedConstant:
    """A constant known by its name, printed with torch's prefix and pickled by name (dtypes work alike)."""
    __slots__ = ("name",)

    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return f"torch.{self.name}"

    def __reduce__(self):
        return self.name


class memory_format(_NamedConstant):
    """torch's memory layouts (``minigrad.contiguous_format``, ``preserve_format``, ``channels_last``...).
    They are accepted where torch takes ``memory_format=``; minigrad's results are always row-major
    (contiguous_format), so a channels_last request is a layout hint that changes no value."""
    __slots__ = ()

    def check_rank(self, ndim, op):
        """torch refuses channels_last for a tensor that is not 4-D (channels_last_3d: not 5-D)."""
        need = {"channels_last": 4, "channels_last_3d": 5}.get(self.name)
        if need is not None and ndim != need:
            raise RuntimeError(f"required rank {need} tensor to use {self.name} format ({op}(): the tensor is "
                               f"{ndim}-D; use memory_format=torch.contiguous_format, or a {need}-D tensor)")


class layout(_NamedConstant):
    """torch's tensor layouts: minigrad's tensors are all ``minigrad.strided`` (dense, row-major)."""
    __slots__ = ()


strided = layout("strided")
contiguous_format = memory_format("contiguous_format")
preserve_format = memory_format("preserve_format")
channels_last = _CHANNELS_LAST = memory_format("channels_last")
channels_last_3d = memory_format("channels_last_3d")


# ---------------------------------------------------------------------------------------------
# Construction helpers used across the library
# ---------------------------------------------------------------------------------------------
def _init(t, arr):
    t._data = arr
    t._requires_grad = False
    t._grad_fn = None
    t._version_counter = [0]


def _wrap(arr) -> Tensor:
    """A new leaf tensor around an array (no copy). The fast path every op uses for its output."""
    if type(arr) is not _ndarray and isinstance(arr, np.generic):
        arr = np.asarray(arr)            # NumPy turns 0-d results into scalars: keep them arrays
    t = _new(Tensor)
    t._data = arr
    t._requires_grad = False
    t._grad_fn = None
    t._version_counter = [0]
    return t


def _rebuild(arr, device, requires_grad):
    t = _wrap(backend.to_device(arr, backend.as_device(device)))
    t._requires_grad = requires_grad
    return t


def as_array(data, dtype=None, device=None, copy=True):
    """An array on ``device`` from a Tensor, array, (nested) list or scalar, with torch's dtype rules:
    Python floats give the default float type, ints int64, bools bool; arrays keep their dtype."""
    dev = backend.as_device(device) if device is not None else None
    dt = dtypes.as_dtype(dtype) if dtype is not None else None
    if isinstance(data, Tensor):
        arr = data._data
    elif backend.is_array(data):
        arr = data
    elif isinstance(data, np.generic):
        arr = np.asarray(data)
    else:
        exact = isinstance(data, (list, tuple)) and any(isinstance(x, Tensor) for x in _flat_first(data))
        arr = _array_with_tensors(data) if exact else _array_from_python(data)
        copy = False
        if arr.dtype.kind in "US":
            if isinstance(data, (list, tuple)) and _all_str(data):
                raise ValueError(f"too many dimensions 'str' (tensor(): cannot make a tensor of strings {data!r}; "
                                 "map them to numbers first, e.g. a vocabulary index)")
            raise TypeError(f"tensor(): cannot make a tensor of str data ({data!r}); give numbers, nested lists of "
                            "numbers or arrays")
        if dt is None and not exact and arr.dtype.kind == "f" and arr.dtype != dtypes.get_default_dtype().np:
            dt = _float_of_list(data)
        if dt is not None and dt.np.kind in "iu":
            _check_fits(arr, dt)
    if dt is None:
        # (uint16/32/64: an array's are kept; Python ints never make them)
        wide_unsigned = arr.dtype.name in ("uint16", "uint32", "uint64") and backend.is_array(data)
        if arr.dtype.name not in ("float16", "float32", "float64", "uint8", "int8", "int16", "int32",
                                  "int64", "bool") and not wide_unsigned:
            dt = dtypes.from_np(np.dtype(_NARROW.get(arr.dtype.kind, arr.dtype)))    # (uint16 -> int64, ...)
            if arr.dtype == np.uint64 and arr.size and int(arr.max()) >= 2 ** 63:
                raise ValueError(f"Overflow when unpacking long long (tensor(): the int {int(arr.max())} does not fit "
                                 "int64, the type of Python ints; give a float, or a NumPy uint64 array)")
    target = backend.device_of(arr) if dev is None else dev
    out = backend.to_device(arr, target)
    if dt is not None and out.dtype != dt.np:
        out = quiet(out.astype, dt.np) if dt.np.kind == "f" else out.astype(dt.np)    # (1e40 in float32: inf, silently)
    elif copy and out is arr:
        out = out.copy()
    return out


_PY_NUMBERS = frozenset((float, int, bool))


def _float_of_list(data):
    """The dtype of a float tensor made from nested lists, as torch infers it: a Python float counts as the
    default dtype, a NumPy float scalar or array as its own dtype (float64 from an RL replay buffer's
    ``[np.float64(r), ...]`` or ``[np.ones(2), ...]`` stays float64); all promoted together."""
    found, level = set(), [data] if isinstance(data, (list, tuple)) else []
    while level:
        nxt = []
        for lst in level:
            kinds = set(map(type, lst))
            if kinds <= _PY_NUMBERS:            # the common case, checked at C speed
                if float in kinds:
                    found.add(float)
                continue
            for v in lst:
                if isinstance(v, (list, tuple)):
                    nxt.append(v)
                elif isinstance(v, (np.ndarray, np.floating)) and v.dtype.kind == "f":
                    found.add(v.dtype)
                elif type(v) is float:
                    found.add(float)
        level = nxt
    result = None
    for d in found:
        d = dtypes.get_default_dtype() if d is float else dtypes.from_np(d)
        result = d if result is None else dtypes.promote_types(result, d)
    return result or dtypes.get_default_dtype()


def _check_fits(arr, dt):
    """Python numbers going into an integer dtype must fit (torch: NaN, inf, 300 into uint8 raise).
    torch's one exception: negative ints go into uint8, wrapped (-1 becomes 255). A float fits when it
    is below max + 1, as its truncation does (torch >= 2.14: 255.5 into uint8 is 255; 2.13 raised)."""
    if arr.dtype.kind not in "fiu" or arr.size == 0:
        return
    info = np.iinfo(dt.np)
    low = np.iinfo(np.int64).min if dt.np == np.uint8 and arr.dtype.kind in "iu" else info.min
    with np.errstate(invalid="ignore"):
        fits = np.isfinite(arr).all() and arr.min() >= low and arr.max() < info.max + 1
    if not fits:
        raise RuntimeError(f"value cannot be converted to type {dt.np.name} without overflow (tensor() got "
                           f"values from {arr.min()} to {arr.max()})")


_NARROW = {"u": np.int64, "i": np.int64, "f": np.float64, "b": np.bool_}


def _odd_leaf(data):
    """The first element of nested lists/tuples that is not a number (``data`` itself if it is no list)."""
    if isinstance(data, (list, tuple)):
        for item in data:
            leaf = _odd_leaf(item)
            if leaf is not None:
                return leaf
        return None
    return None if isinstance(data, (numbers.Number, np.generic, np.ndarray, Tensor)) else data


def _all_str(data):
    """Whether every leaf of nested lists/tuples is a str."""
    return all(_all_str(x) if isinstance(x, (list, tuple)) else isinstance(x, str) for x in data)


def _first_shape(data):
    """The shape of nested lists as torch reads it: along the first elements."""
    shape, first = [], data
    while isinstance(first, (list, tuple)):
        shape.append(len(first))
        first = first[0] if first else None
    return shape


def _check_rectangular(data):
    """torch's errors for ragged nested lists: the shape is read along the first elements, then each list must
    have its dim's length ("expected sequence of length ...") and hold lists down to the last dim only."""
    shape = _first_shape(data)
    hint = " (tensor(): nested lists must be rectangular, as an array's rows are: pad the short ones)"

    def walk(x, dim):
        if dim == len(shape):
            if isinstance(x, (list, tuple)):
                raise TypeError(f"'{type(x).__name__}' object cannot be interpreted as an integer{hint}")
            return
        if not isinstance(x, (list, tuple)):
            raise TypeError(f"not a sequence{hint}")
        if len(x) != shape[dim]:
            raise ValueError(f"expected sequence of length {shape[dim]} at dim {dim} (got {len(x)}){hint}")
        for y in x:
            walk(y, dim + 1)
    walk(data, 0)


def _array_from_python(data):
    """np.array for nested lists/tuples of numbers."""
    try:
        arr = np.array(data)
    except ValueError as exc:
        if _has_none(data):         # torch reads the dtype before the shape: None anywhere is that error
            raise RuntimeError("tensor(): Could not infer dtype of NoneType (the data holds None); give numbers")
        if isinstance(data, (list, tuple)):
            shape = _first_shape(data)
            if 0 in shape:          # (torch reads no element of an empty shape: [[], [1]] is a (2, 0) tensor)
                return np.zeros(shape)
            _check_rectangular(data)
        raise ValueError(f"tensor(): could not build a tensor from the data ({exc}); nested lists must "
                         "be rectangular") from None
    if arr.dtype == object:
        if data is None or _has_none(data):
            raise RuntimeError("tensor(): Could not infer dtype of NoneType (the data holds None); give numbers")
        bad = _odd_leaf(data)
        if not isinstance(bad, (str, bytes)):       # (torch: a RuntimeError, a TypeError for strings)
            raise RuntimeError(f"Could not infer dtype of {type(bad).__name__} (tensor(): the data holds a "
                               f"{type(bad).__name__}; use numbers, nested lists of numbers or arrays)")
        raise TypeError(f"tensor(): cannot build a tensor from {type(data).__name__} data of mixed or "
                        "unsupported element types; use numbers, nested lists of numbers or arrays")
    if arr.dtype.kind == "i" and arr.dtype != np.int64:
        arr = arr.astype(np.int64)
    return arr


def _has_none(data):
    return data is None or (isinstance(data, (list, tuple)) and any(_has_none(x) for x in data))


def _flat_first(data):
    while isinstance(data, (list, tuple)) and data:
        yield from (x for x in data if isinstance(x, Tensor))
        data = data[0]


def _array_with_tensors(data):
    """A nested list holding tensors, as torch reads it: each tensor must have one element and counts as a
    number of its dtype; the dtype is all elements' promoted together (a Python float counting as the
    default float type, an int as int64, a bool as bool), so two int32 tensors give int32."""
    seen = []

    def numbers(x):
        if isinstance(x, Tensor):
            if x._data.size != 1:
                raise ValueError(f"only one element tensors can be converted to Python scalars (tensor(): a list "
                                 f"holds a tensor of shape {tuple(x.shape)}; use minigrad.stack to join tensors)")
            seen.append(x.dtype)
            return backend.to_numpy(x._data).reshape(())
        if isinstance(x, (list, tuple)):
            return [numbers(v) for v in x]
        if isinstance(x, np.generic):
            seen.append(dtypes.from_np(_NARROW.get(x.dtype.kind, x.dtype) if x.dtype.kind != "f" else x.dtype))
        elif isinstance(x, (bool, int, float)):
            seen.append(dtypes.result_type(x))
        return x

    arr = _array_from_python(numbers(data))
    result = seen[0]
    for d in seen[1:]:
        result = dtypes.promote_types(result, d)
    return arr.astype(result.np, copy=False)


def _shape_arg(args, op):
    """``f(2, 3)``, ``f((2, 3))`` and ``f([2, 3])`` all mean shape (2, 3)."""
    if len(args) == 1 and isinstance(args[0], (tuple, list, Size)):
        args = tuple(args[0])
    shape = []
    for s in args:
        if isinstance(s, Tensor):
            if s.ndim:
                raise TypeError(f"{op}(): argument 'size' must be tuple of ints, not a Tensor of shape "
                                f"{tuple(s.shape)}; give its values: {op}(*t.tolist())")
            s = s.item()
        if isinstance(s, bool) or not isinstance(s, numbers.Integral):
            raise TypeError(f"{op}(): size must be ints or a tuple of ints, got {args!r}")
        if s < 0:
            raise RuntimeError(f"Trying to create tensor with negative dimension {s}: {list(args)} ({op}(): sizes "
                               "must be >= 0)")
        shape.append(int(s))
    if math.prod(shape) >= 2 ** 63:
        raise RuntimeError(f"Storage size calculation overflowed with sizes={shape} ({op}(): that many elements "
                           "cannot exist; check the sizes)")
    return tuple(shape)


def _dim(d, ndim, op):
    """Normalise a dim index (negative counts from the end) and check its range."""
    try:
        d = d.__index__()
    except AttributeError:
        raise TypeError(f"{op}(): dim must be an int, got {type(d).__name__}") from None
    n = max(ndim, 1)
    if not -n <= d < n:
        raise IndexError(f"{op}(): dimension out of range (expected to be in range of [{-n}, {n - 1}], "
                         f"but got {d})")
    return d % n


def _parse_to(args, kwargs):
    dev = kwargs.pop("device", None)
    dt = kwargs.pop("dtype", None)
    copy = kwargs.pop("copy", False)
    kwargs.pop("non_blocking", None)
    kwargs.pop("memory_format", None)
    if kwargs:
        raise TypeError(f"to(): unexpected keyword arguments {sorted(kwargs)}")
    for i, a in enumerate(args):
        if isinstance(a, Tensor):
            dev, dt = a.device, a.dtype
        elif isinstance(a, dtypes.dtype) or a in (float, int, bool, complex):
            if dt is not None:
                raise TypeError(f"to() received an invalid combination of arguments: two dtypes ({dt}, {a}); give "
                                "one dtype, e.g. t.to(minigrad.float64) or t.to(device, dtype)")
            dt = a
        elif a is None and i == 0:
            continue        # t.to(None): no device change, as torch
        elif isinstance(a, (str, backend.device, int)) and not isinstance(a, bool):
            if i > 0:
                raise TypeError(f"to() received an invalid combination of arguments: {a!r} after "
                                f"{args[0]!r}; the device comes first, then a dtype (t.to('cpu', minigrad.float64))")
            dev = a
        elif isinstance(a, bool):
            continue        # non_blocking / copy positional flags
        else:
            raise TypeError(f"to(): expected a device, dtype or tensor, got {a!r}")
    return (backend.as_device(dev) if dev is not None else None,
            dtypes.as_dtype(dt, "to") if dt is not None else None, copy)


def _inference_mode_on() -> bool:
    return _new is _new_inference
