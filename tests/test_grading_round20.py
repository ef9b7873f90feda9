"""Round 20: the grader's leftovers from round 19, holes a dishonest student's answers found in the judge, and a new
corpus (tests/grading_corpus20), each with the behaviour before the fix.

Leftovers:
- A student's own engine: its mistakes (a node's uses not summed, nodes out of reverse topological order, gradients
  not reset between backward calls) were named only in the reused-inputs message, and there for every submission; the
  judge now reads a graph walk in the source (static.GRAPH_EDGES) and names the three in every wrong gradient's
  message, for those submissions only.
- A student's folder of sgd.py and an unrelated plot.py (no import either way) was two students unless --single; a
  full file named after the assignment or a task is one student's, its neighbours that student's own modules.

Holes:
- An exception whose message is a str subclass with a __getitem__ of its own passes the runner's 2000-character cut
  whole; with a 5000-digit "shape" in NumPy's broadcast message, the judge's reading of it raised ValueError ("the
  grader could not read your code's answer ... tell your instructor").
- grade_many raised ValueError (os.path.commonpath) for a relative path beside an absolute one.
- The runner's engine sums a user Function's broadcast gradient unless a module global says not to: a submission set
  minigrad.autograd.function.SUM_BROADCAST_GRADIENTS back to True and its missing un-broadcast passed the reused-inputs
  tests (+1 per binary op, no note). The sum is now stripped from the runner's copy ("not allowed"), and an assignment
  to minigrad's own attributes is a note.
- Of two files in one submission that define a task, the first in the alphabet was graded: a stray copy of a
  classmate's correct bob.py beside the student's own sgd.py scored 100 (with a note). The file named after the task or
  the assignment now comes first.

Corpus 20: correct work in new styles (an engine of Node objects with closures and a recursive topological sort; ops as
coroutines; rules turned into classes by __init_subclass__; saved outputs and a passed-through grad_output; scalar math
lifted by np.vectorize; sigmoid and tanh in the log domain; conv2d as a 0/1 selection matrix, as a 1-D correlation of
the flattened image and with row and column shift operators; an online log-sum-exp; base-2 log-softmax; a log-sum-exp
from np.logaddexp.accumulate; SGD as a transform chain, as generators, with slot objects, on NumPy buffers) scores
100, classic mistakes lose the tests that probe them with the cause named. Graded here: the ones the fixes touch
(autograd-ops on one or two tasks); MINIGRAD_GRADE_FULL_CORPUS=1 grades every file on every task (about 3 minutes).
"""
from __future__ import annotations

import ast
import os
import shutil

import numpy as np
import pytest

from corpus_helpers import check_complete, write_variant
from minigrad.grading.assignments import load_assignment
from minigrad.grading.batch import classify_folder, grade_many
from minigrad.grading.checks import compare, student_message
from minigrad.grading.function_checks import _diagnosed
from minigrad.grading.grader import grade, shared_folder
from minigrad.grading import strip
from minigrad.grading.static import analyze, graded_bodies

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "grading_corpus20")
FULL = os.environ.get("MINIGRAD_GRADE_FULL_CORPUS") == "1"

ENGINE = ["walks a graph of its own", "a node used more than once the sum of the gradients from all its uses",
          "visit a node only after all its users (reverse topological order)",
          "start each backward from zero gradients"]

