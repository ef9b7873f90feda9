"""Differentiable operations and the nodes of the backward graph.

``Function`` mirrors ``torch.autograd.Function``: subclass it, write ``forward(ctx, *args)`` and
``backward(ctx, *grads)`` as static methods, call ``MyFn.apply(*args)``. ``forward`` receives tensors
and runs with graph recording off; ``backward`` receives one gradient per output and returns one
gradient (or ``None``) per input.

``Op`` is the same thing for minigrad's own primitives (``minigrad/ops``): its ``forward`` receives the
raw NumPy/CuPy arrays (Python scalars stay scalars) and returns an array, so each primitive's forward
is plain array code. Its ``backward`` is written with tensor ops, so it is itself differentiable: that
is what makes ``create_graph=True`` give second derivatives. Arrays passed to ``ctx.save_for_backward``
come back from ``ctx.saved_tensors`` as the tensors they belong to (an input, an output, or a constant).

The ``ctx`` object *is* the graph node: ``y.grad_fn`` is the ctx of the op that made ``y``; its class
is named after the op (``MulBackward`` for ``Mul``) and ``next_functions`` points at the nodes of the
inputs (an ``AccumulateGrad`` node for a leaf that requires grad, ``None`` otherwise).
"""
from __future__ import annotations

import sys

import numpy as np

from .. import backend
from ..tensor import Tensor, _wrap
from .grad_mode import STATE

_new = object.__new__

_FREED = "freed"
_np_ndarray = np.ndarray
_np_generic = np.generic


class Node:
    """A node of the backward graph; for an op it is also the op's ``ctx``."""

    __slots__ = ("next_functions", "needs_input_grad", "__dict__", "__weakref__")
    _fn_cls = None              # the Function/Op class this node belongs to
    _is_op = False              # True when _fn_cls is an Op (its backward is trusted: no validation)
    materialize_grads = True
    # defaults, overridden per node only when needed
    _saved = ()                 # what save_for_backward kept (_FREED once backward ran)
    _n_out = 1                  # number of outputs
    _pre_hooks = None           # {output_nr: [hook, ...]} (tensor hooks, retain_grad)
    _out_meta = None            # (shape, dtype, array) per output, to make zero gradients

    def name(self) -> str:
        return type(self).__name__

    def __repr__(self):
        return f"<{self.name()}>"

    # ---------------------------------------------------------------- ctx API (as torch's)
    def save_for_backward(self, *items):
        """Keep tensors (or, in an Op, arrays) for backward; they are checked for in-place changes."""
        self._saved = items

    @property
    def saved_tensors(self):
        saved = self._saved
        if saved is _FREED:
            raise RuntimeError(
                f"Trying to backward through the graph a second time (or to read saved tensors after they "
                f"have been freed): {self.name()} already ran and released what it saved. Specify "
                "retain_graph=True in the first backward() (or autograd.grad()) call if you need to "
                "backward through the graph again.")
        return tuple([s.unpack(self) if s.__class__ is _SavedTensor else s for s in saved])

    def mark_non_differentiable(self, *tensors):
        self.__dict__.setdefault("_non_diff", set()).update(id(t) for t in tensors)

    def mark_dirty(self, *tensors):
        self.__dict__.setdefault("_dirty", set()).update(id(t) for t in tensors)

    def set_materialize_grads(self, value: bool):
        self.materialize_grads = bool(value)

    # ---------------------------------------------------------------- hooks
    def _add_pre_hook(self, output_nr, hook):
        if self._pre_hooks is None:
            self._pre_hooks = {}
        hooks = self._pre_hooks.setdefault(output_nr, [])
        # retain_grad's hook always runs last, after the user's hooks (as in torch)
        if hooks and getattr(hooks[-1], "_is_retain", False) and not getattr(hook, "_is_retain", False):
            hooks.insert(len(hooks) - 1, hook)
        else:
            hooks.append(hook)
        from ..tensor import _HookHandle
        return _HookHandle(hooks, hook)

    def register_prehook(self, hook):
        """``hook(grad_outputs) -> new grad_outputs or None``, run before this node's backward."""
        return self._add_pre_hook(-1, hook)


