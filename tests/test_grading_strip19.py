"""The stripped copy of minigrad a runner imports (grading/strip.py) keeps the hooks that file a node renamed to
torch's name (``x[0]`` -> SelectBackward0, ``a @ b`` -> MmBackward0) as no-ops: an honest submission whose forward
computes with recorded tensor ops gets full marks (before, the stripped hook raised "not allowed" at the first
renamed node: 35/40)."""
from __future__ import annotations

import os

import pytest

from minigrad.grading.grader import grade

HERE = os.path.dirname(os.path.abspath(__file__))


@pytest.mark.parametrize("name", ["ao_forward_records_graph.py"])
def test_forward_that_records_a_graph_of_renamed_nodes_gets_full_marks(name):
    r = grade("autograd-ops", os.path.join(HERE, "grading_corpus19b", name), tasks=["Add", "Mul", "MatMul", "ReLU"])
    assert r.score == r.max_score == 40, r.to_text()


def test_the_stripped_gradients_module_keeps_its_filing_hooks_as_no_ops():
    from minigrad.grading import strip
    assert ("minigrad.fast.gradients", "_file_renamed") in strip._NOOP
    assert ("minigrad.fast.gradients", "bind") in strip._NOOP
