"""``minigrad.autograd.forward_ad``: torch's forward-mode interface (dual tensors), computed in reverse mode.

torch pushes a tangent through every op as the op runs. minigrad has reverse mode only, so a dual tensor
here is its primal made a graph input (a view of it that records, as ``make_dual``'s result is a view in
torch), and ``unpack_dual(y).tangent`` asks the recorded graph for the Jacobian-vector product J·t by the
double-vjp trick (as ``func.jvp``): with a dummy cotangent u, g(u) = uᵀJ is linear in u, and the gradient
of g·t with respect to u is J·t. So the tangents are torch's, at the price of two backward passes per
``unpack_dual``, and with two differences a program can see:

- a dual tensor and what is computed from it require grad (torch: only if the primal did; ``unpack_dual``'s
  primal, though, is detached as torch's when nothing but the duals' own copies needs a gradient);
- what is computed from a dual under ``no_grad`` has no tangent (torch's forward mode ignores grad mode):
  nothing was recorded to ask.
"""
from __future__ import annotations

import collections

from ..tensor import Tensor
from .engine import grad as _grad
from .function import AccumulateGrad
from .grad_mode import enable_grad

__all__ = ["dual_level", "enter_dual_level", "exit_dual_level", "make_dual", "unpack_dual", "UnpackedDualTensor"]

UnpackedDualTensor = collections.namedtuple("UnpackedDualTensor", ["primal", "tangent"])


class _Level:
    def __init__(self, index):
        self.index = index
        self.duals = {}                     # id(dual) -> (dual, primal, tangent)
        self.copies = set()                 # ids of the copies made to require grad for make_dual


_LEVELS = []


def enter_dual_level():
    """Open the (one) forward-AD level; returns its index (0)."""
    if _LEVELS:
        raise RuntimeError("Nested forward mode AD is not supported at the moment")
    _LEVELS.append(_Level(0))
    return 0


def exit_dual_level(*, level=None):
    """Close the level: its dual tensors become plain tensors (``unpack_dual`` gives no tangent)."""
    if not _LEVELS or (level is not None and level != _LEVELS[-1].index):
        raise RuntimeError(f"exit_dual_level(): no forward-AD level {0 if level is None else level} is open")
    _LEVELS.pop().duals.clear()


class dual_level:
    """``with dual_level(): ...``: the scope of dual tensors (torch's context manager)."""

    def __enter__(self):
        return enter_dual_level()

    def __exit__(self, *exc):
        exit_dual_level()
        return False


def _current(level, op):
    if not _LEVELS:
        return None
    if level is not None and level != _LEVELS[-1].index:
        raise RuntimeError(f"{op}(): forward-AD level {level} is not open (the open one is {_LEVELS[-1].index})")
    return _LEVELS[-1]


def make_dual(tensor, tangent, *, level=None):
    """A tensor with primal ``tensor`` and tangent ``tangent`` (same shape), for the open level."""
    lv = _current(level, "make_dual")
    if lv is None:
        raise RuntimeError("Trying to create a dual Tensor for forward AD but no level exists, make sure to "
                           "enter_dual_level() first.")
    if not isinstance(tensor, Tensor) or not isinstance(tangent, Tensor):
        raise TypeError(f"make_dual(): expected two Tensors, got {type(tensor).__name__} and "
                        f"{type(tangent).__name__}")
    if not tensor.is_floating_point():
        raise ValueError(f"Expected primal to be floating point or complex, but got: {tensor.dtype}")
    if not tangent.is_floating_point():
        raise ValueError(f"Expected tangent to be floating point or complex, but got: {tangent.dtype}")
    if tuple(tensor.shape) != tuple(tangent.shape):
        raise RuntimeError("Trying to set a forward gradient that has a different size than that of the original "
                           f"Tensor, this is not supported. Tensor is of size {list(tensor.shape)} while the given "
                           f"forward gradient is of size {list(tangent.shape)}.")
    if tensor.device != tangent.device:
        raise RuntimeError(f"make_dual(): the tangent is on {tangent.device}, the primal on {tensor.device}")
    with enable_grad():
        source = tensor if tensor.requires_grad else tensor.detach().requires_grad_(True)
        dual = source.view_as(source)           # the graph input the tangent belongs to
    if source is not tensor:
        lv.copies.add(id(source))               # (kept alive by dual, a view of it)
    lv.duals[id(dual)] = (dual, tensor, tangent)
    return dual


def unpack_dual(tensor, *, level=None):
    """``(primal, tangent)`` of ``tensor``: its tangent J·t from the duals it was computed from, or None
    (no level open, a tensor not computed from a dual, or computed without recording)."""
    lv = _current(level, "unpack_dual")
    if lv is None or not isinstance(tensor, Tensor):
        return UnpackedDualTensor(tensor, None)
    entry = lv.duals.get(id(tensor))
    if entry is not None and entry[0] is tensor:
        return UnpackedDualTensor(entry[1], entry[2])
    if not tensor.requires_grad or tensor.grad_fn is None or not lv.duals:
        return UnpackedDualTensor(tensor, None)
    duals = [d for d, _, _ in lv.duals.values()]
    tangents = [t for _, _, t in lv.duals.values()]
    primal = tensor if _needs_grad_beyond(tensor, lv.copies) else tensor.detach()
    with enable_grad():
        u = tensor.detach().new_zeros(tensor.shape).requires_grad_(True)
        vj = _grad([tensor], duals, [u], create_graph=True, allow_unused=True)
        pairs = [(g, t) for g, t in zip(vj, tangents) if g is not None and g.requires_grad]
        if not pairs:
            if any(g is not None for g in vj):          # linear in the duals with a zero Jacobian part
                return UnpackedDualTensor(primal, tensor.detach().new_zeros(tensor.shape))
            return UnpackedDualTensor(primal, None)
        keep = any(t.requires_grad for _, t in pairs)
        (jv,) = _grad([g for g, _ in pairs], [u], [t for _, t in pairs], create_graph=keep, allow_unused=True,
                      materialize_grads=True)
    return UnpackedDualTensor(primal, jv)


def _needs_grad_beyond(tensor, copies):
    """Whether ``tensor``'s graph reaches a leaf that requires grad other than make_dual's own copies (then
    torch's primal keeps its grad_fn too)."""
    seen, todo = set(), [tensor.grad_fn]
    while todo:
        node = todo.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, AccumulateGrad):
            if id(node.variable) not in copies:
                return True
        else:
            todo.extend(n for n, _ in node.next_functions)
    return False