# file: (score, failed tests (None: any), words the failed tests' messages must contain), graded on every task
CASES = {
    "autograd-ops": {
        "ao_value_engine_recursive.py": (100, [], []),
        "ao_coroutine_vjp.py": (100, [], []),
        "ao_init_subclass_rules.py": (100, [], []),
        "ao_saved_outputs_passthrough.py": (100, [], []),
        "ao_scalar_vectorize.py": (100, [], []),
        "ao_log_domain.py": (100, [], []),
        # the engine's mistakes, now named in the backward tests (before: "is wrong" / "it is zero everywhere" only)
        "ao_bug_engine_not_reversed.py": (76, None, ["it is zero everywhere"] + ENGINE),
        "ao_bug_engine_overwrites.py": (84, None, ENGINE),
        "ao_bug_engine_no_zeroing.py": (85, None, ["a second backward through the same graph"] + ENGINE),
        "ao_bug_log_grad_uses_output.py": (92, None, ["the derivative of log(x) is 1 / x"]),
        "ao_bug_relu_kink.py": (99, ["ReLU: at the kink"], ["(a mask x > 0, not x >= 0)"]),
        "ao_bug_tanh_grad_uses_input.py": (92, None, ["the derivative is 1 - tanh(x)**2, of the output, not of x"]),
        "ao_bug_mul_grads_swapped.py": (92, None, ["the gradients are returned in the wrong order"]),
        "ao_bug_sum_negative_dim.py": (97, ["Sum: keepdim"], ["cannot reshape array"]),
        "ao_bug_unbroadcast_drops_dims.py": (88, None, ["same number of elements, wrong layout"]),
        # no graph walk in the source: no word of one (before: every reused-inputs failure spoke of it)
        "ao_bug_div_grad_b_half.py": (92, None, ["the derivative of a / b with respect to b is -a / b**2"]),
        "ao_bug_matmul_grad_b_transposed.py": (92, None, ["transpose"]),
        "ao_bug_exp_in_place.py": (90, None, ["modified input 0 (x) in place"]),
        "ao_bug_add_no_unbroadcast.py": (95, None, ["sum over the broadcast dimensions"]),
        # attack: the same mistake, with the runner's engine switched back to summing a broadcast gradient (a module
        # global). Before: 96 (its reused-inputs test passed), 6/10 on Add
        "att_engine_flag.py": (95, None, ["sum over the broadcast dimensions", "_summed_to is not allowed",
                                          "an assignment to minigrad's own"]),
    },
    "conv2d": {
        "conv_selection_matrix.py": (100, [], []),
        "conv_flat_correlate.py": (100, [], []),
        "conv_shift_operators.py": (100, [], []),
        "conv_bug_grad_w_first_sample.py": (20, None, ["the weight gradient of one sample of the batch"]),
        # before: "it is a constant multiple of the expected value (a wrong scale: ... such as 1/N, or a sign?)"
        "conv_bug_bias_grad_mean.py": (20, None, ["averaged over the batch and the output positions"]),
        "conv_bug_true_convolution.py": (30, None, ["the kernel is flipped"]),
    },
    "cross-entropy": {
        "ce_online_logsumexp.py": (100, [], []),
        "ce_base2_masked.py": (100, [], []),
        "ce_accumulate_mask_sum.py": (100, [], []),
        "ce_bug_fancy_index_square.py": (40, None, ["logits[:, target] takes whole columns"]),
        "ce_bug_online_no_rescale.py": (0, None, ["its rows do not sum to 0"]),
        # before: the backward's "0.2 times the expected value everywhere (a wrong scale ...?)" alone
        "ce_bug_mean_over_entries.py": (0, None, ["divided by N*C (a mean over every entry)"]),
    },
    "sgd": {
        "sgd_slot_objects.py": (100, [], []),
        "sgd_transform_chain.py": (100, [], []),
        "sgd_flat_buffers_numpy.py": (100, [], []),
        "sgd_coroutine_buffers.py": (100, [], []),
        "sgd_bug_nesterov_old_buffer.py": (90, ["SGD: nesterov"], ["the buffer before this step's update"]),
        "sgd_bug_slot_on_parameter.py": (95, ["SGD: same-shape parameters"], ["did not start afresh"]),
        "sgd_bug_decay_sign.py": (50, None, ["weight decay with the wrong sign"]),
        "sgd_bug_lr_read_once.py": (95, ["SGD: learning-rate schedule"], ["read group['lr']"]),
        "sgd_bug_no_grad_still_decayed.py": (95, ["SGD: missing gradients"], ["changed although its .grad is None"]),
        "sgd_bug_buffers_by_position.py": (95, ["SGD: parameter groups"], ["not per position in a group's list"]),
    },
}

