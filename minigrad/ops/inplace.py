"""In-place ops (``add_``, ``mul_``, ``+=``, ``x[i] = v``, ``zero_``...).

Without a graph to record (under ``no_grad``, or when nothing involved requires grad) they write
straight into the tensor's memory. With one, they run the out-of-place op on the old value, write
the result into the memory, and the tensor takes the new node as its ``grad_fn`` (torch calls this
rebasing the history). Either way the version counter goes up, so a backward that saved the old
value notices it was overwritten. A leaf that requires grad may only be changed under ``no_grad``.
"""
from __future__ import annotations

import math
import numbers
import weakref

import numpy as np

from .. import backend, dtypes, factories, fast
from ..autograd.function import _FREED, SAVED_OUTPUT, SavedTensor, _edge, named, rename_node
from ..autograd.grad_mode import STATE
from ..tensor import INFERENCE, INFERENCE_ALIAS, Tensor, _wrap, as_array
from . import _helpers, pointwise
from ._helpers import _shape_args, fit_float, int_in_range, number_arg, resize_data, to_scalar, wrap_int
from .index import (IndexPut, ViewPut, _index_error, _is_basic, _split_ints, getitem, index_add, masked_fill,
                    normalize_key, scatter, scatter_add)
from .pointwise import (add, addcdiv, addcmul, clamp, clamp_max, clamp_min, div, lerp, lerp_values, maximum, mul, pow,
                        sub, where)


def _snapshot(t: Tensor) -> Tensor:
    """The old value of ``t`` (a copy, at the same place in the graph): what the out-of-place op reads,
    and may save for its backward, before ``t`` is overwritten."""
    a = _wrap(t._data.copy())
    a._grad_fn, a._output_nr, a._requires_grad = t._grad_fn, t._output_nr, t._requires_grad
    return a


def _check_result(self, out, name):
    if out._data.shape != self._data.shape:
        raise _grows_error(self, out.shape, name)
    if out._data.dtype != self._data.dtype and not _helpers._can_cast(out._data.dtype, self._data.dtype):
        raise _cast_error(name, out._data.dtype, self._data.dtype)        # (torch's rule: int16 into uint8 wraps)


def _broadcast_or_none(a, b):
    try:
        return np.broadcast_shapes(a._data.shape, b._data.shape)
    except ValueError:
        return None


def _grows_error(self, shape, name):
    return RuntimeError(f"output with shape {list(self.shape)} doesn't match the broadcast shape {list(shape)} "
                        f"({name}: an in-place op cannot change the tensor's shape {tuple(self.shape)} to "
                        f"{tuple(shape)}; use the out-of-place op, x = x.op(...), or expand the tensor first)")


_SCALAR_NAMES = {"float16": "Half", "float32": "Float", "float64": "Double", "uint8": "Byte", "int8": "Char",
                 "int16": "Short", "int32": "Int", "int64": "Long", "bool": "Bool"}


def _cast_error(name, result, target):
    """torch's "result type Float can't be cast to the desired output type Long", naming the op and the fix."""
    r, t = _SCALAR_NAMES.get(np.dtype(result).name, result), _SCALAR_NAMES.get(np.dtype(target).name, target)
    return RuntimeError(f"{name}: result type {r} can't be cast to the desired output type {t} (the tensor changed "
                        f"in place is {dtypes.from_np(np.dtype(target))}); use the out-of-place op (x = x.op(...)) "
                        "or convert the tensor first (x = x.float())")


def run_inplace(self: Tensor, op, other, name, direct=None, more=(), overlap=True):
    """Change ``self`` in place to ``op(self, other)``.

    ``op(t, other)`` is the out-of-place version (it records the graph). ``direct(array, other)``, if
    given, does the same straight on the array: a speed trick used in normal mode when no graph is
    needed (see ``minigrad/fast/inplace.py``); reference mode runs ``op`` and copies its result.
    ``more``: other tensors ``op`` reads (a graph is recorded if one of them requires grad).
    ``overlap``: refuse a source (or one of ``more``) that shares part of ``self``'s memory (setitem checks
    its own region); ``"full"``: one that shares any of it (torch's index_add_...).
    """
    if isinstance(other, (str, bytes)):
        raise TypeError(f"{name}: can't assign a {type(other).__name__} ({other!r}) to a {self.dtype} tensor; give "
                        "a number or a tensor")
    if isinstance(other, complex) and self.__class__ is Tensor:      # (a complex number into a real tensor)
        raise RuntimeError(f"{name}: result type ComplexFloat can't be cast to the desired output type "
                           f"{_SCALAR_NAMES.get(self.dtype.name, self.dtype.name)} (the tensor changed in place is "
                           f"{self.dtype}, which holds real numbers; use the real part, or the out-of-place op)")
    if self._data.__class__ is np.ndarray and not self._data.flags.writeable and not _overlaps(self._data):
        alias = _writable_alias(self._data)     # (a view into an expanded tensor: its memory is written, as torch's)
        if alias is not None:
            self._data = alias
    if self._creation_meta is not None and (STATE.enabled or self._creation_meta == INFERENCE):
        _refuse_view(self, name)
    if type(other) is int and self._data.dtype.kind in "iu":
        other = wrap_int(other, self._data.dtype)        # uint8 += 300 wraps, as torch
    elif type(other) is float:
        other = fit_float(other, self._data.dtype)       # float32 += 1e40 is inf, silently
    other_rg = isinstance(other, Tensor) and other._requires_grad or more and any(t._requires_grad for t in more)
    if overlap and isinstance(other, Tensor):
        sb, ob = self._data.base, other._data.base          # (one memory -- rare -- is examined further)
        if (sb if sb is not None else self._data) is (ob if ob is not None else other._data):
            _check_partial_overlap(self, other, name, full=overlap == "full")
    for t in more if overlap else ():
        _check_partial_overlap(self, t, name, full=overlap == "full")
    if STATE.enabled and (self._requires_grad or other_rg):
        if self._grad_fn is None and self._requires_grad:
            raise RuntimeError(
                f"a leaf Variable that requires grad is being used in an in-place operation. ({name}: wrap the "
                "update in `with minigrad.no_grad():` (as optimizers do), or use an out-of-place op (x = x + 1).)")
        _check_no_overlap(self, name, windows=True)
        try:
            out = op(_snapshot(self), other)
        except RuntimeError as exc:
            raise _named(exc, name) from None
        _check_result(self, out, name)
        if out._data.dtype != self._data.dtype:       # f32.add_(f64): stored as f32, other's gradient stays f64;
            node = out._grad_fn                       # shown as the op's one node, as torch's
            out = out.to(self.dtype)
            if node is not None:
                out._grad_fn._name, out._grad_fn._shown_edges = node.name(), node.next_functions
        if self._view_of is not None:
            return _rebase_view(self, out, name)
        self._data[...] = out._data
        self._version_counter[0] += 1
        self._grad_fn, self._output_nr, self._requires_grad = out._grad_fn, out._output_nr, out._requires_grad
        _adopt_saved_output(self, out)
        _refresh_views(self)
        return self
    if direct is not None and fast.inplace.applies():
        try:
            direct(self._data, other._data if isinstance(other, Tensor) else other)
        except (TypeError, ValueError) as exc:
            _check_no_overlap(self, name)
            if getattr(exc, "to", None) is not None and hasattr(exc, "from_"):     # NumPy's casting refusal
                want = dtypes.result_type(self, other).np
                if want != self._data.dtype and not _helpers._can_cast(want, self._data.dtype):
                    raise _cast_error(name, want, self._data.dtype) from None
                if want == self._data.dtype:
                    # torch's result type is self's (uint8 *= tensor(3): a 0-d tensor doesn't promote)
                    direct(self._data, other._data.astype(want))
                else:               # an integer result into another integer dtype (uint8 += int8): wraps, as torch
                    self._data[...] = op(self, other)._data
                self._version_counter[0] += 1
                return self
            if isinstance(other, Tensor) and _broadcast_or_none(self, other) not in (None, self._data.shape):
                raise _grows_error(self, _broadcast_or_none(self, other), name) from None
            raise RuntimeError(f"{name}: cannot update a tensor of shape {tuple(self.shape)} and dtype "
                               f"{self.dtype} in place with {_describe(other)}: {exc}") from None
    else:
        prev = STATE.enabled
        STATE.enabled = False
        try:
            out = op(self, other)
        except RuntimeError as exc:
            raise _named(exc, name) from None
        finally:
            STATE.enabled = prev
        _check_result(self, out, name)
        _check_no_overlap(self, name)
        self._data[...] = out._data
    self._version_counter[0] += 1
    return self


