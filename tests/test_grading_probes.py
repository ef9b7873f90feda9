"""The probes added with the judge/runner redesign, each with a buggy submission it must catch (and name):
kinks, dtype strictness, float32 accumulators, optimizer state per parameter, schedules, parameters without
gradients, degenerate answers, a batch of one, and hints that appear only when they match the failure."""
from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import pytest

from minigrad.grading import grade

SUBS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "grading", "submissions")

# (assignment, file, task or None, failed tests, words in the first failure, words no failure may contain)
PROBES = [
    ("autograd-ops", "probe_relu_kink.py", "ReLU", {"ReLU: at the kink"}, ["exactly 0", "(x > 0)"], []),
    ("autograd-ops", "probe_sum_float32_grad.py", "Sum",
     {"Sum: backward", "Sum: keepdim", "Sum: finite differences", "Sum: reused inputs"},
     ["is float32 while the inputs are float64"], []),
    ("conv2d", "probe_float32_accumulator.py", None,
     {"Conv2d: forward", "Conv2d: padding", "Conv2d: stride > 1", "Conv2d: stride with remainder", "Conv2d: 1x1 kernel",
      "Conv2d: channels and shapes", "Conv2d: bias None", "Conv2d: finite differences"},
     ["float32's precision"], ["H_out", "pad x"]),
    ("sgd", "probe_sgd_state_by_shape.py", None, {"SGD: same-shape parameters"}, ["parameter 1", "per parameter"], []),
    ("sgd", "probe_sgd_lr_at_init.py", None, {"SGD: learning-rate schedule"}, ["lr=0.03", "scheduler"], []),
    ("sgd", "probe_sgd_decay_without_grad.py", None, {"SGD: missing gradients"},
     ["changed although its .grad is None", "not even by weight decay"], ["1/N"]),
    ("sgd", "probe_sgd_noop.py", None,
     {"SGD: plain steps", "SGD: momentum", "SGD: dampening", "SGD: nesterov", "SGD: weight decay", "SGD: all options",
      "SGD: p.grad unchanged", "SGD: parameter groups", "SGD: missing gradients", "SGD: same-shape parameters",
      "SGD: learning-rate schedule"}, ["after step 1"], []),
    ("conv2d", "probe_conv_crop.py", None,
     {"Conv2d: padding", "Conv2d: stride > 1", "Conv2d: stride with remainder", "Conv2d: finite differences",
      "Conv2d: reused inputs"}, ["(2, 3, 7, 7) but the input has shape (2, 3, 6, 6)", "cropped from every side"],
     ["bias", "C_in", "channel", "H_out"]),
    ("cross-entropy", "probe_ce_batch_of_one.py", None, {"CrossEntropy: backward", "CrossEntropy: batch and class sizes"},
     ["logits (1, 4)"], []),
]


@pytest.fixture(scope="module")
def reports():
    with ThreadPoolExecutor(max_workers=2) as pool:
        done = list(pool.map(lambda p: grade(p[0], os.path.join(SUBS, p[1]), tasks=[p[2]] if p[2] else None), PROBES))
    return {p[1]: r for p, r in zip(PROBES, done)}


@pytest.mark.parametrize("assignment,name,task,fails,words,never", PROBES, ids=[p[1] for p in PROBES])
def test_probe_catches_and_names_the_bug(reports, assignment, name, task, fails, words, never):
    r = reports[name]
    assert {t.name for t in r.failed()} == fails, r.to_text()
    first = r.failed()[0].output
    for w in words:
        assert w in first, first
    for t in r.failed():
        hint = t.output.partition("Hint:")[2]          # the advice, not the description of the inputs
        for w in never:
            assert w not in (hint if w != "Hint" else t.output), t.output


def test_degenerate_answers_do_not_score_on_finite_differences_or_unchanged_tests(reports):
    r = grade("autograd-ops", os.path.join(os.path.dirname(SUBS), "adversarial", "adv_nan_zero.py"),
              tasks=["Mul", "Exp", "ReLU"])
    for t in ("Mul", "Exp", "ReLU"):
        fd = r.test(f"{t}: finite differences")
        assert not fd.passed and "zero everywhere" in fd.output, fd.output
    noop = reports["probe_sgd_noop.py"].test("SGD: p.grad unchanged")
    assert not noop.passed and "does nothing" in noop.output
