"""Correct submissions written in other styles than the corpus (minigrad's softmax and logsumexp, loops over
rows, conv with tensor ops and F.pad, optimizer state kept outside self.state) get full marks: nothing the
judge/runner design refuses is something a correct submission needs."""
from __future__ import annotations

import os

import pytest

from minigrad.grading import grade

STYLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "grading", "styles")


@pytest.mark.parametrize("assignment,name", [("cross-entropy", "ce_softmax_builtin.py"),
                                             ("cross-entropy", "ce_numpy_loops.py"),
                                             ("conv2d", "conv_loops_tensor_ops.py"),
                                             ("conv2d", "conv_unfold_einsum.py"),    # Tensor.unfold: not forbidden
                                             ("sgd", "sgd_state_elsewhere.py")])
def test_correct_styles_get_full_marks(assignment, name):
    r = grade(assignment, os.path.join(STYLES, name))
    assert r.score == r.max_score == 100, r.to_text()
    assert not [t for t in r.tests if t.name.startswith("Own work")]