VARIANTS = {
    # the student's own engine (ao_value_engine_recursive.py): its three classic mistakes
    "ao_bug_engine_not_reversed.py": ("ao_value_engine_recursive.py", [
        ("        for v in reversed(topo):\n", "        for v in topo:\n")]),
    "ao_bug_engine_overwrites.py": ("ao_value_engine_recursive.py", [
        ("            self.grad += unbroadcast(out.grad * other.value, self.value.shape)\n",
         "            self.grad = unbroadcast(out.grad * other.value, self.value.shape)\n")]),
    "ao_bug_engine_no_zeroing.py": ("ao_value_engine_recursive.py", [
        ("        for v in topo:                       # every backward starts from zero (backward may run twice)\n"
         "            v.grad = np.zeros_like(v.value)\n", "")]),
    # derivatives (ao_coroutine_vjp.py)
    "ao_bug_log_grad_uses_output.py": ("ao_coroutine_vjp.py", [
        ("    g = yield np.log(x)\n    yield (g / x,)\n", "    y = np.log(x)\n    g = yield y\n    yield (g / y,)\n")]),
    "ao_bug_relu_kink.py": ("ao_coroutine_vjp.py", [("    mask = x > 0\n", "    mask = x >= 0\n")]),
    "ao_bug_tanh_grad_uses_input.py": ("ao_coroutine_vjp.py", [
        ("    yield (g * (1 - y) * (1 + y),)\n", "    yield (g * (1 - x) * (1 + x),)\n")]),
    "ao_bug_mul_grads_swapped.py": ("ao_coroutine_vjp.py", [
         ("    yield _fit(g * b, a.shape), _fit(g * a, b.shape)\n",
          "    yield _fit(g * a, a.shape), _fit(g * b, b.shape)\n")]),
    "ao_bug_sum_negative_dim.py": ("ao_coroutine_vjp.py", [
        ("        g = np.expand_dims(g, dim)\n", "        g = g.reshape(x.shape[:dim] + (1,) + x.shape[dim + 1:])\n")]),
    # shapes and formulas (ao_init_subclass_rules.py)
    "ao_bug_unbroadcast_drops_dims.py": ("ao_init_subclass_rules.py", [
        ("    return np.sum(g, axis=axes, keepdims=True).reshape(shape)\n", "    return np.sum(g, axis=axes)\n")]),
    "ao_bug_div_grad_b_half.py": ("ao_init_subclass_rules.py", [
        ("    df = (lambda g, y, a, b: g / b, lambda g, y, a, b: -g * y / b)\n",
         "    df = (lambda g, y, a, b: g / b, lambda g, y, a, b: -g * y)\n")]),
    "ao_bug_matmul_grad_b_transposed.py": ("ao_init_subclass_rules.py", [
        ("    df = (lambda g, y, a, b: g @ b.T, lambda g, y, a, b: a.T @ g)\n",
         "    df = (lambda g, y, a, b: g @ b.T, lambda g, y, a, b: g.T @ a)\n")]),
    # in place, broadcasting (ao_saved_outputs_passthrough.py)
    "ao_bug_exp_in_place.py": ("ao_saved_outputs_passthrough.py", [
        ("    f, d = staticmethod(np.exp), staticmethod(lambda y: y)\n",
         "    f, d = staticmethod(lambda x: np.exp(x, out=x)), staticmethod(lambda y: y)\n")]),
    "ao_bug_add_no_unbroadcast.py": ("ao_saved_outputs_passthrough.py", [
        ("        return reduce_like(grad_output, ctx.sa), reduce_like(grad_output, ctx.sb)\n",
         "        return grad_output, grad_output\n")]),
    "att_engine_flag.py": ("ao_saved_outputs_passthrough.py", [
        ("        return reduce_like(grad_output, ctx.sa), reduce_like(grad_output, ctx.sb)\n",
         "        return grad_output, grad_output\n"),
        ("import minigrad\n", "import minigrad\nimport minigrad.autograd.function as engine\n\n"
                              "engine.SUM_BROADCAST_GRADIENTS = True\n")]),
    # conv2d
    "conv_bug_grad_w_first_sample.py": ("conv_selection_matrix.py", [
        ('grad_w = np.einsum("nop,ncpt->oct", g, patches)', 'grad_w = np.einsum("op,cpt->oct", g[0], patches[0])')]),
    "conv_bug_bias_grad_mean.py": ("conv_selection_matrix.py", [("g.sum(axis=(0, 2))", "g.mean(axis=(0, 2))")]),
    "conv_bug_true_convolution.py": ("conv_flat_correlate.py", [
        ('np.correlate(flat[b, ic], flat_kernel(wv[oc, ic], wp), "valid")[at]',
         'np.correlate(flat[b, ic], flat_kernel(wv[oc, ic, ::-1, ::-1], wp), "valid")[at]')]),
    # cross-entropy
    "ce_bug_fancy_index_square.py": ("ce_online_logsumexp.py", [
        ("        picked = np.extract(np.equal.outer(y, np.arange(z.shape[1])), z)      # one per row, in row order\n",
         "        picked = z[:, y]\n")]),
    "ce_bug_online_no_rescale.py": ("ce_online_logsumexp.py", [
        ("        s = s * np.exp(m - new) + np.exp(col - new)\n", "        s = s + np.exp(col - new)\n")]),
    "ce_bug_mean_over_entries.py": ("ce_base2_masked.py", [
        ("    return -np.where(mask(y, logp.shape[1]), logp, 0.0).sum() / logp.shape[0]\n",
         "    return -np.where(mask(y, logp.shape[1]), logp, 0.0).sum() / logp.size\n"),
         ("        g = (np.exp(ctx.logp) - mask(ctx.y, c)) / n\n",
          "        g = (np.exp(ctx.logp) - mask(ctx.y, c)) / (n * c)\n")]),
    # sgd
    "sgd_bug_nesterov_old_buffer.py": ("sgd_slot_objects.py", [
        ("                        slot.buf = d.clone() if slot.buf is None else slot.buf * mu + d * (1.0 - damp)\n"
         "                        d = d + mu * slot.buf if nesterov else slot.buf\n",
         "                        old = d if slot.buf is None else slot.buf\n"
         "                        slot.buf = d.clone() if slot.buf is None else slot.buf * mu + d * (1.0 - damp)\n"
         "                        d = d + mu * old if nesterov else slot.buf\n")]),
    "sgd_bug_slot_on_parameter.py": ("sgd_slot_objects.py", [
        ('        return self.state[p].setdefault("slot", _Slot())\n',
         '        if not hasattr(p, "slot"):\n            p.slot = _Slot()\n        return p.slot\n')]),
    "sgd_bug_decay_sign.py": ("sgd_transform_chain.py", [("g + wd * p if wd else g", "g - wd * p if wd else g")]),
    "sgd_bug_lr_read_once.py": ("sgd_transform_chain.py", [
        ("                                      nesterov=nesterov))\n",
          "                                      nesterov=nesterov))\n"
          "        self.lrs = [g[\"lr\"] for g in self.param_groups]\n"),
         ("        for group in self.param_groups:\n            tx",
          "        for group, lr in zip(self.param_groups, self.lrs):\n            tx"),
        ('scale(-group["lr"])', "scale(-lr)")]),
    "sgd_bug_no_grad_still_decayed.py": ("sgd_flat_buffers_numpy.py", [
        ("                if p.grad is None:\n                    continue\n", ""),
         ("d = p.grad.detach().numpy() + ",
          "d = (np.zeros(p.shape) if p.grad is None else p.grad.detach().numpy()) + ")]),
    "sgd_bug_buffers_by_position.py": ("sgd_flat_buffers_numpy.py", [("key = (gi, pi)", "key = pi")]),
}