def _named_sub(self, other):
    """sub's refusal of a bool operand, said to be sub_'s."""
    try:
        pointwise.sub(self, other)
    except NotImplementedError as exc:
        return _named(exc, "sub_")
    return RuntimeError("sub_: a bool operand")               # (not reached: sub refuses bool)


def _named(exc, name):
    """The out-of-place op's error, said to be the in-place op's (a -= b reports sub_, not Sub)."""
    if str(exc).startswith(name) or type(exc) not in (RuntimeError, NotImplementedError):
        return exc
    return type(exc)(f"{name}: {exc}")


def _refuse_view(view: Tensor, name, meta=None):
    """torch's two views that may not change in place while grad mode is on: one made under no_grad
    from a tensor that requires grad (was the change meant to be recorded or not?), and an output of
    a function that returns several views (split, chunk, unbind), whose node can't be rebuilt."""
    meta = meta or view._creation_meta
    if meta == INFERENCE:
        if not STATE.inference:
            raise RuntimeError(
                f"{name}: Inplace update to inference tensor outside InferenceMode is not allowed (a tensor of shape "
                f"{tuple(view.shape)} made under inference_mode()). You can make a clone to get a normal tensor "
                "before doing inplace update (x = x.clone()).")
        return
    if meta == "inference_mode":
        raise RuntimeError(
            f"{name}: A view was created in inference mode and is being modified inplace in normal mode (a view of "
            "a tensor that requires grad): whether the change should be recorded is ambiguous, so this is refused "
            "(as in torch). Make the view and change it both inside the inference_mode block or both outside it, "
            "or change a clone()")
    if meta == "no_grad":
        raise RuntimeError(
            f"{name}: a view was created under no_grad from a tensor that requires grad, and is being "
            "modified in place with grad mode on; whether the change should be recorded is ambiguous, so "
            "this is refused (as in torch). Make the view and change it both inside the no_grad block (not "
            "recorded) or both outside it (recorded), or change a clone()")
    if view._requires_grad and meta[0] == "custom_function":
        _, op, i = meta
        raise RuntimeError(
            f"{name}: Output {i} of {op} is a view and is being modified inplace. This view was created inside a "
            "custom Function (or because an input was returned as-is) and the autograd logic to handle view+inplace "
            "would override the custom backward associated with the custom Function, leading to incorrect "
            "gradients. This behavior is forbidden. You can fix this by cloning the output of the custom Function.")
    if view._requires_grad:
        _, op, i = meta
        raise RuntimeError(
            f"{name}: output {i} of {op} is a view and is being modified in place. A view returned by a "
            "function that returns several views (split, chunk, unbind...) can't be modified in place with "
            "grad mode on (as in torch); use an out-of-place op, or clone() the view first")


def _describe(x):
    if isinstance(x, Tensor):
        return f"a tensor of shape {tuple(x.shape)} and dtype {x.dtype}"
    return repr(x)


def _check_no_overlap(t: Tensor, name, windows=False):
    """An expanded tensor repeats one memory location along a dim (stride 0): torch refuses to write. With
    ``windows`` (recording a graph) so does minigrad into overlapping windows (unfold with step < size): more
    elements than the memory they span (which of the writes to a shared element counts would be the order's
    accident, and the gradient could not follow it)."""
    a = t._data
    if a.size <= 1:                 # (an empty tensor's strides may be 0: nothing is written twice)
        return
    if any(st == 0 and n > 1 for st, n in zip(a.strides, a.shape)) or windows and (
            a.size * a.itemsize > a.itemsize + sum((n - 1) * abs(st) for st, n in zip(a.strides, a.shape))):
        raise RuntimeError(
            f"{name}: unsupported operation: more than one element of the written-to tensor refers to a "
            f"single memory location (a tensor of shape {tuple(t.shape)} made by expand/broadcast, or overlapping "
            "unfold windows). Please clone() the tensor before performing the operation.")


def _check_partial_overlap(t: Tensor, src: Tensor, name, key=None, full=False):
    """torch's refusal to write into ``t`` from ``src`` when the two share only part of their memory
    (``R.add_(R[:1])``; with ``key``, the region ``t[key]`` is the one written): the result would depend on
    the order the elements are written in. The same tensor (``x.add_(x)``), disjoint parts (``R[:2].add_(R[2:])``) and strided parts that torch does not
    examine (``R[::2].add_(R[1::2])``: not dense) are allowed, as in torch. ``full``: the same tensor is refused
    too (torch's index_add_, index_copy_, put_, index_put_, scatter_, cat(out=)...: ``x.index_add_(0, i, x)``)."""
    a, b = t._data, src._data
    base_a, base_b = a.base, b.base
    if (base_a if base_a is not None else a) is not (base_b if base_b is not None else b) or (
            a is b and key is None and not full):
        return                                              # (two memories, or the same array: the common case)
    if key is not None:
        a = a[key]
    if not (_dense(a) and _dense(b)) or not backend.array_module(a).may_share_memory(a, b):
        return
    if not full and _layout(a) == _layout(b) and _start(a) == _start(b):
        return                                              # the same elements: a full overlap is fine
    raise RuntimeError(
        f"{name}: unsupported operation: some elements of the input tensor and the written-to tensor refer to a "
        f"single memory location (the source of shape {tuple(src.shape)} shares memory with the tensor of shape "
        f"{tuple(t.shape)} being written). Please clone() the tensor before performing the operation.")


def check_no_overlap(t: Tensor, sources, name):
    """torch's ``assert_no_overlap``: none of ``sources`` (the tensors among an op's arguments) may share memory
    with ``t``, the tensor written, not even all of it (index_add_, index_copy_, put_, scatter_, cat(out=)...)."""
    for src in sources:
        if isinstance(src, Tensor):
            _check_partial_overlap(t, src, name, full=True)


_helpers.check_partial_overlap = _check_partial_overlap       # (for out=: write_out)


def _dense(a):
    """Whether ``a``'s elements fill one block of memory with no gaps and no repeats (a permutation of a
    contiguous layout): torch examines overlap only between such tensors."""
    if a.flags.c_contiguous or a.flags.f_contiguous:
        return True
    expected = a.itemsize
    for stride, n in sorted((st, n) for st, n in zip(a.strides, a.shape) if n != 1):
        if stride != expected:
            return False
        expected *= n
    return True


def _layout(a):
    """(size, stride) of each dim of more than one element: two arrays with the same layout and start hold
    the same elements in the same order (whatever dims of size 1 either has)."""
    return [(n, st) for n, st in zip(a.shape, a.strides) if n != 1]


def _start(a):
    """The address of ``a``'s first element (NumPy or CuPy)."""
    return a.ctypes.data if isinstance(a, np.ndarray) else a.data.ptr


def copy_slices(out, base, other_edges):
    """Name ``out``'s node as torch's node for a write into a view of ``base`` (``x[0] = v``, ``x[0].add_(v)``):
    CopySlices, which holds the in-place op and lists base's edge, then the edges of the op's other inputs."""
    fn = out._grad_fn
    if fn is not None:
        fn._name = "torch::autograd::CopySlices"
        fn._shown_edges = tuple((None, 0) if e[1] < 0 else e for e in (_edge(base),) + tuple(other_edges))
    return out