class AccumulateGrad(Node):
    """The node of a leaf tensor that requires grad: it adds the arriving gradient to ``leaf.grad``."""

    __slots__ = ("variable",)

    def __init__(self, leaf):
        self.variable = leaf
        self.next_functions = ()
        self.needs_input_grad = ()

    def name(self):
        return "AccumulateGrad"

    def accumulate(self, grad, create_graph):
        leaf = self.variable
        if leaf._backward_hooks:
            for hook in leaf._backward_hooks:
                res = hook(grad)
                if res is not None:
                    grad = res
        old = leaf._grad
        if create_graph:
            leaf._grad = grad if old is None else old + grad
        elif old is None:
            # a fresh array: the gradient may be shared with other leaves or nodes
            leaf._grad = _wrap(grad._data.copy())
        elif old._grad_fn is None and old._data.shape == grad._data.shape:
            old._data += grad._data           # in place, as torch does
            old._version_counter[0] += 1
        else:
            leaf._grad = _wrap(old._data + grad._data)


def _accumulator(t) -> AccumulateGrad:
    acc = t._grad_accumulator
    if acc is None:
        acc = t._grad_accumulator = AccumulateGrad(t)
    return acc


class _SavedTensor:
    """What a node keeps of a saved tensor: enough to rebuild it and to detect in-place changes."""
    __slots__ = ("tensor", "data", "vc", "version", "output_nr")

    def __init__(self, tensor, data, vc, output_nr):
        self.tensor = tensor          # an input or constant tensor; None for the node's own output
        self.data = data
        self.vc = vc
        self.version = vc[0]
        self.output_nr = output_nr

    def unpack(self, node):
        if self.vc[0] != self.version:
            what = (f"output {self.output_nr} of {node.name()}" if self.tensor is None
                    else ("an input of " + node.name()))
            raise RuntimeError(
                f"one of the tensors needed for gradient computation has been modified by an in-place "
                f"operation: a {self.data.dtype} tensor of shape {tuple(self.data.shape)}, which is {what}, "
                f"is at version {self.vc[0]}; expected version {self.version} instead. Hint: use an "
                "out-of-place op (x = x + 1, not x += 1) or .clone() the tensor before changing it.")
        if self.tensor is not None:
            return self.tensor
        t = _wrap(self.data)           # the node's own output, rebuilt without a reference cycle
        t._version_counter = self.vc
        t._grad_fn = node
        t._output_nr = self.output_nr
        t._requires_grad = True
        return t


def _node_class(fn_cls):
    return type(fn_cls.__name__ + "Backward", (Node,), {"__slots__": (), "_fn_cls": fn_cls,
                                                       "__module__": fn_cls.__module__})