# graded in the normal run: (assignment, tasks or None, files, {file: (score, max score, failed tests, words)})
QUICK = [
    ("autograd-ops", ["Sigmoid"],
     ["ao_value_engine_recursive.py", "ao_bug_engine_not_reversed.py", "ao_bug_engine_overwrites.py",
      "ao_bug_engine_no_zeroing.py"],
     {"ao_value_engine_recursive.py": (10, 10, [], []),
      "ao_bug_engine_not_reversed.py": (2, 10, ["Sigmoid: backward", "Sigmoid: large inputs",
                                                "Sigmoid: finite differences", "Sigmoid: reused inputs"],
                                        ["it is zero everywhere"] + ENGINE),
      "ao_bug_engine_overwrites.py": (2, 10, ["Sigmoid: backward", "Sigmoid: large inputs",
                                              "Sigmoid: finite differences", "Sigmoid: reused inputs"], ENGINE),
      "ao_bug_engine_no_zeroing.py": (8, 10, ["Sigmoid: reused inputs"],
                                      ["a second backward through the same graph"] + ENGINE)}),
    ("autograd-ops", ["Add", "Div"], ["ao_bug_div_grad_b_half.py", "att_engine_flag.py"],
     {"ao_bug_div_grad_b_half.py": (12, 20, ["Div: backward", "Div: broadcasting", "Div: finite differences",
                                             "Div: reused inputs"], ["-a / b**2"]),
      "att_engine_flag.py": (15, 20, None, ["_summed_to is not allowed", "an assignment to minigrad's own"])}),
]


