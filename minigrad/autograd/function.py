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
is named after the op (``MulBackward0`` for ``Mul``, as torch names it) and ``next_functions`` points at the nodes of the
inputs (an ``AccumulateGrad`` node for a leaf that requires grad, ``None`` otherwise): one entry per differentiable
tensor input of torch's signature of the op (``Op.edge_args``). The engines read ``_edges``, one entry per argument.
"""
from __future__ import annotations

import functools
import inspect
import re
import sys
import warnings
import weakref

import numpy as np

from .. import backend
from ..dtypes import from_np
from ..tensor import INFERENCE, INFERENCE_ALIAS, Tensor, _HookHandle, _wrap
from .grad_mode import STATE
from . import anomaly_mode as _anomaly

_weakref = weakref.ref
_FREED = "freed"
_np_ndarray = np.ndarray
_np_generic = np.generic


class Node:
    """A node of the backward graph; for an op it is also the op's ``ctx``."""

    # no __slots__: on Python 3.11+ the attributes a ctx gets live in the object itself (no dict object)
    _fn_cls = None              # the Function/Op class this node belongs to
    _is_op = False              # True when _fn_cls is an Op (its backward is trusted: no validation)
    materialize_grads = True
    # defaults, overridden per node only when needed
    _saved = ()                 # what save_for_backward kept (_FREED once backward ran)
    _n_out = 1                  # number of outputs
    _pre_hooks = None           # {output_nr: [hook, ...]} (tensor hooks, retain_grad)
    _out_meta = None            # (shape, dtype, array) per output, to make zero gradients
    _out_version = 0            # with _out_data and _out_vc: see SAVED_OUTPUT
    _name = None                # torch's more specific name, where it differs from the class's (see name())
    _non_diff = _dirty = frozenset()    # ids of outputs marked non-differentiable / inputs marked dirty
    _edges = ()                 # one edge (node, output_nr) per argument (fast/apply.py: the compact form)
    _edge_args = None           # the op's edge_args and edge_non_tensors (see Op), or the node's own (named())
    _edge_non_tensors = False
    _shown_edges = None         # a composite's last node: the edges of torch's one node, to its inputs (named())

    @property
    def next_functions(self):
        """The edges torch lists: one ``(node, output_nr)`` per differentiable tensor input of the op's
        signature (``Op.edge_args``; by default the tensor arguments), ``(None, 0)`` for one that needs no
        gradient. Derived from ``_edges`` (one per argument, what the engines read) when asked, so the ops
        pay nothing for it. The last node of a composite (conv2d: im2col, a product, + bias) lists the
        composite's inputs, as torch's single node does; the engines still follow ``_edges``."""
        if self._shown_edges is not None:
            return self._shown_edges
        edges = self._edges
        return tuple([_NO_EDGE if i is None or edges[i][1] < 0 else edges[i] for i in self._listed()])

    def _listed(self):
        """The arguments ``next_functions`` lists, by position (None: one the op does not take): all, or
        ``_edge_args``; a number or None only with ``_edge_non_tensors`` (as torch's (None, 0))."""
        edges, keep = self._edges, self._edge_args
        places = range(len(edges)) if keep is None else [i for i in keep if i is None or i < len(edges)]
        if self._edge_non_tensors:
            return list(places)
        return [i for i in places if i is None or edges[i][1] >= 0]     # (a non-tensor's edge is (None, -1))

    def __call__(self, *grads):
        """``grad_fn(grad)``, as torch's: this node's backward on gradients for its outputs, one gradient per
        entry of ``next_functions`` (recorded when grad mode is on: a graph of the backward)."""
        if self._shown_edges is not None or isinstance(self, AccumulateGrad):
            raise RuntimeError(f"{self.name()}: calling this node is not supported in minigrad (it stands for "
                               "several nodes, or accumulates into a leaf); use autograd.grad on its output instead")
        n_out = self._n_out
        if len(grads) != n_out:
            raise TypeError(f"{self.name()}: expected {n_out} gradient(s), one per output of the node, got {len(grads)}")
        from .engine import _call_backward      # (engine imports this module)
        res = _call_backward(self, list(grads))
        return tuple([None if i is None else res[i] for i in self._listed()])

    def name(self) -> str:
        """The op's class name + "Backward0" (torch numbers an op's overloads); a node may carry torch's
        more specific name instead (``x[0]`` is a Slice, named ``SelectBackward0``; ``x.t()`` a Permute,
        named ``TBackward0``; ``x[0] = v`` ``torch::autograd::CopySlices``)."""
        return self._name or type(self).__name__

    def __repr__(self):                 # as torch's: <MulBackward0 object at 0x7f...>; a user Function's node
        fn = getattr(type(self), "_fn_cls", None)   # is <torch.autograd.function.MyFnBackward object at 0x7f...>
        where = "minigrad.autograd.function." if fn is not None and not fn._array_forward and \
            not fn.__dict__.get("torch_name") else ""
        return f"<{where}{self.name().rsplit('::', 1)[-1]} object at {id(self):#x}>"   # (<CopySlices object ..>)

    # ---------------------------------------------------------------- ctx API (as torch's)
    def save_for_backward(self, *items):
        """Keep tensors (or, in an Op, arrays) for backward; they are checked for in-place changes."""
        self._saved = items

    @property
    def saved_tensors(self):
        saved = self._saved
        if saved is _FREED:
            raise RuntimeError(
                "Trying to backward through the graph a second time (or directly access saved tensors after they "
                "have already been freed). Saved intermediate values of the graph are freed when you call "
                ".backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the "
                "graph a second time or if you need to access saved tensors after calling backward. "
                f"({self.name()} already ran and released what it saved.)")
        return tuple([_unpack(s, self) for s in saved])

    @property
    def saved_variables(self):
        warnings.warn("'saved_variables' is deprecated; use 'saved_tensors'", DeprecationWarning, stacklevel=2)
        return self.saved_tensors

    @property
    def metadata(self) -> dict:
        """A dict for the user's own notes on this node (torch's Node.metadata)."""
        meta = self.__dict__.get("_metadata")
        if meta is None:
            meta = self._metadata = {}
        return meta

    # torch's ``_saved_*`` attributes (blog posts read them off grad_fn), from what an op saved for backward,
    # in its order: the first two values are the inputs self and other (mat2 of a product; exponent: x ** 3
    # saves 3), the output is the result; sym_sizes: the input's shape, kept by reductions and views
    _saved_self = property(lambda self: self._saved_at(0, "_saved_self"))
    _saved_other = property(lambda self: _as_tensor(self._saved_at(1, "_saved_other")))   # (3 * x: tensor(3))
    _saved_mat2 = property(lambda self: self._saved_at(1, "_saved_mat2"))
    _saved_exponent = property(lambda self: self._saved_at(1, "_saved_exponent"))
    _saved_result = property(lambda self: self._saved_at(None, "_saved_result"))

    @property
    def _saved_self_sym_sizes(self):
        shape = self.__dict__.get("in_shape")
        if shape is None:
            raise AttributeError(f"'{self.name()}' object has no attribute '_saved_self_sym_sizes'")
        return tuple(shape)

    def _saved_at(self, i, attribute):
        """The op's saved value ``i`` when it is an input or a number (None: its saved output)."""
        saved = self._saved if self._is_op else ()
        if saved is _FREED:
            return self.saved_tensors            # (raises: backward already released them)
        if i is None:
            found = [s for s in saved if s is SAVED_OUTPUT or s.__class__ is SavedTensor and s.tensor is None]
        else:
            item = saved[i] if i < len(saved) else None
            if item is None and i < len(saved):
                return None                     # not needed, so not saved: torch reads an undefined tensor as None
            found = [item] if item.__class__ in _PLAIN or item.__class__ is SavedTensor and item.tensor is not None \
                else []
        if not found:
            raise AttributeError(f"'{self.name()}' object has no attribute '{attribute}'")
        return _unpack(found[0], self)

    def save_for_forward(self, *tensors):
        """Keep tensors for a ``jvp`` staticmethod (torch's forward mode). minigrad computes forward-mode tangents
        through the backward graph (autograd/forward_ad.py), so a Function's jvp is not called; kept for it."""
        self._saved_for_forward = tensors

    def mark_non_differentiable(self, *tensors):
        self._non_diff = self._non_diff | {id(t) for t in tensors}

    def mark_dirty(self, *tensors):
        self._dirty = self._dirty | {id(t) for t in tensors}

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
        return _HookHandle(hooks, hook)

    def register_prehook(self, hook):
        """``hook(grad_outputs) -> new grad_outputs or None``, run before this node's backward."""
        return self._add_pre_hook(-1, hook)

    _post_hooks = None

    def register_hook(self, hook):
        """``hook(grad_inputs, grad_outputs) -> new grad_inputs or None``, run after this node's backward
        (torch's Node.register_hook). Returns a handle with ``.remove()``."""
        if self._post_hooks is None:
            self._post_hooks = []
        self._post_hooks.append(hook)
        POST_HOOKED.add(self)
        return _HookHandle(self._post_hooks, hook)

    def _run_post_hooks(self, grad_inputs, grad_outputs):
        for hook in list(self._post_hooks):
            res = hook(tuple(grad_inputs), tuple(grad_outputs))
            if res is not None:
                check_node_hook_result(hook, res)
                if len(res) != len(grad_inputs):
                    raise RuntimeError(f"hook '{getattr(hook, '__name__', 'hook')}' has returned an incorrect number "
                                       f"of values (got {len(res)}, but expected {len(grad_inputs)})")
                for old, new in zip(grad_inputs, res):
                    if old is None and new is not None:
                        raise RuntimeError(f"can't replace a None gradient with a non-None value (hook "
                                           f"'{getattr(hook, '__name__', 'hook')}' of {self.name()}: return None in "
                                           "the places of the inputs that get no gradient)")
                grad_inputs = res
        return tuple(grad_inputs)


