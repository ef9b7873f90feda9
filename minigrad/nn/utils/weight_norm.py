"""``weight_norm`` and ``spectral_norm`` in torch's older form: a forward pre-hook recomputes ``module.weight``
from new parameters before every call.

weight_norm: ``weight = g · v / ‖v‖`` (the norm over every dim but ``dim``); parameters ``weight_g`` and
``weight_v`` replace ``weight``. spectral_norm: ``weight = weight_orig / σ``, σ the largest singular value
of weight_orig (as a matrix, ``dim`` first), estimated by power iteration with the buffers ``weight_u`` and
``weight_v`` (one step per training forward). ``remove_*`` put a plain ``weight`` parameter back.
"""
from __future__ import annotations

import warnings

from ...autograd.grad_mode import no_grad
from ...ops.linalg import mv
from ...tensor import Tensor
from ..parameter import Parameter


def norm_except_dim(v: Tensor, pow=2, dim=0) -> Tensor:
    """The ``pow``-norm of ``v`` over every dim but ``dim`` (kept, size 1); over all of it (0-d) for dim=-1,
    as torch's (``dim=-1`` means the whole tensor here, not the last dim)."""
    if dim == -1:
        return v.norm(pow)
    others = tuple(d for d in range(v.ndim) if d != dim)
    return v.norm(pow, dim=others, keepdim=True) if others else v.abs()      # a 1-D v: each entry is its own norm


def _weight_norm(v: Tensor, g: Tensor, dim=0) -> Tensor:
    """v · g / ‖v‖ (the norm as ``norm_except_dim``)."""
    return v * (g / norm_except_dim(v, 2, dim))


def _find_hook(module, kind, name):
    for key, hook in module._forward_pre_hooks.items():
        if isinstance(hook, kind) and hook.name == name:
            return key, hook
    return None, None


class WeightNorm:
    """The forward pre-hook: ``module.<name> = g · v / ‖v‖``."""

    def __init__(self, name, dim):
        self.name, self.dim = name, -1 if dim is None else dim

    def compute_weight(self, module):
        return _weight_norm(getattr(module, self.name + "_v"), getattr(module, self.name + "_g"), self.dim)

    def __call__(self, module, inputs):
        setattr(module, self.name, self.compute_weight(module))


def weight_norm(module, name="weight", dim=0):
    """Reparametrise ``module.<name>`` as g · v/‖v‖ (Salimans & Kingma 2016): parameters ``<name>_g`` (the
    norms, shape of ``norm_except_dim``) and ``<name>_v`` (the direction) replace it; ``dim=None``: one norm
    for the whole tensor. Deprecated in torch in favour of ``nn.utils.parametrizations.weight_norm``."""
    warnings.warn("`torch.nn.utils.weight_norm` is deprecated in favor of "
                  "`torch.nn.utils.parametrizations.weight_norm`.", FutureWarning, stacklevel=2)
    if _find_hook(module, WeightNorm, name)[1] is not None:
        raise RuntimeError(f"Cannot register two weight_norm hooks on the same parameter {name}")
    weight = module._parameters.get(name)
    if weight is None:
        raise AttributeError(f"weight_norm(): {type(module).__name__} has no parameter {name!r}")
    fn = WeightNorm(name, dim)
    if not -weight.ndim <= fn.dim < weight.ndim:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-weight.ndim}, {weight.ndim - 1}], "
                         f"but got {dim}) (weight_norm(): {name} has shape {tuple(weight.shape)}; dim=None for one "
                         "norm over the whole tensor)")
    del module._parameters[name]
    module.register_parameter(name + "_g", Parameter(norm_except_dim(weight, 2, fn.dim).detach()))
    module.register_parameter(name + "_v", Parameter(weight.detach()))
    setattr(module, name, fn.compute_weight(module))
    module.register_forward_pre_hook(fn)
    return module