# ---------------------------------------------------------------------------------------------
# Function: user-defined differentiable operations (forward on tensors)
# ---------------------------------------------------------------------------------------------
class Function:
    """Base class of user-defined differentiable functions, as ``torch.autograd.Function``.

    Example::

        class Square(Function):
            @staticmethod
            def forward(ctx, x):            # d/dx x**2 = 2x
                ctx.save_for_backward(x)
                return x * x
            @staticmethod
            def backward(ctx, grad):
                x, = ctx.saved_tensors
                return 2 * x * grad
    """

    _node_cls = Node

    _array_forward = False      # True for Op: forward receives arrays

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls._node_cls = _node_class(cls)
        cls._node_cls._is_op = cls._array_forward

    @staticmethod
    def forward(ctx, *args, **kwargs):
        raise NotImplementedError("subclasses of Function must implement a static forward(ctx, ...)")

    @staticmethod
    def backward(ctx, *grad_outputs):
        raise NotImplementedError("subclasses of Function must implement a static backward(ctx, ...)")

    @staticmethod
    def setup_context(ctx, inputs, output):
        """The newer torch style: ``forward(*args)`` without ctx, then ``setup_context(ctx, inputs,
        output)`` saves what backward needs. Override it to use that style."""
        raise NotImplementedError

    @classmethod
    def apply(cls, *args, **kwargs):
        if cls._node_cls is Node:
            raise RuntimeError("call apply() on a subclass of Function, not on Function itself")
        ctx = cls._node_cls()
        needs = tuple(isinstance(a, Tensor) and a._requires_grad for a in args)
        record = STATE.enabled and any(needs)
        ctx.needs_input_grad = needs
        prev = STATE.enabled
        STATE.enabled = False
        try:
            if cls.setup_context is not Function.setup_context and not issubclass(cls, Op):
                result = cls.forward(*args, **kwargs)          # the newer style: no ctx in forward
                cls.setup_context(ctx, args, result)
            else:
                result = cls.forward(ctx, *args, **kwargs)
        finally:
            STATE.enabled = prev
        single = not isinstance(result, tuple)
        outs = (result,) if single else result
        if not record:
            return result
        _check_same_device(cls.__name__, [a for a in args if isinstance(a, Tensor)])
        ctx.next_functions = tuple(_edge(a) for a in args)
        ctx._n_out = len(outs)
        non_diff = ctx.__dict__.get("_non_diff", ())
        dirty = ctx.__dict__.get("_dirty", ())
        inputs = {id(a) for a in args if isinstance(a, Tensor)}
        new_outs, meta = [], []
        for i, o in enumerate(outs):
            if isinstance(o, Tensor):
                if id(o) in inputs and id(o) not in dirty:
                    o = _alias(o)                # forward returned an input unchanged: a new tensor
                if id(o) not in non_diff and o._data.dtype.kind == "f":
                    if id(o) in dirty:
                        if o._grad_fn is None and o._requires_grad:
                            raise RuntimeError(f"{cls.__name__}: a leaf that requires grad was modified in "
                                               "place (mark_dirty)")
                        o._version_counter[0] += 1
                    o._grad_fn, o._output_nr, o._requires_grad = ctx, i, True
                meta.append((o._data.shape, o._data.dtype, o._data))
            else:
                meta.append(None)
            new_outs.append(o)
        ctx._out_meta = meta
        ctx._in_meta = tuple((a._data.shape, a._data.dtype, backend.device_of(a._data))
                             if isinstance(a, Tensor) else None for a in args)
        ctx._saved = _resolve_saved_tensors(ctx, ctx._saved, new_outs)
        return new_outs[0] if single else tuple(new_outs)

    @staticmethod
    def _validate(node, grads):
        """Check a user backward's result: one gradient per input, of the input's shape and device."""
        fn = node.name()
        if isinstance(grads, list):
            grads = tuple(grads)          # torch wants a tuple; a list is read the same way here
        elif not isinstance(grads, tuple):
            grads = (grads,)
        n = len(node.next_functions)
        if len(grads) < n or any(g is not None for g in grads[n:]):
            raise RuntimeError(f"{fn}: backward returned {len(grads)} gradient(s) but forward took {n} "
                               f"argument(s); return one gradient (or None) per forward argument")
        out = []
        for i, (g, meta) in enumerate(zip(grads, node._in_meta)):
            if g is None or meta is None or not node.needs_input_grad[i]:
                out.append(None)
                continue
            if not isinstance(g, Tensor):
                raise TypeError(f"{fn}: backward returned a {type(g).__name__} for input {i}; it must return "
                                "a Tensor or None")
            shape, dt, dev = meta
            if g._data.shape != shape:
                hint = (": sum over the broadcast dimensions" if _broadcastable(shape, g._data.shape)
                        else "")
                raise RuntimeError(f"{fn}: the gradient for input {i} has shape {tuple(g._data.shape)} but "
                                   f"the input has shape {tuple(shape)}{hint}")
            if backend.device_of(g._data) != dev:
                raise RuntimeError(f"{fn}: the gradient for input {i} is on {g.device} but the input is "
                                   f"on {dev}")
            if g._data.dtype != dt:
                g = g.to(_dtype_of(dt))
            out.append(g)
        return out


def _dtype_of(np_dt):
    from ..dtypes import from_np
    return from_np(np_dt)


def _broadcastable(shape, gshape):
    if len(gshape) < len(shape):
        return False
    for s, g in zip(reversed(shape), reversed(gshape)):
        if s != g and s != 1:
            return False
    return True


def _alias(t):
    a = _wrap(t._data)
    a._version_counter = t._version_counter
    return a


def _edge(t):
    """The graph edge to a tensor: (its node, which output of it), or (None, 0) if it needs no grad."""
    if isinstance(t, Tensor) and t._requires_grad:
        fn = t._grad_fn
        if fn is not None:
            return (fn, t._output_nr)
        acc = t._grad_accumulator
        if acc is None:
            acc = t._grad_accumulator = AccumulateGrad(t)
        return (acc, 0)
    return (None, 0)


def _resolve_saved_tensors(ctx, saved, outs):
    """Replace saved outputs by ``_SavedTensor`` records (no reference cycle output -> node -> output)
    and remember the versions of saved inputs."""
    res = []
    for item in saved:
        if isinstance(item, Tensor):
            for j, o in enumerate(outs):
                if o is item:
                    item = _SavedTensor(None, o._data, o._version_counter, j)
                    break
            else:
                item = _SavedTensor(item, item._data, item._version_counter, 0)
        res.append(item)
    return tuple(res)