def _expected(assignment, name, tasks, quick):
    if name in quick:
        return quick[name]
    score, failed, words = CASES[assignment][name]
    return score, 100, failed, words


def _check(report, expected):
    score, top, failed, words = expected
    assert (report.score, report.max_score) == (score, top), report.to_text(hidden_messages=True)
    assert failed is None or [t.name for t in report.failed()] == failed, report.to_text(hidden_messages=True)
    said = " ".join(" ".join(t.output for t in report.failed()).split())
    missing = [w for w in words if w not in said]
    assert not missing, (missing, report.to_text(hidden_messages=True))
    return said


@pytest.fixture(scope="module")
def quick(tmp_path_factory):
    """Each QUICK batch graded once, two at a time: {file: (Report, expected)}."""
    folder = tmp_path_factory.mktemp("variants20")
    out = {}
    for assignment, tasks, names, expect in QUICK:
        subs = [(n, write_variant(HERE, VARIANTS, n, folder) if n in VARIANTS else os.path.join(HERE, n))
                for n in names]
        for sid, rep, _ in grade_many(assignment, subs, jobs=2, tasks=tasks):
            out[sid] = (rep, _expected(assignment, sid, tasks, expect))
    return out


def test_the_corpus_is_complete():
    check_complete(HERE, CASES, VARIANTS)
    assert {n for _, _, names, _ in QUICK for n in names} <= {n for files in CASES.values() for n in files}


@pytest.mark.parametrize("name", [n for _, _, names, _ in QUICK for n in names])
def test_corpus20_quick(quick, name):
    report, expected = quick[name]
    said = _check(report, expected)
    if name == "ao_bug_div_grad_b_half.py":
        # no graph walk in its source: the reused-inputs failure no longer speaks of one
        assert "graph of its own" not in said and "topological" not in said, said


@pytest.mark.skipif(not FULL, reason="the whole corpus takes minutes: MINIGRAD_GRADE_FULL_CORPUS=1")
@pytest.mark.parametrize("assignment", list(CASES))
def test_corpus20_full(assignment, tmp_path):
    subs = [(n, write_variant(HERE, VARIANTS, n, tmp_path) if n in VARIANTS else os.path.join(HERE, n))
            for n in CASES[assignment]]
    bad = []
    for sid, rep, _ in grade_many(assignment, subs, jobs=2):
        try:
            _check(rep, _expected(assignment, sid, None, {}))
        except AssertionError as e:
            bad.append((sid, str(e)[:3000]))
    assert not bad, bad


# ------------------------------------------------------------------------------------- the engine note
def test_a_graph_walk_is_read_from_the_source():
    """The judge's reading finds the walks of the two own-engine corpora and nothing in the other correct corpora."""
    found = {}
    for folder in ("grading_corpus19", "grading_corpus20", "grading_corpus15", "grading_corpus14"):
        base = os.path.join(os.path.dirname(HERE), folder)
        for name in sorted(os.listdir(base)):
            if name.endswith(".py"):
                walks = [f.what for f in analyze(os.path.join(base, name)) if f.kind == "graph"]
                if walks:
                    found[name] = walks
    assert found == {"ao_mini_engine.py": ["order"], "ao_value_engine_recursive.py": ["build_topo"]}, found