def _rebase_view(view: Tensor, out: Tensor, name):
    """An in-place change of a view while a graph is recorded (torch: rebasing the history).

    ``view`` was made as ``view_cls(parent, *args)``. Its new value ``out`` is written into the parent
    by changing the parent in place to ``ViewPut(parent, out, view_cls, args)`` (recursively, if the
    parent is itself a view); then every view of the parent, this one included, gets the history
    ``view_cls(new parent, *args)`` (``_refresh_views``)."""
    parent, view_cls, args = view._view_of
    if parent._grad_fn is None and parent._requires_grad:
        raise RuntimeError(
            f"a view of a leaf Variable that requires grad is being used in an in-place operation. ({name}: wrap "
            "the update in `with minigrad.no_grad():`, or change a clone of the leaf.)")
    old = view._grad_fn         # the in-place op's other inputs: the edges of its node, less the view's own
    run_inplace(parent, lambda p, v: copy_slices(ViewPut.apply(p, v, view_cls, args), p, [
        e for e in (v._grad_fn.next_functions if v._grad_fn else ()) if e[0] is not old or old is None]), out, name)
    _adopt_saved_output(view, out)
    return view                   # (run_inplace on the parent refreshed this view's history too)


def _adopt_saved_output(self: Tensor, out: Tensor):
    """``out`` (the new value, now in ``self``'s memory) may have been saved by its own node (relu,
    exp, sigmoid... read their output in backward). That saved output *is* ``self`` now: make it
    follow ``self``'s version counter, so that changing ``self`` in place again makes that backward
    refuse, as in torch (``x.relu_().exp_()`` then backward)."""
    node = out._grad_fn
    saved = node._saved if node is not None else ()
    if not saved or saved is _FREED:
        return
    for s in saved:
        if s.__class__ is SavedTensor and s.tensor is None and s.version_counter is out._version_counter:
            s.version_counter, s.version = self._version_counter, self._version_counter[0]
        elif s is SAVED_OUTPUT and node._out_vc is out._version_counter:   # (the fast layer's record)
            node._out_vc, node._out_version = self._version_counter, self._version_counter[0]


def _refresh_views(t: Tensor):
    """``t``'s history was just rewritten by an in-place op: each view made from it before, and each
    view of those, gets the history "the same view of the new ``t``" (torch rebuilds a view's
    grad_fn the same way, when it is next used)."""
    for ref in list(t.__dict__.get("_views", ())):       # (a copy: the refresh adds views of t)
        v = ref()
        if v is not None:
            _refresh_one(v)


def _refresh_one(v: Tensor):
    parent, view_cls, args = v._view_of
    if not parent._requires_grad:
        return
    new = named(view_cls.apply(parent, *args), "AsStridedBackward0")      # (torch's name for a rebuilt view)
    v._grad_fn, v._output_nr, v._requires_grad = new._grad_fn, new._output_nr, new._requires_grad
    _refresh_views(v)


_ufunc_direct = fast.inplace.ufunc


# ---------------------------------------------------------------------------------------------
# The in-place Tensor methods
# ---------------------------------------------------------------------------------------------
def add_(self, other, alpha=1, *, _legacy=None):
    if isinstance(other, (int, float)) and isinstance(alpha, Tensor):
        other, alpha = alpha, other          # the deprecated add_(scalar, tensor) form
    other = to_scalar(other)
    if alpha != 1:
        _check_alpha(alpha, "add_")
        if self._data.dtype.kind != "f":
            pointwise._check_alpha(self, other, alpha, "add_")     # (a float alpha into integers: refused)
        if isinstance(other, Tensor) and other._data.dtype == self._data.dtype and \
                other._data.shape == self._data.shape and type(other._data) is type(self._data):
            # p.add_(g, alpha=-lr): the optimizers' hot path, y += alpha * x in one step
            return run_inplace(self, lambda t, o: add(t, o, alpha=alpha), other, "add_",
                               fast.inplace.add_scaled(alpha))
        other = other * alpha
    return run_inplace(self, add, other, "add_", _ufunc_direct("add"))


def sub_(self, other, alpha=1):
    if other.__class__ is bool or self._data.dtype.kind == "b" or other.__class__ is Tensor and \
            other._data.dtype.kind == "b":
        raise _named_sub(self, other)
    if isinstance(other, (int, float)) and isinstance(alpha, Tensor):
        other, alpha = alpha, other
    other = to_scalar(other)
    if alpha != 1:
        _check_alpha(alpha, "sub_")
        if self._data.dtype.kind != "f":
            pointwise._check_alpha(self, other, alpha, "sub_")
        other = other * alpha
    return run_inplace(self, sub, other, "sub_", _ufunc_direct("subtract"))


def _check_alpha(alpha, op):
    if isinstance(alpha, (str, bytes)) or not isinstance(alpha, (int, float, bool, np.generic)):
        raise TypeError(f"{op}(): argument 'alpha' must be Number, not {type(alpha).__name__}")


def mul_(self, other):
    if type(other) is int:
        int_in_range(other, "mul_")                 # (x.mul_(2**64): torch's OverflowError)
    return run_inplace(self, mul, to_scalar(other), "mul_", _ufunc_direct("multiply"))


def div_(self, other, *, rounding_mode=None):
    if rounding_mode is not None:
        return run_inplace(self, lambda a, b: div(a, b, rounding_mode=rounding_mode), to_scalar(other), "div_")
    if self._data.dtype.kind != "f":
        raise _cast_error("div_", dtypes.get_default_dtype().np, self._data.dtype)
    return run_inplace(self, div, to_scalar(other), "div_", _ufunc_direct("true_divide"))


def pow_(self, exponent):
    return run_inplace(self, pow, to_scalar(exponent), "pow_")


def _unary_inplace(fn_name):
    def method(self):
        f = getattr(pointwise, fn_name)
        return run_inplace(self, lambda t, _: f(t), None, fn_name + "_")
    method.__name__ = method.__qualname__ = fn_name + "_"
    method.__doc__ = f"In-place {fn_name}."
    return method


neg_ = _unary_inplace("neg")
abs_ = _unary_inplace("abs")
exp_ = _unary_inplace("exp")
log_ = _unary_inplace("log")
sqrt_ = _unary_inplace("sqrt")
relu_ = _unary_inplace("relu")
sigmoid_ = _unary_inplace("sigmoid")
tanh_ = _unary_inplace("tanh")
floor_ = _unary_inplace("floor")
ceil_ = _unary_inplace("ceil")
_round_plain_ = _unary_inplace("round")


def round_(self, decimals=0):
    """In-place round (to ``decimals`` digits after the point, as torch's round_(decimals=...))."""
    if not decimals:
        return _round_plain_(self)
    return run_inplace(self, lambda t, _: pointwise.round(t, decimals=decimals), None, "round_")
trunc_ = _unary_inplace("trunc")
sign_ = _unary_inplace("sign")
reciprocal_ = _unary_inplace("reciprocal")
sin_ = _unary_inplace("sin")
cos_ = _unary_inplace("cos")


def inplace_form(name):
    """torch's in-place twin of the method ``name``: ``t.tan_()`` is ``t.tan()`` written back into ``t``,
    with ``run_inplace``'s checks (leaf, version, views, shape and dtype of the result; ``t.lt_(0)`` keeps
    t's dtype, an int tensor's ``tan_()`` is refused as torch's)."""
    def method(self, *args, **kwargs):
        fn = getattr(Tensor, name)
        tensors = [a for a in (*args, *kwargs.values()) if isinstance(a, Tensor)]
        if name in _COMPARISON_NODES and args:
            return run_inplace(self, lambda t, _: _comparison_in_graph(fn(t, args[0]), t, args[0], name), None,
                               name + "_", more=tensors)
        if name in _NOT_RECORDED:            # torch records nothing: t keeps its node (a leaf may change too)
            prev, STATE.enabled = STATE.enabled, False
            try:
                return run_inplace(self, lambda t, _: fn(t, *args, **kwargs), None, name + "_", more=tensors)
            finally:
                STATE.enabled = prev
        return run_inplace(self, lambda t, _: fn(t, *args, **kwargs), None, name + "_", more=tensors)
    method.__name__ = method.__qualname__ = name + "_"
    method.__doc__ = f"In-place {name}: ``t.{name}_(...)`` changes t to ``t.{name}(...)``."
    return method


def float_power_(self, exponent):
    """float_power computes in float64, so only a float64 tensor can hold its result in place (as torch)."""
    if self._data.dtype != np.float64:
        raise RuntimeError(f"the base given to float_power_ has dtype {_SCALAR_NAMES[self._data.dtype.name]} but the "
                           "operation's result requires dtype Double (float_power_(): use x = x.float_power(e), or "
                           "x.double() first)")
    return inplace_form("float_power")(self, exponent)