def check_node_hook_result(hook, res):
    """A node hook (register_hook / register_prehook of a grad_fn) returns None or a tuple, as torch's."""
    if type(res) is not tuple:
        raise TypeError(f"expected tuple, but hook returned '{type(res).__name__}' (hook "
                        f"'{getattr(hook, '__name__', 'hook')}': return a tuple of gradients, one per place, or None)")


POST_HOOKED = weakref.WeakSet()     # the live nodes given register_hook hooks


def any_post_hooks() -> bool:
    """Whether a live node has Node.register_hook hooks (backward then takes the engine's own loop,
    which runs them; the fast loop does not)."""
    return bool(POST_HOOKED) and any(n._post_hooks for n in list(POST_HOOKED))


FunctionCtx = Node     # torch.autograd.function.FunctionCtx: the type of ``ctx`` (here every node is one)


class AccumulateGrad(Node):
    """The node of a leaf tensor that requires grad: it adds the arriving gradient to ``leaf.grad``."""

    __slots__ = ("variable",)
    _edges = ()

    def __init__(self, leaf):
        self.variable = leaf
        self.needs_input_grad = ()

    def name(self):
        return "torch::autograd::AccumulateGrad"        # (torch's; the class is AccumulateGrad)

    def _post_accumulate(self):
        """The leaf's ``register_post_accumulate_grad_hook`` hooks, called with the leaf once its
        ``.grad`` holds the new sum."""
        leaf = self.variable
        for hook in list(leaf._post_accumulate_hooks or ()):
            if hook(leaf) is not None:
                raise RuntimeError("post accumulate grad hooks cannot return a value: hook "
                                   f"'{getattr(hook, '__name__', 'hook')}' returned one; update p.grad in place instead")

    def run_hooks(self, grad):
        """The leaf's hooks (``register_hook``), in order; a hook's non-None result replaces ``grad``."""
        for hook in self.variable._backward_hooks or ():
            res = hook(grad)
            if res is not None:
                grad = check_hook_result(hook, grad, res)
        return grad

    def accumulate(self, grad, create_graph):
        leaf = self.variable
        grad = self.run_hooks(grad)
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
        if leaf._post_accumulate_hooks:
            self._post_accumulate()


