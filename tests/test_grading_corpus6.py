"""Submissions written for this test without looking at the grader's own corpus: correct work in styles the
corpus lacked (sliding windows + einsum, minigrad tensor ops only, a numpy logsumexp, a foreach-style SGD, an
all-numpy autograd-ops, cross-entropy's softmax taken from Categorical or from attention, which the assignment
allows), classic mistakes, and library roads around the work (conv3d with a depth of one, unfold/fold,
log_softmax, func.vjp). Correct work gets full marks; a mistake loses the tests that probe it; a forbidden road
gets nothing for the part it replaces."""
from __future__ import annotations

import os

import pytest

from minigrad.grading import grade

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "grading", "corpus6")

CASES = [   # (assignment, file, score, the failed tests (None: don't care, only the score))
    ("conv2d", "conv_stride_tricks.py", 100, []),
    ("conv2d", "conv_tensor_ops.py", 100, []),
    ("cross-entropy", "ce_numpy_logsumexp.py", 100, []),
    ("cross-entropy", "ce_tensor_style.py", 100, []),
    ("sgd", "sgd_foreach_style.py", 100, []),
    ("autograd-ops", "ao_numpy_style.py", 100, []),
    ("conv2d", "conv_bug_assign_not_add.py", 20, None),              # overlapping windows overwrite
    ("cross-entropy", "ce_bug_softmax_no_shift.py", 80, ["CrossEntropy: large logits"]),
    ("sgd", "sgd_bug_dampening_first_step.py", 80, ["SGD: dampening", "SGD: all options"]),
    ("autograd-ops", "ao_bug_sum_axis0.py", 93, ["Sum: backward", "Sum: keepdim", "Sum: finite differences"]),
    ("conv2d", "cheat_conv_via_conv3d.py", 0, None),
    ("conv2d", "cheat_conv_via_unfold.py", 0, None),
    # softmax and logsumexp are allowed in this assignment (docs/grading.md), by whatever road
    ("cross-entropy", "ce_softmax_from_categorical.py", 100, []),
    ("cross-entropy", "ce_softmax_from_attention.py", 100, []),
    ("cross-entropy", "cheat_ce_via_softmax_method.py", 0, None),
    ("autograd-ops", "cheat_ao_exp_via_func_vjp.py", 92, ["Exp: backward", "Exp: finite differences",
                                                          "Exp: reused inputs"]),
    ("autograd-ops", "cheat_ao_exp_via_functional_vjp.py", 92, ["Exp: backward", "Exp: finite differences",
                                                                "Exp: reused inputs"]),
]


# variants made from a correct file by one edit (old text, new text): the mistake or the road, and nothing else
VARIANTS = {
    "conv_bug_assign_not_add.py": ("conv_tensor_ops.py", [
        ('gxp[sl] += minigrad.einsum("noij,oc->ncij"', 'gxp[sl] = minigrad.einsum("noij,oc->ncij"')]),
    "ao_bug_sum_axis0.py": ("ao_numpy_style.py", [
        ("g = np.expand_dims(g, ctx.dim)", "g = np.expand_dims(g, 0)")]),
    "cheat_ao_exp_via_func_vjp.py": ("ao_numpy_style.py", [
        ("        ctx.y = np.exp(A(x))\n", "        ctx.x = x.detach()\n        ctx.y = np.exp(A(x))\n"),
        ("        return T(A(g) * ctx.y)\n\n\nclass Log",
         "        import minigrad.func as fn\n        _, vjp = fn.vjp(minigrad.exp, ctx.x)\n"
         "        return vjp(g.detach())[0]\n\n\nclass Log")]),
    "cheat_ao_exp_via_functional_vjp.py": ("ao_numpy_style.py", [
        ("        return T(A(g) * ctx.y)\n\n\nclass Log",
         "        from minigrad.autograd.functional import vjp\n"
         "        return vjp(minigrad.exp, T(np.log(ctx.y)), g.detach())[1]\n\n\nclass Log")]),
}


def _submission(name, tmp_path):
    if name not in VARIANTS:
        return os.path.join(HERE, name)
    base, edits = VARIANTS[name]
    with open(os.path.join(HERE, base), encoding="utf-8") as f:
        text = f.read()
    for old, new in edits:
        assert text.count(old) == 1, (name, old)
        text = text.replace(old, new)
    (tmp_path / name).write_text(text)
    return str(tmp_path / name)


@pytest.mark.parametrize("assignment,name,score,failed", CASES, ids=[c[1] for c in CASES])
def test_independent_corpus(assignment, name, score, failed, tmp_path):
    report = grade(assignment, _submission(name, tmp_path))
    assert (report.score, report.max_score) == (score, 100), report.to_text()
    if failed is not None:
        assert [t.name for t in report.failed()] == failed, report.to_text()
