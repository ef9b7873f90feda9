"""A user autograd.Function's apply with keyword arguments and defaults, against torch.

With a setup_context staticmethod (forward without ctx), torch binds apply's arguments to forward's
signature and fills in the defaults: setup_context's ``inputs`` is that full positional tuple, and
backward returns one gradient per entry. The older style (ctx first in forward) passes keyword
arguments on to forward."""
from __future__ import annotations

import numpy as np
import pytest
import torch

import minigrad


def _functions(lib):
    class Old(lib.autograd.Function):
        @staticmethod
        def forward(ctx, x, alpha=2.0):
            ctx.alpha = alpha
            return x * alpha

        @staticmethod
        def backward(ctx, g):
            return g * ctx.alpha, None

    class New(lib.autograd.Function):
        @staticmethod
        def forward(x, alpha=2.0, y=None, beta=1.0):
            out = x * alpha + beta
            return out if y is None else out * y

        @staticmethod
        def setup_context(ctx, inputs, output):
            x, alpha, y, beta = inputs          # (four entries whatever the call: the defaults filled in)
            ctx.alpha = alpha
            ctx.save_for_backward(x, y)

        @staticmethod
        def backward(ctx, g):
            x, y = ctx.saved_tensors
            if y is None:
                return g * ctx.alpha, None, None, None
            return g * ctx.alpha * y, None, g * (x * ctx.alpha + 1.0), None

    return Old, New


CALLS = ["Old.apply(x)", "Old.apply(x, 3.0)", "Old.apply(x, alpha=3.0)",
         "New.apply(x)", "New.apply(x, 3.0)", "New.apply(x, alpha=3.0)", "New.apply(x, beta=5.0)",
         "New.apply(x, 3.0, beta=5.0)", "New.apply(x, y=y)", "New.apply(x, 0.5, y=y, beta=1.0)",
         "New.apply(x, y=y, alpha=1.5)"]


@pytest.mark.parametrize("call", CALLS)
def test_apply_binds_keywords_and_defaults_as_torch(call):
    rng = np.random.default_rng(0)
    xs, ys, gs = rng.standard_normal((3, 4)), rng.standard_normal((3, 4)), rng.standard_normal((3, 4))
    results = []
    for lib in (torch, minigrad):
        Old, New = _functions(lib)
        x = lib.tensor(xs, requires_grad=True)
        y = lib.tensor(ys, requires_grad=True)
        out = eval(call, {"Old": Old, "New": New, "x": x, "y": y})
        out.backward(lib.tensor(gs))
        results.append((out.detach().numpy(), x.grad.numpy(),
                        None if y.grad is None else y.grad.numpy()))
    (o_t, gx_t, gy_t), (o_m, gx_m, gy_m) = results
    np.testing.assert_allclose(o_m, o_t, rtol=1e-12)
    np.testing.assert_allclose(gx_m, gx_t, rtol=1e-12)
    assert (gy_m is None) == (gy_t is None)
    if gy_t is not None:                # y passed by keyword is an input: its gradient arrives
        np.testing.assert_allclose(gy_m, gy_t, rtol=1e-12)


def test_unknown_keyword_is_a_type_error_naming_it():
    for lib in (torch, minigrad):
        _, New = _functions(lib)
        with pytest.raises(TypeError, match="gamma"):
            New.apply(lib.ones(2, requires_grad=True), gamma=1.0)


def test_keyword_only_argument_is_refused_not_dropped():
    """torch's apply hands forward the positional part of the binding only, so a keyword-only
    argument's value would be lost; minigrad says so instead of computing with the default."""
    class KwOnly(minigrad.autograd.Function):
        @staticmethod
        def forward(x, *, scale=1.0):
            return x * scale

        @staticmethod
        def setup_context(ctx, inputs, output):
            pass

        @staticmethod
        def backward(ctx, g):
            return g

    x = minigrad.ones(2, requires_grad=True)
    assert KwOnly.apply(x).tolist() == [1.0, 1.0]
    with pytest.raises(TypeError, match="scale"):
        KwOnly.apply(x, scale=3.0)