def _accumulator(t) -> AccumulateGrad:
    """The leaf's AccumulateGrad node. The leaf keeps only a weak reference to it (as torch does): the
    graphs that use the leaf keep it alive, and leaf and node never form a cycle that only the garbage
    collector could free (with the leaf's gradient in it)."""
    ref = t._grad_accumulator
    acc = ref() if ref is not None else None
    if acc is None:
        acc = AccumulateGrad(t)
        t._grad_accumulator = weakref.ref(acc)
    return acc


def _as_tensor(value):
    """A saved number as torch keeps it for mul/add/div: a 0-d tensor (int64 for an int, float64 for a float)."""
    return value if isinstance(value, Tensor) else _wrap(np.asarray(value))


def _unpack(item, node):
    """One item of what a node saved, as its backward reads it: a saved input or output (checked for
    in-place changes), an intermediate array of forward as a constant tensor, or a number/None."""
    cls = item.__class__
    if cls is SavedTensor or cls is HookedSaved:
        return item.unpack(node)
    if item is SAVED_OUTPUT:
        return _saved_output(node).unpack(node)
    if item is None or cls in _PLAIN or not node._is_op:
        return item                 # (a user Function's saved non-tensors come back as they went in)
    if cls is _np_ndarray or isinstance(item, _np_generic) or backend.is_array(item):
        return _wrap(item)
    return item


class SavedTensor:
    """What a node keeps of a tensor saved for backward: enough to give it back, and to refuse if
    it was changed in place since (its version counter moved)."""
    __slots__ = ("tensor", "data", "version_counter", "version", "output_nr")

    def __init__(self, tensor, data, version_counter, output_nr):
        if tensor is not None and tensor._creation_meta is not None:
            _check_saveable(tensor)
        self.tensor = tensor          # an input tensor; None for an output of the node itself
        self.data = data
        self.version_counter = version_counter
        self.version = version_counter[0]
        self.output_nr = output_nr

    def unpack(self, node):
        if self.version_counter[0] != self.version:
            # torch's words: the tensor's type and size, and the node that made it (for an input: its
            # node now, as torch reports it), then the way out
            t = self.tensor if self.tensor is not None else _wrap(self.data)
            fn, nr = (node, self.output_nr) if self.tensor is None else (t._grad_fn, t._output_nr)
            made = f", which is output {nr} of {re.sub(r'Backward[0-9]*$', '', fn.name())}," if fn is not None else ""
            raise RuntimeError(
                f"one of the variables needed for gradient computation has been modified by an inplace operation: "
                f"[{t.type()} {list(t.shape)}]{made} is at version {self.version_counter[0]}; expected version "
                f"{self.version} instead. Hint: use an out-of-place op (x = x + 1, not x += 1) or .clone() the "
                f"tensor before changing it (saved by {node.name()} for its backward).")
        if self.tensor is not None:
            return self.tensor
        t = _wrap(self.data)           # the node's own output, rebuilt (keeping it would be a cycle)
        t._version_counter = self.version_counter
        if self.data.dtype.kind == "f":     # (an integer output -- a permutation, indices -- never requires grad)
            t._grad_fn = node
            t._output_nr = self.output_nr
            t._requires_grad = True
        return t


_SavedTensor = SavedTensor      # the former name


def _check_saveable(tensor):
    """torch's refusal to save a tensor made under inference_mode() for backward."""
    if tensor._creation_meta == INFERENCE or tensor._creation_meta == INFERENCE_ALIAS:
        raise RuntimeError(
            f"Inference tensors cannot be saved for backward: a tensor of shape {tuple(tensor.shape)} made under "
            "inference_mode() (or a detach() of one) is used by an op that requires grad. Please do not use Tensors created in inference "
            "mode in computation tracked by autograd. To work around this, you can make a clone to get a normal "
            "tensor and use it in autograd (x.clone(), outside inference mode).")


class _HOOKS:
    """The saved-tensor hooks in force (autograd/graph.py's saved_tensors_hooks): a stack of
    (pack, unpack); ``disabled``: the message of an active disable_saved_tensors_hooks."""
    stack = []
    disabled = None


class _Packed(tuple):
    """A node's saved values after the pack hooks ran (a tuple subclass: the fast engine, which reads
    plain tuples only, leaves such a node to the reference backward)."""
    __slots__ = ()


class HookedSaved:
    """A saved tensor as ``pack_hook`` returned it, with what ``unpack_hook`` needs and the version
    it had, to refuse it after an in-place change (as SavedTensor)."""
    __slots__ = ("packed", "unpack_hook", "version_counter", "version")

    def __init__(self, tensor, pack_hook, unpack_hook):
        if tensor._creation_meta is not None:
            _check_saveable(tensor)
        self.version_counter = tensor._version_counter
        self.version = self.version_counter[0]
        self.unpack_hook = unpack_hook
        self.packed = pack_hook(tensor)

    def unpack(self, node):
        if self.version_counter[0] != self.version:
            raise RuntimeError(
                f"one of the variables needed for gradient computation has been modified by an inplace "
                f"operation: a tensor saved by {node.name()} is at version {self.version_counter[0]}; expected "
                f"version {self.version} instead. Hint: use an out-of-place op or .clone() it before changing it.")
        t = self.unpack_hook(self.packed)
        if not isinstance(t, Tensor):
            raise TypeError(f"Output of saved tensor unpack_hook expected to be a Tensor but got result of type "
                            f"{type(t).__name__}")
        return t


def _apply_pack_hooks(saved, outputs):
    """Pass each tensor a node saved (inputs, ``outputs``, intermediate arrays) through the innermost
    pack hook; numbers and None stay as they are."""
    pack, unpack = _HOOKS.stack[-1]
    out = []
    for item in saved:
        if item.__class__ is SavedTensor:
            tensor = item.tensor if item.tensor is not None else outputs[item.output_nr]
        elif item is not None and item.__class__ not in _PLAIN and (
                isinstance(item, (_np_ndarray, _np_generic)) or backend.is_array(item)):
            tensor = _wrap(item)
        else:
            out.append(item)
            continue
        out.append(HookedSaved(tensor, pack, unpack))
    return _Packed(out)