_COMPARISON_NODES = {"eq": "Eq", "ne": "Ne", "lt": "Lt", "le": "Le", "gt": "Gt", "ge": "Ge", "less": "Lt",
                     "less_equal": "Le", "greater": "Gt", "greater_equal": "Ge", "not_equal": "Ne"}


_NOT_RECORDED = {"logical_and", "logical_or", "logical_xor", "logical_not"}


def _comparison_in_graph(result, old, other, name):
    """``x.lt_(y)`` of a float tensor in a graph stays in it, as torch's: the 0/1 result comes from a node
    (LtBackward0, or LtBackward1 for a tensor y) whose gradient is 0 for x and y (a comparison is flat)."""
    other_rg = isinstance(other, Tensor) and other._requires_grad
    if not (old._requires_grad or other_rg) or not old.dtype.is_floating_point:
        return result
    everywhere = _wrap(old.xp.ones(old._data.shape, dtype=bool))
    out = where(everywhere, result.to(old.dtype), old + other)           # (old + other: reached with gradient 0)
    node = f"{_COMPARISON_NODES[name]}Backward{int(isinstance(other, Tensor))}"
    return named(out, node, inputs=(old, other) if isinstance(other, Tensor) else (old,))


def hardtanh_(self, min_val=-1.0, max_val=1.0):
    return run_inplace(self, lambda t, _: pointwise.hardtanh(t, min_val, max_val), None, "hardtanh_")


def refuse_negative_slope_backward(out, slope, kernel):
    """In-place leaky_relu/elu (and rrelu, celu) with a negative slope: the backward reads the result, whose sign
    no longer tells the input's, so torch runs the forward and raises in the backward; as here."""
    if slope < 0 and out.requires_grad:
        def refuse(grad):
            raise RuntimeError(f"In-place {kernel} backward calculation is triggered with a negative slope which is "
                               "not supported. This is caused by calling in-place forward function with a negative "
                               f"slope, please call out-of-place version instead (slope {slope})")
        out.register_hook(refuse)
    return out


def leaky_relu_(self, negative_slope=0.01):
    return run_inplace(self, lambda t, _: refuse_negative_slope_backward(
        pointwise.leaky_relu(t, negative_slope), negative_slope, "leakyReLu"), None, "leaky_relu_")


def clamp_(self, min=None, max=None):
    more = _tensors(min, max)
    return run_inplace(self, lambda t, _: clamp(t, min, max), None, "clamp_", more=more,
                       overlap=_tensor_overload(min, max))


clip_ = clamp_


def clamp_min_(self, min):
    return run_inplace(self, lambda t, _: clamp_min(t, min), None, "clamp_min_", more=_tensors(min))


def clamp_max_(self, max):
    return run_inplace(self, lambda t, _: clamp_max(t, max), None, "clamp_max_", more=_tensors(max))


def _tensors(*bounds):
    """The bounds that are tensors (a graph is recorded when one of them requires grad)."""
    return tuple(b for b in bounds if isinstance(b, Tensor))


def _tensor_overload(*bounds):
    """Whether torch takes clamp_'s overload for tensor bounds (every bound given is a tensor), which refuses
    a bound sharing part of the tensor's memory; with a number among them (R.clamp_(R[0], 10)) it reads a 0-d
    bound as a number too, and does not look."""
    return all(isinstance(b, Tensor) for b in bounds if b is not None)


def zero_(self):
    return _fill(self, False if self._data.dtype.kind == "b" else 0)      # (a bool tensor: False, as torch)


def fill_(self, value):
    value = to_scalar(value)
    if not isinstance(value, (numbers.Number, Tensor, str, bytes)):         # (None was written in as nan)
        raise TypeError(f"fill_(): argument 'value' (position 1) must be Number or Tensor, not "
                        f"{type(value).__name__} ({value!r}); give the number to fill with")
    if isinstance(value, Tensor) and value._data.ndim:
        raise RuntimeError(f"fill_ only supports 0-dimension value tensor but got tensor with {value._data.ndim} "
                           f"dimensions (value shape {tuple(value.shape)}, tensor shape {tuple(self.shape)}); to copy "
                           "a tensor's values in, use copy_(value)")
    kind = self._data.dtype.kind
    if kind in "iuf":
        value = dtypes.check_fits(value, self._data.dtype, "fill_()")      # (1e40 into float32 too, as torch)
        if isinstance(value, float) and kind != "f":
            value = int(value)                  # truncated toward 0, as torch (1.5 -> 1, -1.9 -> -1)
    elif kind == "b" and isinstance(value, (int, float)):
        value = bool(value)
    return _fill(self, value)


def _fill(self, value):
    """Write ``value`` (already checked for the dtype) everywhere in ``self``."""
    def direct(arr, v):
        arr[...] = v._data if isinstance(v, Tensor) else v
    if not isinstance(value, Tensor) and _write_through_broadcast(self, Ellipsis, value, constant=True):
        return self                             # (a number into an expanded tensor: every copy reads it)
    return run_inplace(self, _overwrite, value, "fill_", direct, overlap=False)    # (a 0-d value: torch's too)


def copy_(self, src, non_blocking=False):
    """Copy ``src`` (broadcast, converted to this tensor's dtype and device) into this tensor."""
    if isinstance(src, Tensor):
        if src._data.dtype != self._data.dtype or type(src._data) is not type(self._data):
            src = src.to(self.device, self.dtype)
    elif isinstance(src, (numbers.Number, np.generic)):
        src = _wrap(backend.to_device(np.asarray(src, dtype=self._data.dtype), self.device))   # as torch: a number
    else:
        raise TypeError(f"copy_(): argument 'other' (position 1) must be Tensor, not {type(src).__name__} (a tensor "
                        f"of shape {tuple(self.shape)}); wrap it first: t.copy_(minigrad.as_tensor(data))")
    joint = _broadcast_shape(src, self)
    if joint != self._data.shape:
        raise RuntimeError(f"copy_: output with shape {list(self.shape)} doesn't match the broadcast shape "
                           f"{list(joint or src.shape)}; the source (shape {tuple(src.shape)}) must broadcast to the "
                           "tensor's shape (reshape or index it first)")

    def direct(arr, s):
        arr[...] = s
    return run_inplace(self, _overwrite, src, "copy_", direct)


def _broadcast_shape(a, b):
    """The shape a and b broadcast to, or None if they don't."""
    try:
        return np.broadcast_shapes(a._data.shape, b._data.shape)
    except ValueError:
        return None


def _overwrite(t, v):
    """The value of ``t.fill_(v)`` / ``t.copy_(v)``: v everywhere. Written as where(True, v, t), so the
    gradient flows to v and none to the old t, and t stays in the graph like torch's FillBackward0."""
    everywhere = _wrap(t.xp.ones(t._data.shape, np.bool_))
    return where(everywhere, v, t)


def fill_diagonal_(self, fill_value, wrap=False):
    """Fill the main diagonal (x[i, i, ...] for every i) in place, as torch's; with ``wrap`` a tall
    matrix's diagonal starts again N + 1 rows further down. Written as fill_ of a view, so that it
    records a graph like any in-place change of a view."""
    number_arg(fill_value, "fill_diagonal_", "fill_value", 1)
    if wrap.__class__ is not bool:
        raise TypeError(f"fill_diagonal_(): argument 'wrap' must be bool, not {type(wrap).__name__}")
    shape = self._data.shape
    if len(shape) < 2 or (len(shape) > 2 and len(set(shape)) != 1):
        raise RuntimeError(f"fill_diagonal_: the tensor must be at least 2-D, with all dims equal if more than "
                           f"2-D; got shape {tuple(shape)}")
    if len(shape) == 2 and not (wrap and shape[0] > shape[1] + 1):
        fill_(self.diagonal(), fill_value)
        return self
    step = sum(int(np.prod(shape[i + 1:])) for i in range(len(shape)))     # flat distance between x[i,i..]
    stop = None if wrap else min(shape) * step
    fill_(self.reshape(-1)[:stop:step], fill_value)
    return self


