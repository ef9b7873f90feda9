"""Autograd corners compared with torch (round ten): views made under no_grad/inference_mode of a tensor that
requires grad, writes whose source shares the written tensor's memory (index_add_, cat(out=)...), user
Functions inside torch.func transforms, inference clones' versions, higher-order gradients, autograd.grad's
options, hooks and in-place checks. Each case runs the same code on torch and on minigrad (``same`` from
test_autograd9) and compares the value, every input's gradient, or the error's class and message."""
import pytest
import torch

import minigrad
from helpers import TORCH_VERSION
from test_autograd9 import _outcome, same


# ------------------------------------------------------------------------------------------------
# a view made under no_grad / inference_mode of a tensor that requires grad
# ------------------------------------------------------------------------------------------------
NOGRAD_VIEW = "x = lib.ones(3, 4, requires_grad=True)\nwith lib.no_grad():\n    v = x[0]\n    w = x.view(12)[:3]\n"
INF_VIEW = "x = lib.ones(3, 4, requires_grad=True)\nwith lib.inference_mode():\n    v = x.view(12)\n"

NOGRAD_VIEW_CASES = [
    NOGRAD_VIEW + "out = [v.requires_grad, v.is_leaf, v.grad_fn is None, w.requires_grad]",
    NOGRAD_VIEW + "out = [x.detach()[0].requires_grad, v.detach().requires_grad]",
    NOGRAD_VIEW + "v.requires_grad_(False)\nout = v.requires_grad",             # still its base's flag
    NOGRAD_VIEW + "out = repr(v).endswith('requires_grad=True)')",
    NOGRAD_VIEW + "v.numpy()",                                                  # refused: it requires grad
    NOGRAD_VIEW + "import copy\nout = copy.deepcopy(v).requires_grad",
    NOGRAD_VIEW + "out = v.retain_grad()",
    NOGRAD_VIEW + "h = v.register_hook(lambda g: g)\nout = 1",
    NOGRAD_VIEW + "v.mul_(2)",                                                  # refused: ambiguous
    NOGRAD_VIEW + "v.detach_()",                                                # refused: a view
    NOGRAD_VIEW + "with lib.no_grad():\n    v.mul_(2)\nout = x",                # both inside: allowed
    "x = lib.ones(3, requires_grad=True) * 1\nwith lib.no_grad():\n    v = x[:2]\nout = [v.requires_grad, v.is_leaf]",
    INF_VIEW + "out = [v.requires_grad, v.is_leaf, v.is_inference()]",
    INF_VIEW + "v.mul_(2)",
    INF_VIEW + "with lib.inference_mode():\n    v.mul_(2)\nout = x",
]


@pytest.mark.parametrize("code", NOGRAD_VIEW_CASES)
def test_views_made_under_no_grad_as_torch(code):
    same(code, prefix=0)                    # (the class; minigrad's refusals name the op and the fix:)
    kind, exc = _outcome(minigrad, code)
    if kind == "error":
        assert "Use tensor.detach()" in str(exc) or ("clone()" in str(exc) or "detach()" in str(exc)), exc


def test_an_inference_mode_view_names_inference_mode():
    x = minigrad.ones(3, requires_grad=True)
    with minigrad.inference_mode():
        v = x[:2]
    with pytest.raises(RuntimeError, match=r"mul_: A view was created in inference mode .*clone\(\)"):
        v.mul_(2)


# ------------------------------------------------------------------------------------------------
# writes whose source shares the written tensor's memory (torch's assert_no_overlap)
# ------------------------------------------------------------------------------------------------
B = "b = lib.arange(5.)\ni = lib.tensor([4, 3, 2, 1, 0])\n"
OVERLAP_CASES = [
    B + "b.index_add_(0, i, b)",
    B + "b.view(1, 5).index_add_(1, i, b.view(1, 5))",
    B + "b.index_copy_(0, i, b)",
    B + "b.put_(i, b)",
    B + "b.index_put_((i,), b)",
    B + "b.index_put_((i,), b, accumulate=True)",
    B + "b[i] = b",
    B + "b[b > -1] = b",
    B + "b.scatter_(0, i, b)",
    B + "b.scatter_add_(0, i, b)",
    B + "b.scatter_reduce_(0, i, b, 'sum')",
    B + "b.index_reduce_(0, i, b, 'prod')",
    B + "lib.cat([b], out=b)",
    B + "lib.cat([b[:2], b[:3]], out=b)",
    B + "lib.stack([b], out=b.view(1, 5))",
    B + "b.lerp_(lib.ones(5), b[1])",                    # a 0-d weight inside self
    "b = lib.arange(6.)\nb[:4].lerp_(lib.ones(4), b[2:])",
    # allowed, as torch: disjoint memory, a copy, a 0-d value for index_fill_, an out that is a fresh tensor
    B + "c = lib.zeros(6)\nlib.cat([b[:3]], out=c[3:])\nout = c",
    B + "lib.cat([b[:2]], out=b[2:4])\nout = b",
    B + "b.index_add_(0, i, b.clone())\nout = b",
    B + "b.index_fill_(0, i[:2], b[0])\nout = b",
    B + "b[i] = b.flip(0).clone()\nout = b",
    B + "b.lerp_(lib.ones(5), 0.5)\nout = b",
]


