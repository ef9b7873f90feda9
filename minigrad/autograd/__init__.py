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
    """The pre-0.4 torch wrapper: today a tensor is its own Variable. Returns ``data`` itself
    (with requires_grad set) so old code keeps working."""
    if requires_grad:
        data.requires_grad_(True)
    return data

__all__ = ["Function", "Node", "AccumulateGrad", "once_differentiable", "backward", "grad", "no_grad",
           "enable_grad", "set_grad_enabled", "is_grad_enabled", "inference_mode", "is_inference_mode_enabled", "gradcheck",
           "gradgradcheck", "GradcheckError", "trace", "Variable", "detect_anomaly", "set_detect_anomaly",
           "is_anomaly_enabled", "is_anomaly_check_nan_enabled", "set_multithreading_enabled", "is_multithreading_enabled"]