def masked_fill_(self, mask, value):
    if not isinstance(value, (Tensor, numbers.Number)):
        raise TypeError(f"masked_fill_(): argument 'value' must be a number or a 0-d Tensor, not {type(value).__name__}")
    value = to_scalar(value)
    if isinstance(value, Tensor):
        if value._data.ndim:
            raise RuntimeError(f"masked_fill_ only supports a 0-dimensional value tensor, but got tensor with "
                               f"{value._data.ndim} dimension(s) (value shape {tuple(value.shape)}); pass a number "
                               "or a 0-d tensor, or use torch.where(mask, value, x) for a tensor of values")
        if self._data.dtype.kind in "iub" and value._data.dtype != self._data.dtype:
            value = value.to(self.dtype)                 # torch converts a 0-d value to an integer tensor's dtype
    if self._data.dtype.kind in "iuf":
        value = dtypes.check_fits(value, self._data.dtype, "masked_fill_()")
    if self._data.dtype.kind == "b" and isinstance(value, (int, float)):
        value = bool(value)                                # any nonzero number is True, as torch
    elif isinstance(value, float) and math.isfinite(value) and self._data.dtype.kind in "iub":
        value = self._data.dtype.type(value).item()       # torch truncates 1.5 to 1 in an int tensor

    def direct(arr, v):
        xp = backend.array_module(arr)
        xp.copyto(arr, v._data if isinstance(v, Tensor) else v, where=mask._data)
    if not isinstance(mask, Tensor):
        raise TypeError(f"masked_fill_(): argument 'mask' (position 1) must be Tensor, not {type(mask).__name__}; "
                        "pass a bool tensor such as (x > 0)")
    if mask._data.dtype != np.bool_:
        raise RuntimeError("masked_fill_(): expected a bool mask tensor")
    if not isinstance(value, Tensor) and _broadcast_shape(mask, self) == self._data.shape and \
            _write_through_broadcast(self, Ellipsis, value, constant=True, where=mask._data):
        return self
    return run_inplace(self, lambda t, v: masked_fill(t, mask, v), value, "masked_fill_", direct,
                       overlap=False)                # (value is 0-d: torch reads it as a number)


def _two_tensors(tensor1, tensor2, op):
    for i, t in enumerate((tensor1, tensor2)):
        if not isinstance(t, Tensor):
            raise TypeError(f"{op}(): argument 'tensor{i + 1}' (position {i + 1}) must be Tensor, not "
                            f"{type(t).__name__} ({t!r}); wrap numbers with torch.tensor(...) or use mul_/add_")


def addcmul_(self, tensor1, tensor2, *, value=1):
    _two_tensors(tensor1, tensor2, "addcmul_")
    value = number_arg(value, "addcmul_", "value")     # (a one-element tensor is read as its number, as torch)
    if fast.inplace.applies() and not (STATE.enabled and (self._requires_grad or tensor1._requires_grad or
                                                         tensor2._requires_grad)) and \
            np.result_type(tensor1._data.dtype, tensor2._data.dtype).kind == "f":     # (integers: value is truncated)
        _check_partial_overlap(self, tensor1, "addcmul_")
        _check_partial_overlap(self, tensor2, "addcmul_")
        prod = tensor1._data * tensor2._data
        if value != 1:
            prod *= value
        return run_inplace(self, add, _wrap(prod), "addcmul_", _ufunc_direct("add"))     # (add: the fallback)
    return run_inplace(self, lambda t, _: addcmul(t, tensor1, tensor2, value=value), None, "addcmul_",
                       more=(tensor1, tensor2))


def addcdiv_(self, tensor1, tensor2, *, value=1):
    _two_tensors(tensor1, tensor2, "addcdiv_")
    if self._data.dtype.kind in "biu" or all(isinstance(t, Tensor) and t._data.dtype.kind in "biu"
                                             for t in (tensor1, tensor2)):      # (the refusals: addcdiv's own)
        return run_inplace(self, lambda t, _: addcdiv(t, tensor1, tensor2, value=value), None, "addcdiv_",
                           more=(tensor1, tensor2))
    if fast.inplace.applies() and not (STATE.enabled and (self._requires_grad or tensor1._requires_grad or
                                                         tensor2._requires_grad)):
        _check_partial_overlap(self, tensor1, "addcdiv_")
        _check_partial_overlap(self, tensor2, "addcdiv_")
        q = tensor1._data / tensor2._data
        if value != 1:
            q *= value
        return run_inplace(self, add, _wrap(q.astype(self._data.dtype, copy=False)), "addcdiv_",
                           _ufunc_direct("add"))
    return run_inplace(self, lambda t, _: addcdiv(t, tensor1, tensor2, value=value), None, "addcdiv_",
                       more=(tensor1, tensor2))


def _assign(arr, value):
    arr[...] = value


def lerp_(self, end, weight):
    if not isinstance(end, Tensor):
        raise TypeError(f"lerp_(): argument 'end' (position 1) must be Tensor, not {type(end).__name__}; wrap it "
                        "with torch.tensor(...) or use torch.full_like(x, value)")
    if end._data.dtype != self._data.dtype:
        return lerp(self, end, weight)                # the refusal (end of another dtype), with lerp's message
    if end._data.shape != self._data.shape and _broadcast_shape(self, end) != self._data.shape or \
            self._data.dtype.kind != "f":
        return run_inplace(self, lambda t, _: lerp(t, end, weight), None, "lerp_", more=_tensors(end, weight))
    if fast.inplace.applies() and not (STATE.enabled and (self._requires_grad or end._requires_grad or (
            isinstance(weight, Tensor) and weight._requires_grad))):
        _check_partial_overlap(self, end, "lerp_")
        if isinstance(weight, Tensor):
            _check_partial_overlap(self, weight, "lerp_")         # (a 0-d weight in self too: self[0])
        w = weight._data if isinstance(weight, Tensor) else float(to_scalar(weight))
        value = lerp_values(self._data, end._data, w)           # torch's roundings (see pointwise.lerp_values)
        return run_inplace(self, None, _wrap(value), "lerp_", _assign)
    return run_inplace(self, lambda t, _: lerp(t, end, weight), None, "lerp_", more=_tensors(end, weight))


def maximum_(self, other):
    return run_inplace(self, maximum, other, "maximum_", _ufunc_direct("maximum"))


def index_add_(self, dim, index, source, *, alpha=1):
    return run_inplace(self, lambda t, s: index_add(t, dim, index, s, alpha=alpha), source, "index_add_",
                       overlap="full")


def scatter_(self, dim, index, src=None, value=None, *, reduce=None):
    return run_inplace(self, lambda t, s: scatter(t, dim, index, s, reduce=reduce),
                       src if src is not None else value, "scatter_", overlap="full")


def scatter_add_(self, dim, index, src):
    return run_inplace(self, lambda t, s: scatter_add(t, dim, index, s), src, "scatter_add_", overlap="full")


# ---------------------------------------------------------------------------------------------
# Random fills (used by nn.init); always outside the graph, like torch's
# ---------------------------------------------------------------------------------------------
def _fill_random(self, arr, name):
    if STATE.enabled and self._requires_grad:
        if self._grad_fn is None:
            raise RuntimeError(f"a leaf Variable that requires grad is being used in an in-place operation. "
                               f"({name}: call it under minigrad.no_grad(), as nn.init does)")
        out = _fill(self, _wrap(arr))      # in a graph: recorded as an overwrite, the old values get no gradient
        rename_node(out._grad_fn, _RANDOM_NODE_NAMES.get(name))     # torch's name for it (UniformBackward0)
        return out
    if not self._data.flags.writeable:
        _check_no_overlap(self, name)
    self._data[...] = arr
    self._version_counter[0] += 1
    return self


_RANDOM_NODE_NAMES = {"uniform_": "UniformBackward0", "normal_": "NormalBackward0", "bernoulli_": "BernoulliBackward2",
                      "random_": "RandomBackward0", "exponential_": "ExponentialBackward0",
                      "geometric_": "GeometricBackward0", "cauchy_": "CauchyBackward0", "log_normal_": "LogNormalBackward0"}


def _random_float_only(self, op):
    if not self.dtype.is_floating_point:
        raise NotImplementedError(f"{op}(): not implemented for {self.dtype}; random floats need a floating-point "
                                  "tensor (use random_ for integers, or .float() first)")


