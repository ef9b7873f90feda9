"""The red-team pass 10 (tests/grading/redteam10/): holes found by attacking the grader as a dishonest student and by
grading correct work in unusual styles, each with the score before the fix.

- A correct ``Function`` in torch 2's ``setup_context`` style got 93/100 on autograd-ops: the grader's direct call of
  forward/setup_context passed ``Sum``'s ``dim``/``keepdim`` as keywords, so ``inputs`` held ``(x,)`` where torch
  (which binds forward's arguments with their defaults) gives ``(x, 1, False)``."""
from __future__ import annotations

import os

from minigrad.grading import grade

HERE = os.path.dirname(os.path.abspath(__file__))
RT = os.path.join(HERE, "grading", "redteam10")


def _failed(report):
    return {t.name for t in report.failed()}


def test_setup_context_style_sees_every_argument_as_torch_gives_it():
    """torch binds forward's arguments by position with defaults before setup_context (checked against torch below
    when it is installed); the grader's direct forward/backward call does too now (93 before)."""
    report = grade("autograd-ops", os.path.join(RT, "ao_setup_context_defaults.py"), tasks=["Sum"])
    assert report.score == report.max_score, report.to_text()


def test_torch_binds_setup_context_inputs_with_defaults():
    """The rule the grader follows, as torch has it."""
    import pytest
    torch = pytest.importorskip("torch")
    seen = []

    class Sum(torch.autograd.Function):
        @staticmethod
        def forward(x, dim=None, keepdim=False):
            return x.sum() if dim is None else x.sum(dim, keepdim=keepdim)

        @staticmethod
        def setup_context(ctx, inputs, output):
            seen.append(inputs[1:])

        @staticmethod
        def backward(ctx, g):
            return None, None, None

    x = torch.randn(3, 4, requires_grad=True)
    Sum.apply(x, dim=1)
    Sum.apply(x)
    assert seen == [(1, False), (None, False)]