SAVED_OUTPUT = object()
"""Put by the fast layer (``fast/apply.py``) among a node's saved values in place of a SavedTensor of
the node's own output: the node keeps that record's fields itself (``_out_data``, ``_out_vc``,
``_out_version``), so the record is no object for Python's garbage collector to track."""


def _saved_output(node) -> SavedTensor:
    """The SavedTensor that ``SAVED_OUTPUT`` stands for in ``node``'s saved values."""
    record = SavedTensor(None, node._out_data, node._out_vc, 0)
    record.version = node._out_version
    return record


def _node_class(fn_cls):
    cls = type(_node_class_name(fn_cls), (Node,), {"__slots__": (), "_fn_cls": fn_cls,
                                                   "__module__": getattr(fn_cls, "__module__", None), "_edge_args": fn_cls.edge_args,
                                                   "_edge_non_tensors": fn_cls.edge_non_tensors})
    # Python (3.11+) keeps a node's attributes in the node itself, under one table of names shared by
    # all nodes of the class -- a table that stops taking new names once the class has made a few dozen
    # nodes (a ctx is made for every call, recorded or not); a node with a name missing from it then
    # gets a dictionary of its own: one more object, slower attributes. So name them all now: those
    # Op.apply and fast/apply.py set, then the names forward, setup_context and backward use (``ctx.<name>``).
    seed = object.__new__(cls)
    for name in _NODE_ATTRIBUTES + _names_used(fn_cls.__dict__.get("forward")) + \
            _names_used(fn_cls.__dict__.get("setup_context")) + _names_used(fn_cls.__dict__.get("backward")):
        held = getattr(cls, name, None)
        if not name.startswith("__") and not callable(held) and not isinstance(held, property):
            try:
                setattr(seed, name, None)
            except (AttributeError, TypeError):
                pass                    # (a name the class itself defines in some other way)
    return cls


def _node_class_name(fn_cls):
    """torch's name for the node of one of minigrad's own ops: ``MulBackward0`` for ``Mul`` (torch
    numbers the overloads of an op; its ``torch_name`` where minigrad's class is named otherwise); a
    Function (a user's) gets ``MyFnBackward``, without the number, as in torch."""
    named = fn_cls.__dict__.get("torch_name")
    if named:
        return named
    return fn_cls.__name__ + ("Backward0" if fn_cls._array_forward else "Backward")


def named(out, name, edge_args=None, inputs=None):
    """Give ``out``'s node torch's name for the function that made it (``x.t()`` is a Permute,
    which torch calls ``TBackward0``; see rename_node); only the name changes -- and with ``edge_args``, the
    arguments its ``next_functions`` lists (as ``Op.edge_args``: ``1 - x`` is a Sub of (1, x), torch's rsub lists x);
    with ``inputs`` (tensors or None), ``out`` is the last node of a composite that torch computes in one
    node: ``next_functions`` lists the edges to these inputs (``(None, 0)`` for None). Returns ``out``."""
    fn = getattr(out, "_grad_fn", None)
    if fn is not None:
        rename_node(fn, name)
        if edge_args is not None:
            fn._edge_args = edge_args
        if inputs is not None:
            fn._shown_edges = tuple([_NO_EDGE if t is None else _edge(t) for t in inputs])
    return out


# A user Function's backward may return a gradient that its input broadcasts to: torch's engine sums it down to the
# input's shape, and so does this one. The grader's runner sets this to False: there that gradient is the student's
# mistake (a missing un-broadcast), and the engine refuses it with the shapes, as the grader's own checks do.
SUM_BROADCAST_GRADIENTS = True

_RENAMED = {}                   # (node class, torch's name) -> the subclass of that name
SUBCLASS_HOOKS = []             # hook(sub, base) for each subclass rename_node makes (fast/ files it as its base)


def rename_node(node, name):
    """Give ``node`` torch's name. A node of one of minigrad's ops becomes an instance of a subclass of that name
    (torch's ``x[0]`` makes a SelectBackward0, ``x.mean(0)`` a MeanBackward1, ``x.unsqueeze(1)`` an
    UnsqueezeBackward0), so that ``type(grad_fn).__name__`` reads it as torch's; any other node, or a name that is
    not a class name (``torch::autograd::CopySlices``), keeps its class and is only renamed."""
    base = getattr(node.__class__, "_fn_cls", None)
    base = base._node_cls if base is not None and base._array_forward else None
    if base is None or name is None or not name.isidentifier():
        node._name = name
        return
    sub = _RENAMED.get((base, name))
    if sub is None:
        sub = _RENAMED[base, name] = type(name, (base,), {"__slots__": (), "__module__": base.__module__})
        for hook in SUBCLASS_HOOKS:
            hook(sub, base)
    node.__class__, node._name = sub, None


def _names_used(method):
    """The names (attributes among them) a static method's code uses; () for anything else."""
    code = getattr(getattr(method, "__func__", None), "__code__", None)
    return code.co_names if code is not None else ()


# the attributes Op.apply (and fast/apply.py) give a node, besides those an op's forward sets
_NODE_ATTRIBUTES = ("needs_input_grad", "_saved", "_edges", "_arity", "_in0", "_in1", "_out_data",
                    "_out_vc", "_out_meta", "_in_meta", "_n_out", "_name", "_edge_args", "_shown_edges")


class GradientEdge(tuple):
    """torch.autograd.graph.GradientEdge: ``(node, output_nr)``, the place backward reaches a tensor's gradient;
    ``autograd.grad`` and ``backward(inputs=)`` take one in the place of a tensor."""
    __slots__ = ()

    def __new__(cls, node, output_nr, ownership_token=None):
        return tuple.__new__(cls, (node, output_nr))

    node = property(lambda self: self[0])
    output_nr = property(lambda self: self[1])

    def __repr__(self):
        return f"GradientEdge(node={self[0]!r}, output_nr={self[1]})"