def _draw(self, recipe, generator, op, *args):
    """``recipe(shape, *args)`` of the stream of ``generator`` (a minigrad.Generator) or the global one, for
    ``self``'s shape, on its device: on the CPU torch's recipes (backend/mt19937.py), on a GPU CuPy's draws."""
    g = factories._generator(generator, self.device, op)
    if self.device.type != "cpu" and g is None:
        return _draw_on_gpu(self, recipe, *args)
    stream = backend.generator(backend.CPU) if g is None else g._numpy()
    arr = getattr(stream, recipe)(self._data.shape, *args)
    return arr if g is None else g._place(arr)


def _draw_on_gpu(self, recipe, *args):
    """CuPy's draws on a GPU (torch's GPU stream is another generator too), for the CPU recipes' arguments."""
    shape = self._data.shape
    if recipe in ("uniform", "normal"):
        dt, a, b = (args + (0.0, 1.0))[:3]          # (low, high) or (mean, std)
        if recipe == "uniform":
            return backend.random_uniform(self.device, shape, dt) * (b - a) + a
        return backend.random_normal(self.device, shape, dt) * b + a
    if recipe == "bernoulli":
        return backend.random_uniform(self.device, shape, np.float64) < args[0]
    if recipe == "exponential":
        u = backend.random_uniform(self.device, shape, np.float64)
        return (-backend.array_module(u).log1p(-u) / args[1]).astype(args[0])
    if recipe == "randint":
        return backend.random_integers(self.device, args[0], args[1], shape, np.int64)
    if recipe in ("geometric", "log_normal"):
        xp = backend.array_module(self._data)
        if recipe == "geometric":
            u = backend.random_uniform(self.device, shape, np.float64)
            return xp.ceil(xp.log(u) / math.log1p(-args[1])).astype(args[0])
        return xp.exp(backend.random_normal(self.device, shape, np.float64) * args[2] + args[1]).astype(args[0])
    info = np.iinfo(args[0]) if np.dtype(args[0]).kind in "iub" else None           # full_range
    top = 2 ** (np.finfo(args[0]).nmant + 1) + 1 if info is None else int(info.max) + 1
    return backend.random_integers(self.device, 0, top, shape, np.int64).astype(args[0])


def uniform_(self, a=0.0, b=1.0, generator=None):
    _random_float_only(self, "uniform_")
    if a > b:
        raise RuntimeError(f"uniform_ expects to return a [from, to) range, but found from={a} > to={b}")
    return _fill_random(self, _draw(self, "uniform", generator, "uniform_", self._data.dtype, a, b), "uniform_")


def normal_(self, mean=0.0, std=1.0, generator=None):
    _random_float_only(self, "normal_")
    if not std >= 0:
        raise RuntimeError(f"normal_(): normal expects std >= 0.0, but found std {std}")
    return _fill_random(self, _draw(self, "normal", generator, "normal_", self._data.dtype, mean, std), "normal_")


def bernoulli_(self, p=0.5, generator=None):
    factories.check_probability(p)
    if isinstance(p, Tensor):       # a probability per element: uniforms of p's dtype, as torch
        g = factories._generator(generator, self.device, "bernoulli_")
        stream = backend.generator(backend.CPU) if g is None else g._numpy()
        if not _helpers.broadcastable(p.shape, self.shape):
            raise RuntimeError(f"The expanded size of the tensor must match the existing size (bernoulli_(): the "
                               f"probabilities' shape {tuple(p.shape)} does not broadcast to the tensor's "
                               f"{tuple(self.shape)}; give one probability per element, or a number)")
        probs = np.broadcast_to(backend.to_numpy(p._data), self._data.shape)
        hit = backend.to_device(stream.bernoulli_probs(np.ascontiguousarray(probs)), self.device)
    else:
        hit = _draw(self, "bernoulli", generator, "bernoulli_", p)
    return _fill_random(self, hit.astype(self._data.dtype), "bernoulli_")


def random_(self, low=None, high=None, generator=None):
    if high is None and low is None:
        return _fill_random(self, _draw(self, "full_range", generator, "random_", self._data.dtype), "random_")
    if high is None:
        low, high = 0, low
    low = 0 if low is None else low
    if not low < high:
        raise RuntimeError(f"random_ expects 'from' to be less than 'to', but got from={low} >= to={high} "
                           "(random_(from, to) draws integers in [from, to))")
    r = _draw(self, "randint", generator, "random_", low, high)
    return _fill_random(self, r.astype(self._data.dtype), "random_")


def exponential_(self, lambd=1.0, generator=None):
    _random_float_only(self, "exponential_")
    if not lambd > 0:
        raise RuntimeError(f"exponential_ expects lambda > 0.0, but found lambda={lambd}")
    return _fill_random(self, _draw(self, "exponential", generator, "exponential_", self._data.dtype, lambd),
                        "exponential_")


def geometric_(self, p, generator=None):
    """The number of Bernoulli(p) trials up to the first success (1, 2, ...): ceil(log(u) / log(1 - p))."""
    if not 0 < p < 1:
        raise RuntimeError(f"geometric_ expects p to be in (0, 1), but got p={p}")
    return _fill_random(self, _draw(self, "geometric", generator, "geometric_", self._data.dtype, p), "geometric_")


def cauchy_(self, median=0.0, sigma=1.0, generator=None):
    """Cauchy samples: median + sigma * tan(pi * (u - 1/2))."""
    _random_float_only(self, "cauchy_")
    if not sigma > 0:
        raise RuntimeError(f"cauchy_ expects sigma > 0.0, but found sigma={sigma}")
    u = _draw(self, "uniform", generator, "cauchy_", np.float64)
    xp = backend.array_module(u)
    return _fill_random(self, median + sigma * xp.tan(math.pi * (u - 0.5)), "cauchy_")


def log_normal_(self, mean=1.0, std=2.0, generator=None):
    """exp of normal samples of the given mean and std."""
    _random_float_only(self, "log_normal_")
    if not std > 0:
        raise RuntimeError(f"log_normal_ expects std > 0.0, but found std={std}")
    return _fill_random(self, _draw(self, "log_normal", generator, "log_normal_", self._data.dtype, mean, std),
                        "log_normal_")


# ---------------------------------------------------------------------------------------------
# x[key] = value
# ---------------------------------------------------------------------------------------------
def _basic_key(key) -> bool:
    """An index made only of ints, slices, None and ``...`` (a view is written); anything else (a list, a tensor, a
    mask) is advanced indexing, which writes through index_put."""
    parts = key if isinstance(key, tuple) else (key,)
    return all(p is None or p is Ellipsis or isinstance(p, slice) or
               (isinstance(p, numbers.Integral) and not isinstance(p, bool)) for p in parts)


def _check_set_value(x: Tensor, key, value) -> None:
    """``x[key] = value`` with a value that is not a tensor: a number (a complex one only into a complex tensor);
    anything else is torch's TypeError, before the index is looked at."""
    if isinstance(value, np.ndarray) or not isinstance(value, (numbers.Number, np.generic)) or backend.is_array(value):
        kind = type(value).__name__ if type(value).__module__ == "builtins" else \
            f"{type(value).__module__.split('.')[0]}.{type(value).__name__}"
        raise TypeError(f"can't assign a {kind} to a {x.type()} (setitem: x[{key!r}] = {type(value).__name__}); assign "
                        "a number or a tensor: wrap lists and arrays with minigrad.tensor(...)")
    if isinstance(value, complex) and x.__class__ is Tensor:
        name = {"float32": "float", "float64": "double"}.get(x.dtype.name, x.dtype.name)
        raise RuntimeError(f"value cannot be converted to type {name} without overflow (setitem: a complex number "
                           f"into a {x.dtype} tensor, which holds real numbers; assign value.real)")