def remove_weight_norm(module, name="weight"):
    """Undo ``weight_norm``: a plain parameter ``<name>`` with the current value."""
    return _put_back(module, WeightNorm, "weight_norm", name, [name + "_g", name + "_v"], [])


def _put_back(module, kind, what, name, params, buffers):
    """Remove the ``kind`` hook on ``name`` and the tensors it used; ``<name>`` becomes a plain parameter again."""
    key, fn = _find_hook(module, kind, name)
    if fn is None:
        raise ValueError(f"{what} of '{name}' not found in {module}")
    with no_grad():
        weight = fn.compute_weight(module, False) if kind is SpectralNorm else fn.compute_weight(module)
    object.__delattr__(module, name)
    for b in buffers:
        del module._buffers[b]
    for p in params:
        del module._parameters[p]
    module.register_parameter(name, Parameter(weight.detach()))
    del module._forward_pre_hooks[key]
    return module


def _as_matrix(weight, dim):
    """``weight`` as a matrix with ``dim`` as its rows."""
    if dim != 0:
        weight = weight.permute(dim, *[d for d in range(weight.ndim) if d != dim])
    return weight.reshape(weight.shape[0], -1)


def _unit(x, eps):
    return x / x.norm().clamp(min=eps)


class SpectralNorm:
    """The forward pre-hook: ``module.<name> = <name>_orig / σ``, σ = uᵀ W v after the power steps."""

    def __init__(self, name, n_power_iterations, dim, eps):
        if n_power_iterations <= 0:
            raise ValueError("Expected n_power_iterations to be positive, but got "
                             f"n_power_iterations={n_power_iterations}")
        self.name, self.n_power_iterations, self.dim, self.eps = name, n_power_iterations, dim, eps

    def compute_weight(self, module, do_power_iteration):
        weight = getattr(module, self.name + "_orig")
        u, v = getattr(module, self.name + "_u"), getattr(module, self.name + "_v")
        mat = _as_matrix(weight, self.dim)
        if do_power_iteration:
            with no_grad():
                for _ in range(self.n_power_iterations):    # the buffers are updated in place (as torch's)
                    v.copy_(_unit(mv(mat.t(), u), self.eps))
                    u.copy_(_unit(mv(mat, v), self.eps))
            u, v = u.clone(), v.clone()
        return weight / u.dot(mv(mat, v))

    def __call__(self, module, inputs):
        setattr(module, self.name, self.compute_weight(module, module.training))


def spectral_norm(module, name="weight", n_power_iterations=1, eps=1e-12, dim=None):
    """Divide ``module.<name>`` by its spectral norm (Miyato et al. 2018), estimated by power iteration
    (one step per training forward). ``dim``: the dim taken as the matrix rows (1 for ConvTranspose, else 0)."""
    if _find_hook(module, SpectralNorm, name)[1] is not None:
        raise RuntimeError(f"Cannot register two spectral_norm hooks on the same parameter {name}")
    if dim is None:
        dim = 1 if type(module).__name__.startswith("ConvTranspose") else 0
    weight = module._parameters.get(name)
    if weight is None:
        raise KeyError(f"spectral_norm(): {type(module).__name__} has no parameter {name!r}")
    fn = SpectralNorm(name, n_power_iterations, dim, eps)
    with no_grad():
        h, w = _as_matrix(weight, dim).shape
        u = _unit(weight.new_empty(h).normal_(0, 1), eps)
        v = _unit(weight.new_empty(w).normal_(0, 1), eps)
    del module._parameters[name]
    module.register_parameter(name + "_orig", weight)
    object.__setattr__(module, name, weight.detach())
    module.register_buffer(name + "_u", u)
    module.register_buffer(name + "_v", v)
    module.register_forward_pre_hook(fn)
    return module


def remove_spectral_norm(module, name="weight"):
    """Undo ``spectral_norm``: a plain parameter ``<name>`` with the current (normalised) value."""
    return _put_back(module, SpectralNorm, "spectral_norm", name, [name + "_orig"], [name + "_u", name + "_v"])