class FuncTransforms:
    """How many ``minigrad.func`` transforms are running (minigrad/func.py counts them): torch's rules for a
    user Function called inside one (``Function.apply`` reads ``depth`` only: one test when none runs)."""
    depth = 0           # any transform (grad, vjp, jvp, jacrev, jacfwd, hessian, vmap)
    vmap = 0            # vmap, and jacfwd/hessian (torch builds them on vmap)
    forward_ad = 0      # jvp, jacfwd, hessian (forward mode in torch)


@functools.lru_cache(maxsize=256)
def _signature(fn):
    return inspect.signature(fn)


def _bind_forward_args(cls, args, kwargs):
    """The arguments of a newer-style Function's ``apply`` as forward's full positional tuple: keyword
    arguments in their places and the defaults filled in (what setup_context's ``inputs`` and
    backward's gradients line up with, as torch's ``apply``)."""
    try:
        sig = _signature(cls.forward)
    except (TypeError, ValueError):                 # (a forward without a readable signature)
        if kwargs:
            raise TypeError(f"{cls.__name__}.apply(): keyword arguments need a forward with a signature")
        return args
    try:
        bound = sig.bind(*args, **kwargs)
    except TypeError as e:
        raise TypeError(f"{cls.__name__}.forward(): {e}") from None
    given = set(bound.arguments)
    bound.apply_defaults()
    lost = [name for name in bound.kwargs if name in given]
    if lost:                # (torch's apply passes forward the positional part only: these would be dropped)
        raise TypeError(f"{cls.__name__}.apply(): forward's keyword-only argument(s) {', '.join(lost)} cannot be "
                        "inputs of a Function with setup_context; make them positional parameters")
    return bound.args


def _check_transformable(cls):
    """torch's refusals of a user Function inside a func transform: it needs ``setup_context`` (forward
    without ctx), under vmap a ``vmap`` staticmethod or ``generate_vmap_rule = True``, under forward-mode
    transforms a ``jvp`` staticmethod."""
    if cls.setup_context is Function.setup_context:
        raise RuntimeError(
            f"In order to use an autograd.Function with functorch transforms (vmap, grad, jvp, jacrev, ...), it must "
            f"override the setup_context staticmethod ({cls.__name__} defines forward(ctx, ...): write it as "
            "forward(*args) plus setup_context(ctx, inputs, output)). For more details, please see "
            "https://pytorch.org/docs/main/notes/extending.func.html")
    if FuncTransforms.vmap and not cls.generate_vmap_rule and cls.vmap is Function.vmap:
        raise RuntimeError(
            f"You tried to vmap over {cls.__name__}, but it does not have vmap support. Please override and implement "
            "the vmap staticmethod or set generate_vmap_rule=True. For more details, please see "
            "https://pytorch.org/docs/main/notes/extending.func.html")
    if FuncTransforms.forward_ad and cls.jvp is Function.jvp:
        raise NotImplementedError(f"You must implement the jvp function for custom autograd.Function to use it with "
                                  f"forward mode AD ({cls.__name__} has no jvp staticmethod; func.jvp, jacfwd and "
                                  "hessian need one).")


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

    edge_args = None            # the arguments torch lists in next_functions: None, the tensor ones (see Op)
    edge_non_tensors = False
    _inputs_returned_are_views = True   # torch's rule: an input returned as-is may not change in place (a view)
    generate_vmap_rule = False  # torch's flag for func.vmap (minigrad's vmap runs forward per slice: either will do)

    def __init__(self, *args, **kwargs):
        warnings.warn(f"{self.__class__} should not be instantiated. Methods on autograd functions are all static, "
                      "so you should invoke them on the class itself. Instantiating an autograd function will raise "
                      "an error in a future version of PyTorch.", DeprecationWarning, stacklevel=2)

    @staticmethod
    def jvp(ctx, *grad_inputs):
        raise NotImplementedError("You must implement the jvp function for custom autograd.Function to use it with "
                                  "forward mode AD.")

    @staticmethod
    def vmap(info, in_dims, *args):
        raise NotImplementedError("To use autograd.Function with vmap, you must either override the vmap staticmethod "
                                  "or set generate_vmap_rule=True.")

    def __call__(self, *args, **kwargs):
        raise RuntimeError(f"Legacy autograd function with non-static forward method is deprecated: call "
                           f"{type(self).__name__}.apply(...) (not {type(self).__name__}()(...)), with a static forward")

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
        """Run forward on the tensors with recording off; then, if an input requires grad, record
        the node (as ``Op.apply``, plus torch's mark_dirty / mark_non_differentiable rules)."""
        if cls._node_cls is Node:
            raise NotImplementedError("You must implement the forward function for custom autograd.Function (call "
                                      "apply() on a subclass of Function that defines forward, not on Function itself)")
        if FuncTransforms.depth:
            _check_transformable(cls)
        newer_style = cls.setup_context is not Function.setup_context
        if newer_style:                     # as torch: keyword arguments and defaults become positional inputs
            args, kwargs = _bind_forward_args(cls, args, kwargs), {}
        ctx = cls._node_cls()
        needs = tuple(isinstance(a, Tensor) and a._requires_grad for a in args)
        record = STATE.enabled and any(needs)
        ctx.needs_input_grad = needs
        prev = STATE.enabled
        STATE.enabled = False
        try:
            if newer_style:
                result = cls.forward(*args)                    # the newer style: no ctx in forward
                cls.setup_context(ctx, args, result)
            else:
                result = cls.forward(ctx, *args, **kwargs)
        finally:
            STATE.enabled = prev
        if not record:
            return result
        single = not isinstance(result, tuple)
        _check_same_device(cls.__name__, [a for a in args if isinstance(a, Tensor)])
        raw = (result,) if single else result
        if ctx._dirty and not ctx._dirty <= {id(o) for o in raw}:
            raise RuntimeError("Some elements marked as dirty during the forward method were not returned as output. The "
                               f"inputs that are modified inplace must all be outputs of the Function ({cls.__name__}: "
                               "return each tensor given to ctx.mark_dirty)")
        non_diff = ctx._non_diff            # (ids of what forward returned: an input returned as-is included)
        differentiable = [isinstance(o, Tensor) and id(o) not in non_diff and o._data.dtype.kind == "f" for o in raw]
        outputs = [_function_output(ctx, o, args, cls.__name__) for o in raw]
        ctx._edges = tuple([_edge(a) for a in args])
        _record(ctx, outputs, differentiable)
        ctx._out_meta = [(o._data.shape, o._data.dtype, o._data) if isinstance(o, Tensor) else None
                         for o in outputs]
        ctx._in_meta = tuple((a._data.shape, a._data.dtype, backend.device_of(a._data))
                             if isinstance(a, Tensor) else None for a in args)
        for i, o in enumerate(outputs):         # a view, or an input returned as-is: not changed in place (torch's)
            if isinstance(o, Tensor) and o._grad_fn is ctx and (
                    o._view_of is not None or _returned_input(cls, ctx, o, args)):
                o._creation_meta = ("custom_function", cls.__name__, i)
        ctx._saved = tuple(_save_tensor(item, outputs, i, cls.__name__) for i, item in enumerate(ctx._saved))
        if _HOOKS.stack and ctx._saved:
            ctx._saved = _apply_pack_hooks(ctx._saved, outputs)
        return outputs[0] if single else tuple(outputs)

    @staticmethod
    def _validate(node, grads):
        """Check a user backward's result: one gradient per input, of the input's shape and device."""
        fn = node.name()
        if isinstance(grads, list):
            grads = tuple(grads)          # torch wants a tuple; a list is read the same way here
        elif not isinstance(grads, tuple):
            grads = (grads,)
        n = len(node._edges)
        if len(grads) < n or any(g is not None for g in grads[n:]):
            raise RuntimeError(f"function {fn} returned an incorrect number of gradients (expected {n}, got "
                               f"{len(grads)}): backward returned {len(grads)} gradient(s) but forward took {n} "
                               "argument(s); return one gradient (or None) per forward argument")
        out = []
        for i, (g, meta) in enumerate(zip(grads, node._in_meta)):
            if meta is None and g is not None:
                raise RuntimeError(f"function {fn} returned a gradient different than None at position {i + 1}, but "
                                   f"the corresponding forward input was not a Variable (return None for argument {i}, "
                                   "which is not a tensor)")
            if g is None or meta is None or not node.needs_input_grad[i]:
                out.append(None)
                continue
            if not isinstance(g, Tensor):
                raise RuntimeError(f"expected Variable or None (got {type(g).__name__}): {fn}'s backward returned a "
                                   f"{type(g).__name__} for input {i}; it must return a Tensor or None")
            shape, dt, dev = meta
            if g._data.shape != shape and SUM_BROADCAST_GRADIENTS and _broadcastable(shape, g._data.shape):
                g = _summed_to(g, shape)        # torch sums a gradient the input broadcasts to down to its shape
            if g._data.shape != shape:
                raise RuntimeError(f"Function {fn} returned an invalid gradient at index {i} - got "
                                   f"{list(g._data.shape)} but expected shape compatible with {list(shape)}: the "
                                   f"gradient for input {i} has shape {tuple(g._data.shape)} but the input has shape "
                                   f"{tuple(shape)}")
            if backend.device_of(g._data) != dev:
                raise RuntimeError(f"{fn}: the gradient for input {i} is on {g.device} but the input is "
                                   f"on {dev}")
            if g._data.dtype != dt:
                g = g.to(from_np(dt))
            out.append(g)
        return out