def _check_same_device(op, tensors):
    if len(tensors) > 1:
        t0 = type(tensors[0]._data)
        for t in tensors[1:]:
            if type(t._data) is not t0 or (t0 is not _np_ndarray and t._data.device != tensors[0]._data.device):
                raise RuntimeError(_device_error(op, tensors))


def _device_error(op, tensors):
    devs = ", ".join(f"{tuple(t._data.shape)} on {t.device}" for t in tensors)
    return (f"{op}: expected all tensors to be on the same device, but got {devs}. Move them first, "
            "e.g. with .to(device) or .cuda()/.cpu()")


# ---------------------------------------------------------------------------------------------
# Op: minigrad's own primitives (forward on arrays)
# ---------------------------------------------------------------------------------------------
class Op(Function):
    """A primitive: ``forward(ctx, *arrays_or_scalars)`` returns an array; ``backward`` uses tensor ops.

    ``ctx.needs_input_grad[i]`` is False for inputs that need no gradient (and for every input when
    no graph is being recorded), so forward only saves what backward will use. An op whose output
    shares memory with its first input (reshape, transpose, basic indexing...) sets ``is_view``.
    """

    _array_forward = True
    is_view = False
    view_key_arg = None     # for basic indexing: which argument is the index

    @classmethod
    def apply(cls, *args, **kwargs):
        # the hot path of every op: keep it lean
        if not kwargs:
            n = len(args)
            if n == 2:
                return cls._apply2(*args)
            if n == 1:
                return cls._apply1(args[0])
        fargs = []
        if not STATE.enabled:
            for a in args:
                fargs.append(a._data if isinstance(a, Tensor) else a)
            return cls._apply_no_graph(args, fargs, kwargs)
        needs = []
        edges = []
        need_any = False
        for a in args:
            if isinstance(a, Tensor):
                fargs.append(a._data)
                if a._requires_grad:
                    need_any = True
                    needs.append(True)
                    fn = a._grad_fn
                    edges.append((fn, a._output_nr) if fn is not None else (a._grad_accumulator or _accumulator(a), 0))
                    continue
            else:
                fargs.append(a)
            needs.append(False)
            edges.append(_NO_EDGE)
        if not need_any:
            return cls._apply_no_graph(args, fargs, kwargs)
        ctx = cls._node_cls()
        ctx.needs_input_grad = tuple(needs)
        try:
            out = cls.forward(ctx, *fargs, **kwargs) if kwargs else cls.forward(ctx, *fargs)
        except (TypeError, ValueError):
            fargs = _check_devices(cls.__name__, args, fargs)     # mixed devices: explain, or fix a 0-d
            out = cls.forward(ctx, *fargs, **kwargs)               # CPU scalar tensor; else re-raise
        if type(out) is tuple:
            return cls._wrap_many(ctx, out, args, fargs, True, edges)
        raw = out
        if type(out) is not _np_ndarray:
            out = _as_array(out, fargs)
        t = _new(Tensor)
        t._data = out
        t._version_counter = [0]
        if cls.is_view:
            _make_view(t, args, cls)
        ctx.next_functions = tuple(edges)
        saved = ctx._saved
        if saved:
            ctx._saved = _resolve_saved_arrays(saved, args, fargs, (t,), (raw,))
        t._grad_fn = ctx
        t._requires_grad = True
        return t

    @classmethod
    def _apply1(cls, a):
        """``apply`` for one positional argument (unary ops), written out without the loops."""
        if not isinstance(a, Tensor):
            return cls._apply_no_graph((a,), [a], None)
        fa = a._data
        if not (a._requires_grad and STATE.enabled):
            return cls._apply_no_graph((a,), [fa], None)
        ctx = cls._node_cls()
        ctx.needs_input_grad = (True,)
        out = cls.forward(ctx, fa)
        fn = a._grad_fn
        edges = ((fn, a._output_nr) if fn is not None else (a._grad_accumulator or _accumulator(a), 0),)
        if type(out) is tuple:
            return cls._wrap_many(ctx, out, (a,), [fa], True, edges)
        raw = out
        if type(out) is not _np_ndarray:
            out = _as_array(out, (fa,))
        t = _new(Tensor)
        t._data = out
        t._version_counter = [0]
        if cls.is_view:
            _make_view(t, (a,), cls)
        ctx.next_functions = edges
        if ctx._saved:
            ctx._saved = _resolve_saved_arrays(ctx._saved, (a,), (fa,), (t,), (raw,))
        t._grad_fn = ctx
        t._requires_grad = True
        return t

    @classmethod
    def _apply2(cls, a, b):
        """``apply`` for the most common signature, two positional arguments (binary ops): the same
        steps as ``apply``, written out without the loops."""
        ta, tb = isinstance(a, Tensor), isinstance(b, Tensor)
        fa = a._data if ta else a
        fb = b._data if tb else b
        na, nb = ta and a._requires_grad, tb and b._requires_grad
        if not ((na or nb) and STATE.enabled):
            return cls._apply_no_graph((a, b), [fa, fb], None)
        ctx = cls._node_cls()
        ctx.needs_input_grad = (na, nb)
        try:
            out = cls.forward(ctx, fa, fb)
        except (TypeError, ValueError):
            fa, fb = _check_devices(cls.__name__, (a, b), [fa, fb])
            out = cls.forward(ctx, fa, fb)
        if na:
            fn = a._grad_fn
            ea = (fn, a._output_nr) if fn is not None else (a._grad_accumulator or _accumulator(a), 0)
        else:
            ea = _NO_EDGE
        if nb:
            fn = b._grad_fn
            eb = (fn, b._output_nr) if fn is not None else (b._grad_accumulator or _accumulator(b), 0)
        else:
            eb = _NO_EDGE
        edges = (ea, eb)
        if type(out) is tuple:
            return cls._wrap_many(ctx, out, (a, b), [fa, fb], True, edges)
        raw = out
        if type(out) is not _np_ndarray:
            out = _as_array(out, (fa, fb))
        t = _new(Tensor)
        t._data = out
        t._version_counter = [0]
        if cls.is_view:
            _make_view(t, (a, b), cls)
        ctx.next_functions = edges
        if ctx._saved:
            ctx._saved = _resolve_saved_arrays(ctx._saved, (a, b), (fa, fb), (t,), (raw,))
        t._grad_fn = ctx
        t._requires_grad = True
        return t

    @classmethod
    def _apply_no_graph(cls, args, fargs, kwargs):
        """``apply`` when no graph is recorded (no_grad, or no input requires grad): just compute.
        No node is kept, so forward gets a scratch ctx (one per number of arguments)."""
        n = len(fargs)
        ctx = _SCRATCH[n] if n < 8 else _scratch(n)
        try:
            out = cls.forward(ctx, *fargs, **kwargs) if kwargs else cls.forward(ctx, *fargs)
        except (TypeError, ValueError):
            fargs = _check_devices(cls.__name__, args, fargs)
            out = cls.forward(ctx, *fargs, **kwargs)
        if ctx._saved:
            ctx._saved = ()                 # don't keep arrays alive
        if type(out) is tuple:
            return cls._wrap_many(ctx, out, args, fargs, False, None)
        if type(out) is not _np_ndarray:
            out = _as_array(out, fargs)
        t = _new(Tensor)
        t._data = out
        t._version_counter = [0]
        t._grad_fn = None
        t._requires_grad = False
        if cls.is_view:
            _make_view(t, args, cls)
        return t

    @classmethod
    def _wrap_many(cls, ctx, outs, args, fargs, any_needs, edges):
        raw = outs
        ts = tuple(_wrap(o if type(o) is _np_ndarray else _as_array(o, fargs)) for o in outs)
        if any_needs:
            ctx.next_functions = tuple(edges)
            ctx._n_out = len(ts)
            ctx._out_meta = [(t._data.shape, t._data.dtype, t._data) for t in ts]
            if ctx._saved:
                ctx._saved = _resolve_saved_arrays(ctx._saved, args, fargs, ts, raw)
            for i, t in enumerate(ts):
                if t._data.dtype.kind == "f":
                    t._grad_fn, t._output_nr, t._requires_grad = ctx, i, True
        return ts