def _check_index_put_dtype(x: Tensor, key, value: Tensor) -> None:
    """torch's index_put (``x[list_or_tensor_index] = value``) needs the value in x's dtype; a view write (ints,
    slices) and a one-element value under a single mask (masked_fill) convert it."""
    if _basic_key(key) or (isinstance(key, Tensor) and key._data.dtype.kind == "b" and value._data.size == 1):
        return
    mask = key._data.shape if isinstance(key, Tensor) and key._data.dtype.kind == "b" else (
        (len(key),) if isinstance(key, list) and key and all(isinstance(k, bool) for k in key) else None)
    if mask is not None and tuple(mask) != tuple(x.shape[:len(mask)]):
        return                                   # (a mask of the wrong shape: that IndexError comes first)
    names = _helpers._TORCH_NAMES
    raise RuntimeError(f"Index put requires the source and destination dtypes match, got {names[x.dtype.name]} for "
                       f"the destination and {names[value.dtype.name]} for the source. (setitem: an index list, "
                       f"tensor or mask writes through index_put; convert the value: value.to({x.dtype}))")


def setitem(x: Tensor, key, value):
    """``x[key] = value``. Under no_grad (or with no grad involved) this writes in place; otherwise
    ``x`` becomes the output of an ``IndexPut`` node, like torch's in-place ops on non-leaf tensors."""
    if not isinstance(value, Tensor):            # (the value's type is checked before the index, as torch)
        _check_set_value(x, key, value)
    other_dtype = (isinstance(value, Tensor) and value._data.dtype != x._data.dtype and x.__class__ is Tensor and
                   value.__class__ is Tensor)
    try:
        nkey, _ = normalize_key(x, key)
    except IndexError as e:                      # (torch checks index_put's dtypes before the index's bounds)
        if other_dtype and "out of bounds" in str(e):
            _check_index_put_dtype(x, key, value)
        raise
    if other_dtype:
        _check_index_put_dtype(x, key, value)
    if isinstance(value, Tensor):
        if value._data.ndim and value._data.shape[0] == 1:
            value = _drop_leading_ones(value)
        if value._data.dtype != x._data.dtype:
            value = value.to(x.dtype)
        if type(value._data) is not type(x._data):
            if value._data.ndim == 0:
                value = value.to(x.device)
            else:
                raise RuntimeError(f"setitem: the value is on {value.device} but the tensor is on {x.device}; "
                                   "move it with .to(device)")
    elif backend.is_array(value):
        raise TypeError(f"can't assign a {type(value).__module__}.{type(value).__name__} to a {x.type()} (setitem: "
                        f"x[{key!r}] = an array of shape {value.shape}); wrap it first: x[key] = minigrad.from_numpy(a) "
                        "or minigrad.tensor(a)")
    else:
        value = to_scalar(value)
        if not isinstance(value, (int, float, bool, complex)):
            raise TypeError(f"can't assign a {type(value).__name__} to a {x.type()} (setitem: x[{key!r}] = "
                            f"{value!r}); assign a number or a tensor (wrap a list with minigrad.tensor(...))")
        if x._data.dtype.kind in "iu" or x._data.dtype == np.float32:      # (torch: float16 takes 1e5 as inf)
            dtypes.check_fits(value, x._data.dtype, "setitem (x[key] = value)", huge=ValueError)
        elif type(value) is int and not -2 ** 63 <= value < 2 ** 63:
            raise ValueError(f"Overflow when unpacking long long (setitem: x[{key!r}] = {value}, an int outside "
                             "int64's range; assign a float instead)")
    split = _split_ints(nkey, x._data.ndim) if not _is_basic(nkey) else None
    if split is not None:                        # torch's order: the ints first (a view), then the rest
        return setitem(getitem(x, split[0]), split[1], value)
    if isinstance(value, Tensor):
        if _is_basic(nkey):
            _check_partial_overlap(x, value, "setitem", key=nkey)  # (the region written: x[key])
        else:
            _check_partial_overlap(x, value, "setitem", full=True)  # (torch's index_put_: no overlap at all)
    if x._creation_meta == INFERENCE_ALIAS:         # torch writes through a view of x: an inference tensor
        _refuse_view(x, "setitem", INFERENCE)
    if _is_basic(nkey) and _write_through_broadcast(x, nkey, value):
        return x
    try:
        put = (lambda t, v: copy_slices(IndexPut.apply(t, v, nkey), t, (_edge(v),))) if _is_basic(nkey) else \
            (lambda t, v: IndexPut.apply(t, v, nkey))       # (torch: a copy into the view x[key]; index_put_)
        return run_inplace(x, put, value, "setitem",
                           direct=lambda arr, v: arr.__setitem__(nkey, v), overlap=False)
    except IndexError as exc:
        raise _index_error(x, key, exc) from None
    except (ValueError, RuntimeError) as exc:
        if isinstance(exc, RuntimeError) and "broadcast" not in str(exc):
            raise
        vshape = tuple(value.shape) if isinstance(value, Tensor) else ()
        raise RuntimeError(f"setitem: cannot assign a value of shape {vshape} to x[{key!r}] of a tensor of "
                           f"shape {tuple(x.shape)}: {exc}") from None


def _writable_alias(arr):
    """A writable array over the same memory as ``arr``, a read-only NumPy view (an expanded tensor's
    broadcast) of memory that is writable; None when there is none (GPU arrays, minigrad's own read-only
    constants). torch's expanded tensors share their base's memory and may be written where no memory
    location is written twice."""
    if arr.__class__ is not np.ndarray or arr.flags.writeable:
        return None
    root = arr
    while isinstance(root.base, np.ndarray):
        root = root.base
    if root is arr or not root.flags.writeable or root.base is not None:
        return None
    return np.ndarray(arr.shape, arr.dtype, buffer=root, offset=arr.ctypes.data - root.ctypes.data,
                      strides=arr.strides)


def _overlaps(arr) -> bool:
    """Whether ``arr`` repeats a memory location (a stride 0 along a dim of more than one element)."""
    return arr.size > 1 and any(st == 0 and n > 1 for st, n in zip(arr.strides, arr.shape))


def _write_through_broadcast(x: Tensor, nkey, value, constant=False, where=None) -> bool:
    """``x[key] = value`` where ``x`` is an expanded tensor and the region ``x[key]`` holds each memory
    location once: torch writes it, through to the base (``a = b.expand(2, 3); a[0, 0] = 5`` sets b[0], so
    all of a[0] reads 5). ``constant``: a number written everywhere (fill_, zero_, masked_fill_ with the bool
    mask ``where``), which torch allows even where a location repeats. False (not written) otherwise, or
    when a graph is recorded (then the write is refused as before)."""
    alias = _writable_alias(x._data)
    if alias is None or (not constant and _overlaps(alias[nkey])) or STATE.enabled and (
            x._requires_grad or isinstance(value, Tensor) and value._requires_grad):
        return False
    if where is not None:
        np.copyto(alias, value, where=backend.to_numpy(where))
    else:
        alias[nkey] = value._data if isinstance(value, Tensor) else value
    x._version_counter[0] += 1
    return True


def _drop_leading_ones(value):
    """The value of ``x[key] = value`` without its leading size-1 dims, as torch reads it: ``t[0] = ones(1)``
    and ``t[1] = ones(1, 1, 1)`` set one element (CleanRL's ``dones[step] = next_done``)."""
    shape = value._data.shape
    n = 0
    while n < len(shape) and shape[n] == 1:
        n += 1
    return value.reshape(shape[n:])