def _function_output(ctx, o, args, name):
    """An output of a user Function's forward, ready to be recorded: an input returned unchanged
    becomes a new tensor (an alias); one marked dirty (changed in place) bumps its version."""
    if not isinstance(o, Tensor):
        return o
    dirty = ctx._dirty
    if id(o) in dirty:
        if o._grad_fn is None and o._requires_grad:
            raise RuntimeError(f"a leaf Variable that requires grad has been used in an in-place operation ({name}."
                               "forward changed it and marked it dirty); pass a clone, or change it under no_grad()")
        o._version_counter[0] += 1
    elif any(o is a for a in args):
        alias = _wrap(o._data)
        alias._version_counter = o._version_counter
        return alias
    return o


def _returned_input(cls, ctx, o, args):
    """Whether output ``o`` is an input that forward returned as-is (not marked dirty): torch makes it a view."""
    return cls._inputs_returned_are_views and id(o) not in ctx._dirty and any(
        isinstance(a, Tensor) and a._data is o._data for a in args)


def check_hook_result(hook, grad, res):
    """A tensor hook's replacement gradient must be a tensor of the gradient's shape and dtype (torch's checks,
    so that a wrong one fails here, naming the hook, rather than deep inside a later backward)."""
    name = getattr(hook, "__name__", type(hook).__name__)
    if not isinstance(res, Tensor):
        raise TypeError(f"expected Variable, but hook returned '{type(res).__name__}' (hook '{name}' must return "
                        "a tensor or None)")
    if res._data.shape != grad._data.shape:
        raise RuntimeError(f"hook '{name}' has changed the size of value (from {tuple(grad.shape)} to "
                           f"{tuple(res.shape)}); a hook must return a gradient of the same shape")
    if res._data.dtype != grad._data.dtype or type(res._data) is not type(grad._data):
        raise RuntimeError(f"hook '{name}' has changed the type of value (was {grad.type()} got {res.type()}); "
                           "return a gradient of the same dtype and device (e.g. g.to(grad))")
    return res