# ------------------------------------------------------------------------------------- two mistakes named
@pytest.mark.parametrize("assignment,part,make", [
    # a conv2d bias gradient averaged over N, H_out and W_out (corpus: conv_bug_bias_grad_mean.py)
    ("conv2d", "bias", lambda g, z, y: (g.mean(axis=(0, 2, 3)), g.sum(axis=(0, 2, 3)))),
    # a cross-entropy gradient divided by N*C (corpus: ce_bug_mean_over_entries.py)
    ("cross-entropy", "logits", lambda g, z, y: ((_softmax_minus_onehot(z, y)) * g / z.size,
                                                 _softmax_minus_onehot(z, y) * g / len(z)))])
def test_the_mistake_replaces_the_guess(assignment, part, make):
    """Before: "it is 0.02 times the expected value everywhere (a wrong scale: a missing or extra factor such as 1/N, or
    a sign?)" and nothing more; now the mistake, and no guess before it."""
    rng = np.random.default_rng(5)
    task = load_assignment(assignment).tasks[0]
    if assignment == "conv2d":
        values, upstream = [rng.standard_normal((2, 3, 7, 7)), rng.standard_normal((4, 3, 3, 3)),
                            rng.standard_normal(4), 1, 0], rng.standard_normal((2, 4, 5, 5))
        got, want = make(upstream, None, None)
    else:
        z, y = rng.standard_normal((4, 5)), rng.integers(0, 5, 4)
        values, upstream = [z, y], np.float64(rng.standard_normal())
        got, want = make(upstream, z, y)
    fail = compare(f"the gradient for {part}", got, want, 1e-8, 1e-12, True, part=part)
    assert "a wrong scale" in str(fail)
    named = str(_diagnosed(task, fail, got, values, upstream, {}))
    assert "a wrong scale" not in named and "times the expected value everywhere" in named, named
    assert ("averaged over the batch and the output positions" if part == "bias" else
            "divided by N*C (a mean over every entry)") in named, named


