"""Reverse-mode automatic differentiation.

  function.py   Function (user ops, as torch.autograd.Function), Op (minigrad's primitives), the nodes
  engine.py     backward() and grad(): the iterative reverse-topological walk over the graph
  grad_mode.py  no_grad, enable_grad, set_grad_enabled
  gradcheck.py  finite-difference checking of gradients
  functional.py jacobian, hessian, vjp, jvp, hvp, vhp (torch.autograd.functional)
  trace.py      trace(): watch the backward pass step by step
  graph.py      Node, saved_tensors_hooks, save_on_cpu, disable_saved_tensors_hooks
  anomaly_mode.py  detect_anomaly, set_detect_anomaly: stop backward at the first NaN gradient
"""
from .function import Function, Node, AccumulateGrad, once_differentiable
from .engine import backward, grad
from .grad_mode import no_grad, enable_grad, set_grad_enabled, is_grad_enabled, inference_mode, is_inference_mode_enabled
from .grad_mode import set_multithreading_enabled, is_multithreading_enabled
from .gradcheck import gradcheck, gradgradcheck, GradcheckError
from .trace import trace
from .anomaly_mode import detect_anomaly, set_detect_anomaly, is_anomaly_enabled, is_anomaly_check_nan_enabled
from . import functional
from . import graph
from . import profiler  # noqa: E402,F401  (torch.autograd.profiler.profile / record_function)
from . import forward_ad  # noqa: E402,F401  (dual tensors, computed in reverse mode)


def Variable(data, requires_grad=False, volatile=False):
    """The pre-0.4 torch wrapper: today a tensor is its own Variable. As torch's, returns a new leaf that
    shares ``data``'s memory (``data.detach()``), requiring grad if asked; ``data`` itself is left as it was."""
    from ..tensor import Tensor
    if not isinstance(data, Tensor):
        raise TypeError(f"Variable data has to be a tensor, but got {type(data).__name__}")
    if volatile:
        import warnings
        warnings.warn("volatile was removed and now has no effect. Use `with torch.no_grad():` instead.",
                      UserWarning, stacklevel=2)
    out = data.detach()
    return out.requires_grad_(True) if requires_grad else out

__all__ = ["Function", "Node", "AccumulateGrad", "once_differentiable", "backward", "grad", "no_grad",
           "enable_grad", "set_grad_enabled", "is_grad_enabled", "inference_mode", "is_inference_mode_enabled", "gradcheck",
           "gradgradcheck", "GradcheckError", "trace", "Variable", "detect_anomaly", "set_detect_anomaly",
           "is_anomaly_enabled", "is_anomaly_check_nan_enabled", "set_multithreading_enabled", "is_multithreading_enabled"]