def _save_tensor(item, outputs, i, fn):
    """What a user Function saved: its own outputs become records (no reference cycle output -> node
    -> output); other tensors are kept with their version, to detect in-place changes. Anything else but
    None is torch's TypeError (numbers and the like go on ctx as attributes: ctx.scale = 3)."""
    if not isinstance(item, Tensor):
        if item is not None:
            raise TypeError(f"save_for_backward can only save variables, but argument {i} is of type "
                            f"{type(item).__name__} ({fn}.forward); keep non-tensors as ctx attributes, e.g. "
                            "ctx.k = k")
        return item
    for j, o in enumerate(outputs):
        if o is item:
            return SavedTensor(None, o._data, o._version_counter, j)
    return SavedTensor(item, item._data, item._version_counter, 0)


def _summed_to(g, shape):
    """The gradient ``g`` summed over the dims that broadcasting added to ``shape`` (``_broadcastable``), with the
    tensor's own methods (a graph is recorded under create_graph)."""
    lead = g.dim() - len(shape)
    dims = tuple(range(lead)) + tuple(lead + i for i, n in enumerate(shape) if n == 1 and g.shape[lead + i] != 1)
    return (g.sum(dims, keepdim=True) if dims else g).reshape(shape)


def _broadcastable(shape, gshape):
    if len(gshape) < len(shape):
        return False
    for s, g in zip(reversed(shape), reversed(gshape)):
        if s != g and s != 1:
            return False
    return True


# ---------------------------------------------------------------------------------------------
# Op: minigrad's own primitives (forward on arrays)
# ---------------------------------------------------------------------------------------------
class Op(Function):
    """A primitive: ``forward(ctx, *arrays_or_scalars)`` returns an array; ``backward`` uses tensor ops.

    ``ctx.needs_input_grad[i]`` is False for inputs that need no gradient (and for every input when
    no graph is being recorded), so forward only saves what backward will use. An op whose output
    shares memory with its first input (reshape, transpose, basic indexing...) sets ``is_view``.

    ``edge_args`` names the arguments that torch's signature of the op lists in ``grad_fn.next_functions``
    (its differentiable tensor inputs), by position, in torch's order (a position None: ``(None, 0)``
    for an input of torch's that the op does not take): ``None`` (the default) lists the tensor arguments; a bool condition, an index tensor or an integer target is not listed (``Where``: (1, 2)).
    ``edge_non_tensors``: a number or None among them is listed as ``(None, 0)`` -- a binary op's number
    (torch wraps it in a tensor), an absent optional tensor (a bias). Only ``next_functions`` reads them.
    """

    _array_forward = True
    is_view = False         # the output shares memory with the first input (a view of it)

    _fast_apply = None      # normal mode: minigrad/fast/apply.py's unrolled apply (None in reference mode)

    @classmethod
    def apply(cls, *args, **kwargs):
        """``Mul.apply(x, y)``: run the op on tensors (and numbers), recording it if needed.

        1. forward gets the arrays of the tensor arguments (other arguments as they are) and a new
           ctx telling which inputs need a gradient (none, when no graph is being recorded);
        2. its result -- an array, or a tuple of arrays -- is wrapped in new tensors;
        3. if some input requires grad and grad mode is on, the ctx becomes the graph node of those
           tensors: it points at the inputs' nodes, and what forward saved is packed for backward.
        """
        fast_apply = cls._fast_apply
        if fast_apply is not None and not kwargs:
            out = fast_apply(cls, args)               # the same steps, unrolled (minigrad/fast/apply.py)
            if out is not None:
                return out
        ctx = cls._node_cls()
        edges = [_edge(a) for a in args]            # (input's node, output_nr), or (None, 0)/(None, -1): no grad
        needs = [e[0] is not None for e in edges]
        record = STATE.enabled and True in needs
        ctx.needs_input_grad = tuple(needs) if record else _no_needs(len(args))
        arrays = [a._data if isinstance(a, Tensor) else a for a in args]
        result = run_forward(cls, ctx, args, arrays, kwargs)
        return make_outputs(cls, ctx, args, arrays, result, tuple(edges) if record else None)


def run_forward(cls, ctx, args, arrays, kwargs):
    """``cls.forward(ctx, *arrays)``; if it fails because tensors are on different devices, say so."""
    try:
        return cls.forward(ctx, *arrays, **kwargs)
    except (TypeError, ValueError):
        arrays = _check_devices(cls.__name__, args, arrays)   # explain mixed devices, or re-raise
        return cls.forward(ctx, *arrays, **kwargs)


def make_outputs(cls, ctx, args, arrays, result, edges):
    """Wrap what forward returned in new tensors; with ``edges`` (a graph is recorded) make ``ctx``
    their node: it points at the inputs through ``edges`` and keeps what forward saved."""
    single = type(result) is not tuple
    outputs = [_new_output(result, arrays)] if single else [_new_output(r, arrays) for r in result]
    if cls.is_view:
        _make_view(outputs[0], args, cls)
    if edges is not None:
        ctx._edges = edges
        _record(ctx, outputs)
        if ctx._saved:
            ctx._saved = pack_saved(ctx._saved, args, arrays, outputs, result)
    return outputs[0] if single else tuple(outputs)


def _record(ctx, outputs, differentiable=None):
    """Make ``ctx`` the graph node of ``outputs``: each differentiable output (by default: of a
    floating dtype) points back at ``ctx``, as its ``_output_nr``-th output."""
    if len(outputs) > 1:
        ctx._n_out = len(outputs)
        ctx._out_meta = [(t._data.shape, t._data.dtype, t._data) if isinstance(t, Tensor) else None
                         for t in outputs]
    if _anomaly._Mode.enabled:
        ctx._anomaly_trace = _anomaly.forward_trace()
    for i, t in enumerate(outputs):
        if t._data.dtype.kind == "f" if differentiable is None else differentiable[i]:
            t._grad_fn, t._output_nr, t._requires_grad = ctx, i, True


def _new_output(arr, arrays):
    """A new tensor around an array forward returned (a NumPy scalar becomes a 0-d array)."""
    return _wrap(arr if type(arr) is _np_ndarray else _as_array(arr, arrays))


def _no_needs(n, _cache={}):
    needs = _cache.get(n)
    if needs is None:
        needs = _cache[n] = (False,) * n
    return needs