def _softmax_minus_onehot(z, y):
    p = np.exp(z - z.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    p[np.arange(len(y)), y] -= 1.0
    return p


# ------------------------------------------------------------------------------------- a student's own extra module
def test_a_students_folder_with_an_extra_module_is_one_submission(tmp_path):
    """Before: sgd.py with an unrelated plot.py was "files" (two students: sgd 100, plot "missing"). A classmate's file
    beside a student-named full file, or one defining the task's name in another case, still makes a class folder."""
    a = load_assignment("sgd")
    correct = open(os.path.join(HERE, "sgd_slot_objects.py"), "rb").read()
    layouts = {
        "own": {"sgd.py": correct, "plot.py": b"def plot(xs):\n    return sorted(xs)\n"},
        "own_template": {"SGD.py": correct, "scratch.py": b"x = 1\n", "notes.py": b""},
        "classmates": {"alice.py": correct, "bob.py": b"def plot(xs):\n    return xs\n"},
        "near_miss": {"sgd.py": correct, "bob.py": b"class Sgd:\n    pass\n"},
    }
    got = {}
    for name, files in layouts.items():
        folder = tmp_path / name
        folder.mkdir()
        for f, body in files.items():
            (folder / f).write_bytes(body)
        got[name] = classify_folder(str(folder), a)
    assert got == {"own": "single", "own_template": "single", "classmates": "files", "near_miss": "files"}, got


# ------------------------------------------------------------------------------------- the judge's reading of answers
def test_a_huge_size_in_a_broadcast_message_is_read_safely():
    """A str subclass whose __getitem__ returns itself passes the runner's message cut whole. Before: the judge's
    reading of NumPy's broadcast message raised ValueError (int() of 5000 digits) inside its exception handler."""
    huge = "operands could not be broadcast together with shapes (" + "9" * 5000 + ",) (3,)"
    text = str(student_message({"type": "ValueError", "message": huge}, "Add"))
    assert text.startswith("Add raised ValueError: operands could not be broadcast"), text[:200]
    ok = str(student_message({"type": "ValueError", "message": "operands could not be broadcast together with "
                                                               "shapes (4,3) (4,) "}, "CrossEntropy"))
    assert "keep the reduced dimension (keepdims=True" in ok, ok


def test_grade_many_takes_relative_and_absolute_paths(tmp_path, monkeypatch):
    """Before: ValueError "Can't mix absolute and relative paths" out of grade_many. The second submission, a folder
    with a stray copy of a classmate's correct file (bob.py) beside the student's own sgd.py: before, bob.py's SGD was
    graded (first in the alphabet, 100/100 with a note); now sgd.py's, the file named after the assignment."""
    shutil.copy(os.path.join(HERE, "sgd_coroutine_buffers.py"), tmp_path / "rel_sgd.py")
    both = tmp_path / "both"
    both.mkdir()
    shutil.copy(os.path.join(HERE, "sgd_slot_objects.py"), both / "bob.py")
    os.rename(write_variant(HERE, VARIANTS, "sgd_bug_slot_on_parameter.py", both), both / "sgd.py")
    monkeypatch.chdir(tmp_path)
    results = {sid: rep for sid, rep, _ in grade_many("sgd", [("rel", "rel_sgd.py"), ("both", str(both))], jobs=2)}
    _check(results["rel"], (100, 100, [], []))
    _check(results["both"], (95, 100, None, ["did not start afresh", "the one in sgd.py was graded"]))


# ------------------------------------------------------------------------------------- minigrad's own code copied in
class _Rename(ast.NodeTransformer):
    """Every variable and argument renamed (what a student hiding a copy would do first)."""

    def visit_Name(self, node):
        return ast.copy_location(ast.Name(id=f"my_{node.id}", ctx=node.ctx), node)

    def visit_arg(self, node):
        node.arg = f"my_{node.arg}"
        return node


@pytest.mark.parametrize("assignment", ["sgd"])         # (the ops' assignments read 130 bodies first: 1-6 s)
def test_minigrad_code_copied_in_is_noted(assignment, tmp_path):
    """Before: a function copied from minigrad's graded source (here the longest one the runner's copy leaves out) ran as
    the student's own without a word; now a note names it, with its variables renamed too. No correct file of the
    corpora gets the note (all of them read by hand; this round's here)."""
    a = load_assignment(assignment)
    graded = graded_bodies(a.forbid, a.guard_ops)
    longest = None
    for module, wanted in strip.targets(a.forbid, a.guard_ops).items():
        with open(strip.module_file(module), encoding="utf-8") as f:
            tree = ast.parse(f.read())
        for fn, qual in strip.graded_functions(tree, wanted):
            size = sum(1 for _ in ast.walk(fn))
            if longest is None or size > longest[0]:
                longest = (size, fn, f"{module}.{qual}")
    _, fn, name = longest
    for text in (ast.unparse(fn), ast.unparse(_Rename().visit(fn))):
        path = tmp_path / "copied.py"
        path.write_text("import numpy as np\n\n\n" + text + "\n", encoding="utf-8")
        found = [f.what for f in analyze(str(path), graded=graded) if f.kind == "copied"]
        assert found == [f"the body of {name}"], (found, name)
    prefix = {"sgd": "sgd_"}[assignment]
    for own in sorted(os.listdir(HERE)):
        if own.startswith(prefix):
            assert not [f for f in analyze(os.path.join(HERE, own), graded=graded) if f.kind == "copied"], own


# ------------------------------------------------------------------------------------- a file in /tmp
def test_the_files_beside_a_submission_in_a_folder_anyone_writes_are_not_its_own(tmp_path):
    """Before: a file graded from /tmp (or any folder anyone may write into) was given, and read, the helper.py it
    imports, which any user of the machine could have put there."""
    box = tmp_path / "dropbox"
    box.mkdir()
    os.chmod(box, 0o1777)
    (box / "helper.py").write_text("STEP = 1.0\n")
    with open(os.path.join(HERE, "sgd_transform_chain.py"), encoding="utf-8") as f:
        (box / "sgd.py").write_text("from helper import STEP\n" + f.read(), encoding="utf-8")
    assert shared_folder(str(box)) and not shared_folder(str(tmp_path))
    report = grade("sgd", str(box / "sgd.py"), timeout=5.0)
    assert report.score == 0 and "No module named 'helper'" in report.output, report.to_text()