_NO_EDGE = (None, 0)


def _scratch(n):
    ctx = Node()
    ctx.needs_input_grad = (False,) * n
    return ctx


_SCRATCH = [_scratch(n) for n in range(8)]


def _make_view(t, args, cls):
    """The output shares storage with the first input tensor: share its version counter too, and
    remember (parent, key) so that an in-place change of the view can update the parent's graph
    (key: the index, for views made by basic indexing; None for other views)."""
    for a in args:
        if isinstance(a, Tensor):
            t._version_counter = a._version_counter
            t._base = (a, args[cls.view_key_arg] if cls.view_key_arg is not None else None)
            return


_NO_NEEDS = {n: (False,) * n for n in range(8)}


def _as_array(out, fargs):
    """Ops on 0-d NumPy arrays return NumPy scalars: turn them back into arrays (on the right device)."""
    if isinstance(out, _np_generic) or isinstance(out, (int, float, bool)):
        for f in fargs:
            if backend.is_array(f):
                return backend.array_module(f).asarray(out)
        return np.asarray(out)
    return out


def _check_devices(op, args, fargs):
    """Called when an op's forward failed: if its tensors are on different devices, say so (a 0-d CPU
    tensor may join a CUDA op, as a number would: it is moved). Otherwise re-raise the error."""
    tensors = [a for a in args if isinstance(a, Tensor)]
    devices = {backend.device_of(t._data) for t in tensors}
    if len(devices) <= 1:
        exc = sys.exc_info()[1]
        if isinstance(exc, ValueError) and "broadcast" in str(exc):
            shapes = " and ".join(str(tuple(t.shape)) for t in tensors)
            raise RuntimeError(
                f"{op}: the shapes {shapes} cannot be broadcast together: aligned from the right, each pair of "
                "sizes must be equal or one of them 1. Reshape or unsqueeze one operand (e.g. x[:, None]) so "
                "that they line up") from None
        raise
    cuda = [d for d in devices if d.type == "cuda"]
    movable = all(t._data.ndim == 0 or backend.device_of(t._data).type == "cuda" for t in tensors)
    if len(cuda) == 1 and movable:
        return [backend.to_device(f, cuda[0]) if isinstance(f, _np_ndarray) and f.ndim == 0 else f
                for f in fargs]
    raise RuntimeError(_device_error(op, tensors)) from None