@pytest.mark.parametrize("reference", [False, True], ids=["normal", "reference"])
@pytest.mark.parametrize("code", OVERLAP_CASES)
def test_writes_from_the_written_memory_as_torch(code, reference):
    with minigrad.reference_mode(reference):
        m = same(code)
    kind, exc = _outcome(minigrad, code)
    if kind == "error":                     # minigrad's message names the op and the fix
        name = str(exc).split(":")[0].replace("(out=...)", "")
        assert "clone()" in str(exc) and (name in code or name == "setitem" and "] = " in code), exc


# ------------------------------------------------------------------------------------------------
# user Functions inside torch.func transforms
# ------------------------------------------------------------------------------------------------
FUNCS = """
class OldStyle(lib.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x.pow(2)
    @staticmethod
    def backward(ctx, g):
        return g * 2 * ctx.saved_tensors[0]
class NewStyle(lib.autograd.Function):
    @staticmethod
    def forward(x):
        return x * x
    @staticmethod
    def setup_context(ctx, inputs, output):
        ctx.save_for_backward(inputs[0])
    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return 2 * x * g
class WithRule(NewStyle):
    generate_vmap_rule = True
y = lib.tensor([1., 2.])
import importlib
F = importlib.import_module(lib.__name__ + '.func')
"""
FUNC_CASES = [
    FUNCS + "out = F.grad(lambda x: OldStyle.apply(x).sum())(y)",
    FUNCS + "out = F.vjp(OldStyle.apply, y)[1](lib.ones(2))",
    FUNCS + "out = F.jvp(OldStyle.apply, (y,), (lib.ones(2),))",
    FUNCS + "out = F.jacrev(OldStyle.apply)(y)",
    FUNCS + "out = F.vmap(OldStyle.apply)(y)",
    FUNCS + "out = F.grad(lambda x: NewStyle.apply(x).sum())(y)",
    FUNCS + "out = F.jacrev(NewStyle.apply)(y)",
    FUNCS + "out = F.vmap(NewStyle.apply)(y)",
    FUNCS + "out = F.vmap(WithRule.apply)(y)",
    FUNCS + "out = F.jvp(NewStyle.apply, (y,), (lib.ones(2),))",
    FUNCS + "out = F.jacfwd(NewStyle.apply)(y)",
    FUNCS + "out = F.hessian(lambda x: NewStyle.apply(x).sum())(y)",
    # outside the transforms the old style runs, as torch
    FUNCS + "z = y.clone().requires_grad_()\nout = lib.autograd.grad(OldStyle.apply(z).sum(), z)",
    FUNCS + "out = lib.autograd.functional.jacobian(OldStyle.apply, y)",
    FUNCS + "try:\n    F.grad(lambda x: OldStyle.apply(x).sum())(y)\nexcept RuntimeError:\n    pass\n"
            "z = y.clone().requires_grad_()\nout = lib.autograd.grad(OldStyle.apply(z).sum(), z)",
]


@pytest.mark.parametrize("code", FUNC_CASES)
def test_user_functions_in_func_transforms_as_torch(code):
    same(code, prefix=60)


# ------------------------------------------------------------------------------------------------
# inference tensors copied outside inference mode
# ------------------------------------------------------------------------------------------------
INF = "with lib.inference_mode():\n    c = lib.ones(3)\n"
INF_COPY_CASES = [
    INF + "d = c.clone()\nout = [d._version, d.is_inference()]",
    INF + "d = c.clone()\nd.add_(1)\nout = d._version",
    INF + "out = [c.double()._version, (c + 1)._version, (c * c)._version, lib.zeros_like(c)._version]",
    INF + "out = c.clone().requires_grad_()._version",
    "out = [lib.ones(3).clone()._version, lib.ones(3).double()._version]",
    INF + "with lib.inference_mode():\n    d = c.clone()\nd._version",
]


@pytest.mark.parametrize("code", INF_COPY_CASES)
def test_inference_copies_versions_as_torch(code):
    same(code)