def _edge(t):
    """The graph edge to a tensor: (its node, which output of it), or (None, 0) if it needs no grad;
    (None, -1) for an argument that is no tensor (``next_functions`` leaves those out). A leaf's node is
    its ``AccumulateGrad``, made on first use."""
    if isinstance(t, Tensor):
        if t._requires_grad:
            fn = t._grad_fn
            if fn is not None:
                return (fn, t._output_nr)
            return (_accumulator(t), 0)
        return _NO_EDGE
    return _NOT_TENSOR


_NO_EDGE = (None, 0)
_NOT_TENSOR = (None, -1)
_PLAIN = {int, float, bool, tuple, str}


def pack_saved(saved, args, arrays, outputs, result):
    """Turn what an Op's forward passed to ``ctx.save_for_backward`` (arrays, numbers, None) into
    what its backward reads from ``ctx.saved_tensors`` (tensors, numbers, None):

    * the array of an input tensor -> that tensor (its version is checked when backward reads it);
    * the array of an output       -> a record that rebuilds the output tensor at backward (the node
                                      keeping the output itself would make a reference cycle);
    * any other array              -> kept as it is (an intermediate result of forward): backward
                                      reads it as a constant tensor;
    * anything else (numbers, shapes, None) -> unchanged.
    Arrays are recognised by identity: forward saved the very array object it was given or made."""
    raw = (result,) if type(result) is not tuple else result
    packed = []
    for item in saved:
        kind = type(item)
        if kind is not _np_ndarray and (item is None or kind in _PLAIN or not (
                isinstance(item, _np_generic) or backend.is_array(item))):
            packed.append(item)                                  # a number, a shape, None
            continue
        for j, t in enumerate(outputs):
            if item is raw[j] or item is t._data:
                packed.append(SavedTensor(None, t._data, t._version_counter, j))      # an output
                break
        else:
            for a, arr in zip(args, arrays):
                if item is arr and isinstance(a, Tensor):
                    packed.append(SavedTensor(a, arr, a._version_counter, 0))        # an input
                    break
            else:
                packed.append(item)                              # an intermediate array: a constant
    return _apply_pack_hooks(packed, outputs) if _HOOKS.stack else tuple(packed)


def _make_view(t, args, cls):
    """The output shares storage with the first input tensor: share its version counter too, and
    remember how it was made, ``(parent, op class, the op's other arguments)``, so that an in-place
    change of the view can rewrite the parent's history, and an in-place change of the parent can
    rebuild the view's (see minigrad/ops/inplace.py). The parent keeps weak references to the views
    made from it in grad mode (not a leaf that requires grad: it can't change in place under grad
    mode, so its history is never rewritten)."""
    for a in args:
        if isinstance(a, Tensor):
            t._version_counter = a._version_counter
            t._view_of = (a, cls, args[1:])
            if a._creation_meta is not None:                # a view of such a view is one too (of
                t._creation_meta = INFERENCE if a._creation_meta == INFERENCE_ALIAS else a._creation_meta  # an alias: inference)
            elif not STATE.enabled:
                if a._requires_grad:
                    t._creation_meta = "inference_mode" if STATE.inference else "no_grad"
                elif STATE.inference:
                    t._creation_meta = None     # a view of a normal tensor is normal, even in inference mode
            if STATE.enabled and (a._grad_fn is not None or not a._requires_grad):
                views = a.__dict__.get("_views")
                if views is None:
                    a._views = [_weakref(t)]
                else:
                    views.append(_weakref(t))
                    n = len(views)
                    if n >= 16 and not n & (n - 1):        # at 16, 32, 64...: forget the dead ones
                        views[:] = [r for r in views if r() is not None]
            return


def _as_array(out, arrays):
    """Ops on 0-d NumPy arrays return NumPy scalars: turn them back into arrays (on the right device)."""
    if type(out) is _np_ndarray:
        return out
    if isinstance(out, _np_generic) or isinstance(out, (int, float, bool)):
        for f in arrays:
            if backend.is_array(f):
                return backend.array_module(f).asarray(out)
        return np.asarray(out)
    return out


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


def _check_devices(op, args, fargs):
    """Called when an op's forward failed: if its tensors are on different devices, say so (a 0-d CPU
    tensor may join a CUDA op, as a number would: it is moved). Otherwise re-raise the error."""
    tensors = [a for a in args if isinstance(a, Tensor)]
    devices = {backend.device_of(t._data) for t in tensors}
    if len(devices) <= 1:
        exc = sys.exc_info()[1]
        if isinstance(exc, ValueError) and "broadcast" in str(exc):
            shapes = " and ".join(str(tuple(t.shape)) for t in tensors)
            raise RuntimeError(     # (torch's sentence first: programs print it)
                f"{_first_mismatch(tensors)}{op.lower()}(): the shapes {shapes} cannot be broadcast together: "
                "aligned from the right, each pair of sizes must be equal or one of them 1. Reshape or unsqueeze one "
                "operand (e.g. x[:, None]) so that they line up") from None
        raise
    cuda = [d for d in devices if d.type == "cuda"]
    movable = all(t._data.ndim == 0 or backend.device_of(t._data).type == "cuda" for t in tensors)
    if len(cuda) == 1 and movable:
        return [backend.to_device(f, cuda[0]) if isinstance(f, _np_ndarray) and f.ndim == 0 else f
                for f in fargs]
    raise RuntimeError(_device_error(op, tensors)) from None


def _first_mismatch(tensors):
    """torch's sentence for the first pair of sizes (from the right) that do not broadcast, or ''."""
    if len(tensors) != 2:
        return ""
    a, b = tuple(tensors[0].shape), tuple(tensors[1].shape)
    n = max(len(a), len(b))
    for i in range(1, min(len(a), len(b)) + 1):
        if a[-i] != b[-i] and a[-i] != 1 and b[-i] != 1:
            return (f"The size of tensor a ({a[-i]}) must match the size of tensor b ({b[-i]}) at non-singleton "
                    f"dimension {n - i}; ")
    return ""


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