# ---------------------------------------------------------------------------------------------
# In-place view ops: t_, transpose_, squeeze_, unsqueeze_ (the tensor itself takes the new shape)
# ---------------------------------------------------------------------------------------------
def _inplace_view(self: Tensor, view, name):
    """``self`` becomes ``view(self)`` (a view of the same memory with another shape), as torch's
    ``t_``/``squeeze_``...: its history is the view op of its old self, the version goes up (a backward
    that saved the old tensor refuses), and a leaf that requires grad (or a view of one) may only be
    changed under no_grad. When ``self`` is a view, or has views, an alias keeps its old place (the
    parent of those views), so that later in-place changes still reach the right memory and graph."""
    if self._creation_meta == INFERENCE:
        _refuse_view(self, name)
    if STATE.enabled:
        if self._creation_meta is not None:
            _refuse_view(self, name)
        if self._requires_grad:
            root = self
            while root._view_of is not None:
                root = root._view_of[0]
            if root._grad_fn is None:
                what = "a leaf tensor" if root is self else "a view of a leaf tensor"
                raise RuntimeError(f"{name}: {what} that requires grad is being used in an in-place operation "
                                   f"(a leaf Variable that requires grad); wrap it in `with minigrad.no_grad():` "
                                   f"or use the out-of-place {name[:-1]}()")
    alias = _wrap(self._data)
    alias._version_counter, alias._requires_grad = self._version_counter, self._requires_grad
    alias._grad_fn, alias._output_nr = self._grad_fn, self._output_nr
    out = view(alias)
    if out is alias:
        self._version_counter[0] += 1
        return self
    self._data = out._data
    self._version_counter[0] += 1
    if not STATE.enabled:
        return self
    self._grad_fn, self._output_nr, self._requires_grad = out._grad_fn, out._output_nr, out._requires_grad
    views = self.__dict__.get("_views")
    live = [r for r in views if r() is not None] if views else []
    if self._view_of is None and not live:
        return self
    alias._view_of, alias._creation_meta = self._view_of, self._creation_meta      # alias: self's old place
    if self._view_of is not None:
        siblings = self._view_of[0].__dict__.get("_views")
        if siblings is not None:
            siblings[:] = [weakref.ref(alias) if r() is self else r for r in siblings]
    for r in live:
        v = r()
        v._view_of = (alias,) + v._view_of[1:]
    alias._views = live + [weakref.ref(self)]
    self._views = []
    self._view_of = (alias,) + out._view_of[1:]
    return self


def t_(self):
    return _inplace_view(self, lambda t: t.t(), "t_")


def transpose_(self, dim0, dim1):
    return _inplace_view(self, lambda t: t.transpose(dim0, dim1), "transpose_")


def squeeze_(self, dim=None):
    return _inplace_view(self, lambda t: t.squeeze() if dim is None else t.squeeze(dim), "squeeze_")


def unsqueeze_(self, dim):
    return _inplace_view(self, lambda t: t.unsqueeze(dim), "unsqueeze_")


def resize_(self, *sizes, memory_format=None):
    """Give the tensor the shape ``sizes``, keeping its values in memory order (the first numel of them;
    new elements are 0, where torch leaves them uninitialised). As torch: never on a tensor that requires
    grad, even under no_grad."""
    shape = _shape_args(sizes, "resize_")
    if self._requires_grad:
        raise RuntimeError(f"resize_: cannot resize variables that require grad (a tensor of shape "
                           f"{tuple(self.shape)}); resize a detached copy (t.detach().clone().resize_(...))")
    if any(n < 0 for n in shape):
        raise RuntimeError(f"resize_: the new shape {tuple(shape)} has a negative size; sizes must be >= 0")
    return resize_data(self, shape)


def set_(self, source=None, storage_offset=0, size=None, stride=None):
    """``self`` takes ``source``'s memory and shape (no copy: a later change of either shows in both); with no
    source, an empty tensor. ``storage_offset``/``size`` pick a contiguous run of ``source``'s elements (in
    memory order). Not recorded in a graph: torch refuses a leaf that requires grad, as for any in-place op."""
    if source is not None and not isinstance(source, Tensor):
        raise TypeError(f"set_() received an invalid combination of arguments - got ({type(source).__name__}), but "
                        "expected one of: (), (Tensor source), (Tensor source, int storage_offset, tuple of ints "
                        "size, tuple of ints stride) (set_(): give a tensor whose memory this tensor takes)")
    if source is not None and source.dtype != self.dtype:
        have, want = (_helpers._TORCH_NAMES[t._data.dtype.name].lower() for t in (source, self))
        raise RuntimeError(f"Could not set tensor of type {have} to a tensor of type {want} (set_(): the source "
                           f"is {source.dtype}, the tensor {self.dtype}; convert the source first, e.g. "
                           f"source.to({self.dtype}))")
    if STATE.enabled and (self._requires_grad or source is not None and source._requires_grad):
        if self._grad_fn is None and self._requires_grad:
            raise RuntimeError("set_: a leaf Variable that requires grad is being used in an in-place operation "
                               "(a leaf tensor that requires grad); wrap it in `with minigrad.no_grad():`")
        raise NotImplementedError("set_(): minigrad does not record set_ in a graph (its gradient is undefined, "
                                  "as in torch); call it under no_grad, or on detached tensors")
    if source is None:
        data = self._data[:0].reshape(0)
    else:
        data = source._data
        if size is not None or storage_offset:
            if stride is not None and tuple(stride) != _contiguous_strides(tuple(size)):
                raise NotImplementedError(f"set_(): strides {tuple(stride)} are not contiguous for size "
                                          f"{tuple(size)}; minigrad's set_ takes a contiguous run of elements")
            if not data.flags.c_contiguous:
                raise NotImplementedError("set_(): a storage_offset or size needs a contiguous source; give "
                                          "source.contiguous()")
            size = tuple(size) if size is not None else (data.size - storage_offset,)
            data = data.reshape(-1)[storage_offset:storage_offset + math.prod(size)].reshape(size)
    self._view_of = None
    self._data = data
    self._version_counter[0] += 1
    return self


def _contiguous_strides(size):
    """Row-major strides, in elements, of a tensor of shape ``size``."""
    out, step = [], 1
    for n in reversed(size):
        out.append(step)
        step *= max(n, 1)
    return tuple(reversed(out))


def resize_as_(self, other, memory_format=None):
    if not isinstance(other, Tensor):
        raise TypeError(f"resize_as_(): argument 'the_template' must be Tensor, not {type(other).__name__}")
    return resize_(self, tuple(other.shape))


def apply_(self, callable):
    """Replace each element ``v`` by ``callable(v)``, called with a Python number, one element at a time (a
    CPU-only convenience, as torch: slow, and no gradient; torch refuses a tensor that requires grad)."""
    return _map_python(self, (), callable, "apply_")


def map_(self, tensor, callable):
    """``self[i] = callable(self[i], tensor[i])`` for each element, ``tensor`` broadcast to ``self``'s shape."""
    return _map_python(self, (tensor,), callable, "map_")


def map2_(self, x, y, callable):
    """``self[i] = callable(self[i], x[i], y[i])`` for each element, ``x`` and ``y`` broadcast to ``self``'s shape."""
    return _map_python(self, (x, y), callable, "map2_")


def _map_python(self, others, fn, op):
    """apply_/map_/map2_: call ``fn`` on Python numbers element by element and write the results back in place."""
    for t in (self,) + others:
        if t._requires_grad:
            raise RuntimeError(f"Can't call {op}() on Variable that requires grad. Use var.detach().{op}() instead.")
    if not isinstance(self._data, np.ndarray) or any(not isinstance(t._data, np.ndarray) for t in others):
        raise TypeError(f"{op} is only implemented on CPU tensors (move the tensors with .cpu() first)")
    for name, t in zip(("other",) if op == "map_" else ("x", "y"), others):
        if t._data.dtype != self._data.dtype:
            raise TypeError(f"{op}: expected {self.type()} for {'' if op == 'map_' else 'argument '}'{name}' "
                            f"(got {t.type()})")
    columns = [self._data] + [t.expand(self.shape)._data for t in others]
    out = np.empty(self._data.shape, self._data.dtype)
    for index in np.ndindex(out.shape):
        out[index] = _python_result(fn(*(c[index].item() for c in columns)), out.dtype, op)
    if not self._data.flags.writeable:
        _check_no_overlap(self, op)
    self._data[...] = out                       # (torch leaves the version counter as it was)
    return self


def _python_result(value, dtype, op):
    """A callable's result, ready to store in ``dtype``: a number, or anything with ``__float__`` (a 0-d tensor), as torch."""
    if not isinstance(value, numbers.Number) and hasattr(value, "__float__"):
        value = float(value)
    if not isinstance(value, numbers.Number) or isinstance(value, complex) and dtype.kind != "c":
        raise TypeError(f"must be real number, not {type(value).__name__} ({op}: the callable returned {value!r})")
    value = to_scalar(value)
    if dtype.kind in "iu" and isinstance(value, float):
        value = int(value)                      # truncated toward 0, as torch
    return dtypes.check_fits(value, dtype, f"{op}()")
