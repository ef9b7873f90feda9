"""torch.autograd.graph: the graph's node type and the hooks on what nodes save for backward.

  saved_tensors_hooks(pack, unpack)   every tensor an op saves for backward while the block runs is
                                      passed to ``pack``; backward gets ``unpack(packed)`` back
  save_on_cpu()                       those hooks, keeping saved tensors in host memory
  disable_saved_tensors_hooks(msg)    saved_tensors_hooks raise RuntimeError(msg) inside the block

While saved-tensor hooks are active, ops take the reference path (minigrad/fast skips them), so that
every saved tensor goes through ``pack``.
"""
from __future__ import annotations

from .anomaly_mode import reference_mode
from .function import GradientEdge, Node, _HOOKS, _edge

__all__ = ["Node", "GradientEdge", "get_gradient_edge", "saved_tensors_hooks", "save_on_cpu",
           "disable_saved_tensors_hooks", "register_multi_grad_hook"]


def get_gradient_edge(tensor):
    """The edge backward follows to reach ``tensor``'s gradient (its grad_fn, or a leaf's AccumulateGrad); give it
    to ``autograd.grad`` as an input to get the gradient of that value even after ``tensor`` changes in place."""
    if not tensor.requires_grad:
        raise RuntimeError("It is not possible to get the gradient edge for a Tensor that does not require gradients "
                           f"(get_gradient_edge(): a tensor of shape {tuple(tensor.shape)})")
    return GradientEdge(*_edge(tensor))


class _MultiHandle:
    def __init__(self, handles):
        self.handles = handles

    def remove(self):
        for h in self.handles:
            h.remove()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.remove()


def register_multi_grad_hook(tensors, fn, *, mode="all"):
    """One hook for several tensors, once per backward pass. mode="all": ``fn(grads)`` with each tensor's gradient
    of that pass (None for a tensor the pass did not reach), called when the pass has finished (torch calls it
    once the last of them is computed); mode="any": ``fn(grad)`` with the first of them computed. A tensor hook on
    each tensor collects them; returns a handle whose remove() takes them all off."""
    from .engine import queue_callback
    if mode not in ("all", "any"):
        raise ValueError(f"Expects mode to be one of ('all', 'any') but got {mode}")
    tensors = tuple(tensors)
    got = {}                                   # this pass: index -> gradient (mode "all"), or {"ran": True}

    def finish():
        if mode == "all":
            fn([got.get(i) for i in range(len(tensors))])
        got.clear()

    def tensor_hook(i):
        def hook(grad):
            if not got:
                queue_callback(finish)
                if mode == "any":
                    got["ran"] = True
                    fn(grad)
            if mode == "all":
                got[i] = grad
        return hook
    return _MultiHandle([t.register_hook(tensor_hook(i)) for i, t in enumerate(tensors)])


class saved_tensors_hooks:
    """``with saved_tensors_hooks(pack_hook, unpack_hook):`` -- ``pack_hook(tensor)`` may return any
    object; ``unpack_hook(that object)`` must give back a tensor with the original's value."""

    def __init__(self, pack_hook, unpack_hook):
        self.pack_hook, self.unpack_hook = pack_hook, unpack_hook

    def __enter__(self):
        if _HOOKS.disabled is not None:
            raise RuntimeError(_HOOKS.disabled)
        _HOOKS.stack.append((self.pack_hook, self.unpack_hook))
        self._prev_reference = reference_mode(True)
        return self

    def __exit__(self, *exc):
        _HOOKS.stack.pop()
        if self._prev_reference is not None:
            reference_mode(self._prev_reference)
        return False


class save_on_cpu(saved_tensors_hooks):
    """Saved tensors are kept on the CPU and moved back to their device when backward reads them."""

    def __init__(self, pin_memory=False, device_type="cuda"):
        def pack(t):
            return (t.device, t.detach().cpu() if t.device.type != "cpu" else t)

        def unpack(packed):
            device, t = packed
            return t.to(device)
        super().__init__(pack, unpack)


class disable_saved_tensors_hooks:
    """Inside the block, entering ``saved_tensors_hooks`` raises ``RuntimeError(error_message)``."""

    def __init__(self, error_message):
        self.error_message = error_message

    def __enter__(self):
        self._prev = _HOOKS.disabled
        _HOOKS.disabled = self.error_message
        return self

    def __exit__(self, *exc):
        _HOOKS.disabled = self._prev
        return False