def _resolve_saved_arrays(saved, args, fargs, outs, raw_outs):
    """Map what an Op's forward saved back to tensors: its inputs and outputs become records that
    check their version at backward; other arrays become constant tensors; scalars stay as they are.
    (``raw_outs`` are the forward's results before 0-d NumPy scalars were turned into arrays.)"""
    res = []
    for item in saved:
        kind = type(item)
        if kind is not _np_ndarray and (item is None or kind in _PLAIN):
            res.append(item)            # Python scalars, shapes, None
            continue
        j = 0
        for o, r in zip(outs, raw_outs):
            if r is item or o._data is item:
                res.append(_SavedTensor(None, o._data, o._version_counter, j))
                break
            j += 1
        else:
            i = 0
            for f in fargs:
                if f is item:
                    a = args[i]
                    res.append(_SavedTensor(a, item, a._version_counter, 0))
                    break
                i += 1
            else:
                if isinstance(item, _np_generic):                     # a 0-d result NumPy made a scalar
                    res.append(_wrap(np.asarray(item)))
                elif kind is _np_ndarray or backend.is_array(item):
                    res.append(_wrap(item))      # an intermediate array: a constant for backward
                else:
                    res.append(item)
    return tuple(res)


_PLAIN = {int, float, bool, tuple, str}


def once_differentiable(backward):
    """Decorator for a ``backward`` that cannot itself be differentiated (as torch's): it runs without
    recording, and differentiating its result again (create_graph=True, then a second backward)
    raises an error that names the function."""
    import functools

    @functools.wraps(backward)
    def wrapper(ctx, *grads):
        if not STATE.enabled:
            return backward(ctx, *grads)
        STATE.enabled = False
        try:
            result = backward(ctx, *grads)
        finally:
            STATE.enabled = True
        tracked = [g for g in grads if isinstance(g, Tensor) and g._requires_grad]
        if not tracked:
            return result
        single = not isinstance(result, tuple)
        outs = tuple(_DelayedError.apply(g, ctx.name(), *tracked) if isinstance(g, Tensor) else g
                     for g in ((result,) if single else result))
        return outs[0] if single else outs
    return wrapper


class _DelayedError(Op):
    """Passes a gradient through, but refuses to be differentiated (see once_differentiable)."""
    is_view = True

    @staticmethod
    def forward(ctx, g, name, *tracked):
        ctx.fn_name = name
        return g[...]

    @staticmethod
    def backward(ctx, gg):
        raise RuntimeError(f"{ctx.fn_name}: its backward is marked once_differentiable, so it cannot be "
                           "differentiated again (double backward through it is not supported)")
