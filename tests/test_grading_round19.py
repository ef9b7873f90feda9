"""Round 19: the grader's leftovers from rounds 17 and 18, and a new corpus (tests/grading_corpus19), each with the
behaviour before the fix.

Leftovers:
- A class folder of one full submission and one empty file (alice.py, bob.py) was one submission named after the
  folder (100/100) and bob had no row; each file is now a student (bob "empty"), as is a file that neither names nor
  is named by the full one.
- Sandbox notes named other students: a victim's "files changed during grading" named the classmates being graded,
  a suspect's note the victim; the installation note named the start-up files a submission planted (a name it
  chooses, which could spell out a hidden test's inputs). The names now go to hidden notes (the instructor's).
- The roster: an id "NOT ON ROSTER" read as the gradebook's marker of a submission not on the roster (refused now);
  a CSV roster with a blank first line, or a quoted header cell holding another delimiter, was a usage error.
- The metadata reader read every line of the entries it does not need: 8 MB of ``-`` lines took 3-11 s (now < 1 s).
- Students named one by one under a top-level folder (/tmp/alice/sgd.py /tmp/bob/sgd.py) were each runner's to
  cover, and a runner read the class list in its configuration and mount table.

Corpus 19 (graded once per assignment, two at a time): correct work in new styles gets 100 (a table of vector-Jacobian
lambdas with classes made by type() and recursive un-broadcasting; a class hierarchy of tensor-only ops; conv2d by
kernel taps; cross-entropy as a closure with a recursive pairwise log-sum-exp; SGD walked recursively), classic
mistakes lose the tests that probe them with the cause named (a conv2d bias gradient summed over the wrong dimensions
got only "has shape (2,) but the input has shape (4,)" before this round), and attacks gain nothing.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import time

import pytest

from corpus_helpers import batch_grader, check_complete, check_graded
from minigrad.grading.batch import classify_folder, find_submissions, grade_many, _told, _outermost, _shared_parents
from minigrad.grading.assignments import load_assignment
from minigrad.grading.cli import main
from minigrad.grading.roster import read_gradescope_metadata, read_roster, RosterError
from test_grading_batch16 import CORRECT
from test_grading_round17 import READS_ITS_CLASSMATES

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "grading_corpus19")

# file: (score, failed tests (None: any), words the failed tests' messages must contain)
CASES = {
    "autograd-ops": {
        "ao_dict_registry.py": (100, [], []),
        "ao_base_class_tensors.py": (100, [], []),
        "ao_mini_engine.py": (100, [], []),
        # the student's own engine: the outer tests catch both (Sigmoid and Tanh are composites there), but the grader
        # cannot see the private graph: the reused-inputs message names both mistakes
        "ao_bug_engine_no_accumulation.py": (84, None,
                                             ["a node used more than once the sum of the gradients from all its uses"]),
        "ao_bug_engine_bfs_order.py": (84, None, ["visit a node only after all its users (reverse topological order)"]),
        "ao_bug_unbroadcast_leading_only.py": (88, None, ["sum over the broadcast dimensions"]),
        "ao_bug_matmul_grad_a_no_transpose.py": (92, None, ["it is grad_output @ b: b must be transposed"]),
        "ao_bug_sigmoid_exp_ratio.py": (98, ["Sigmoid: large inputs"], ["compute sigmoid without exp of a large"]),
        "ao_bug_exp_grad_shares_saved.py": (98, ["Exp: reused inputs"], ["backward changed something its forward"]),
        "ao_bug_relu_overwrites_input.py": (90, None, ["modified input 0 (x) in place"]),
        "ao_bug_div_grad_b_sign.py": (92, None, ["-1 times the expected value everywhere"]),
        "ao_bug_tanh_float32.py": (92, None, ["about float32's precision"]),
        # attacks
        "att_env_seed.py": (90, None, ["environment: {'PYTHONHASHSEED': '0', 'MINIGRAD_GRADE_RUNNER': '1'}"]),
        "att_ndarray_liar.py": (90, None, []),
        "att_memo_by_shape.py": (99, ["Mul: finite differences"], ["keeps state between calls in `_MEMO`"]),
        "att_returns_input_nan.py": (90, None, []),
        "att_huge_view_unprintable.py": (90, None, ["MemoryError"]),
        "att_patches_numpy.py": (90, None, ["it is zero everywhere"]),
        "att_meta_path_hook.py": (0, None, [".meta_path", "Nothing was run"]),
        "att_exit_on_hidden.py": (90, None, ["(exit code 0): your code called os._exit()",
                                             "your code ended or broke the grading process in 2 earlier tests"]),
        "att_reduce_and_class_swap.py": (90, None, []),
        "att_gc_rewrite.py": (90, None, []),
        "att_plants_startup_files.py": (100, [], []),      # honest code: it could write nowhere that counts
    },
    "conv2d": {
        "conv_tap_loop_float64.py": (100, [], []),
        "conv_bug_pad_one_side.py": (55, None, ["pad `padding` zeros on every side"]),
        "conv_bug_bias_grad_axis.py": (20, None, ["its length is that of grad_output's dimension 0",
                                                  "sum grad_output over dimensions 0, 2, 3 and keep dimension 1"]),
        "conv_bug_backward_stride_one.py": (65, None, ["as if the stride were 1"]),
        "conv_bug_out_size_no_plus_one.py": (85, ["Conv2d: stride with remainder"], ["rounded down"]),
    },
    "cross-entropy": {
        "ce_closure_vjp.py": (100, [], []),
        "ce_bug_plain_lse.py": (80, ["CrossEntropy: large logits"], ["subtract each row's maximum before exp"]),
        "ce_bug_grad_sum_not_mean.py": (20, None, ["4 times the expected value everywhere"]),
        "ce_bug_softmax_over_batch.py": (20, None, ["normalised over the class"]),
    },
    "sgd": {
        "sgd_recursive_state_dict.py": (100, [], []),
        "sgd_bug_shared_buffer.py": (15, None, ["found another's momentum buffer"]),
        "sgd_bug_nesterov_uses_buf.py": (90, ["SGD: nesterov"], ["along g + momentum * buf"]),
        "sgd_bug_decay_after_momentum.py": (65, None, ["weight decay kept out of the momentum buffer"]),
        "sgd_bug_zero_grad_first_only.py": (90, ["SGD: p.grad unchanged"], ["zero_grad() left the gradients in place"]),
        "sgd_bug_zero_grad_zeroes_params.py": (90, ["SGD: p.grad unchanged"],
                                               ["zero_grad() left the gradients in place"]),
        "att_sgd_fake_grad_stdout.py": (0, None, ["assigned grad must be a Tensor"]),
    },
}

VARIANTS = {
    "ao_bug_unbroadcast_leading_only.py": ("ao_dict_registry.py", [
        ("        if want == 1 and have != 1:\n", "        if False:\n")]),
    "ao_bug_engine_no_accumulation.py": ("ao_mini_engine.py", [
        ("grads[p] = grads[p] + contrib if p in grads else contrib", "grads[p] = contrib")]),
    "ao_bug_engine_bfs_order.py": ("ao_mini_engine.py", [
        ("        ready, order = [out], []\n        while ready:\n            nid = ready.pop()\n"
         "            order.append(nid)\n            for p, _ in self.nodes[nid][\"parents\"]:\n"
         "                users[p] -= 1\n                if users[p] == 0:\n                    ready.append(p)\n",
         "        order, queue, seen = [], [out], {out}\n        while queue:\n            nid = queue.pop(0)\n"
         "            order.append(nid)\n            for p, _ in self.nodes[nid][\"parents\"]:\n"
         "                if p not in seen:\n                    seen.add(p)\n                    queue.append(p)\n")]),
    "ao_bug_matmul_grad_a_no_transpose.py": ("ao_dict_registry.py", [
        ("(g @ b.swapaxes(-1, -2), a.swapaxes", "(g @ b, a.swapaxes")]),
    "ao_bug_sigmoid_exp_ratio.py": ("ao_base_class_tensors.py", [
        ("compute = staticmethod(lambda x: x.sigmoid())",
         "compute = staticmethod(lambda x: x.exp() / (1.0 + x.exp()))")]),
    "ao_bug_exp_grad_shares_saved.py": ("ao_dict_registry.py", [
        ('"Exp": (np.exp, lambda g, out, x: (g * out,)),',
         '"Exp": (np.exp, lambda g, out, x: (np.multiply(out, g, out=out),)),')]),
    "ao_bug_relu_overwrites_input.py": ("ao_base_class_tensors.py", [
        ("compute = staticmethod(lambda x: x.clamp(min=0.0))", "compute = staticmethod(lambda x: x.clamp_(min=0.0))")]),
    "ao_bug_div_grad_b_sign.py": ("ao_dict_registry.py", [
        ("reduce_to(-g * out / b, b.shape)", "reduce_to(g * out / b, b.shape)")]),
    "ao_bug_tanh_float32.py": ("ao_dict_registry.py", [
        ('"Tanh": (np.tanh, lambda g, out, x: (g * (1.0 - out * out),)),',
         '"Tanh": (np.tanh, lambda g, out, x: (g * (1.0 - out.astype(np.float32) ** 2),)),')]),
    "conv_bug_pad_one_side.py": ("conv_tap_loop_float64.py", [
        ("xp = np.pad(xv, ((0, 0), (0, 0), (padding, padding), (padding, padding)))",
         "xp = np.pad(xv, ((0, 0), (0, 0), (padding, 0), (padding, 0)))")]),
    "conv_bug_bias_grad_axis.py": ("conv_tap_loop_float64.py", [("g.sum(axis=(0, 2, 3))", "g.sum(axis=(1, 2, 3))")]),
    "conv_bug_backward_stride_one.py": ("conv_tap_loop_float64.py", [
        ("            rows = slice(u, u + stride * (ho - 1) + 1, stride)\n"
         "            cols = slice(v, v + stride * (wo - 1) + 1, stride)\n",
         "            rows = slice(u, u + ho)\n            cols = slice(v, v + wo)\n")]),
    "conv_bug_out_size_no_plus_one.py": ("conv_tap_loop_float64.py", [
        ("ho, wo = (h + 2 * padding - kh) // stride + 1, (w + 2 * padding - kw) // stride + 1",
         "ho, wo = -(-(h + 2 * padding - kh) // stride) + 1, -(-(w + 2 * padding - kw) // stride) + 1")]),
    "ce_bug_plain_lse.py": ("ce_closure_vjp.py", [
        ("    return m + np.log1p(np.exp(-np.abs(a - b)))", "    return np.log(np.exp(a) + np.exp(b))")]),
    "ce_bug_grad_sum_not_mean.py": ("ce_closure_vjp.py", [
        ("        return grad * (g / n)", "        return grad * g")]),
    "ce_bug_softmax_over_batch.py": ("ce_closure_vjp.py", [
        ("        grad = np.exp(z - total[:, None])",
         "        grad = np.exp(z - z.max(axis=0)) / np.exp(z - z.max(axis=0)).sum(axis=0)")]),
    "sgd_bug_shared_buffer.py": ("sgd_recursive_state_dict.py", [
        ("            state = self.state[p]\n", "            state = self.state[None]\n")]),
    "sgd_bug_nesterov_uses_buf.py": ("sgd_recursive_state_dict.py", [
        ('d = d + h["momentum"] * state["buf"] if h["nesterov"] else state["buf"]', 'd = state["buf"]')]),
    "sgd_bug_decay_after_momentum.py": ("sgd_recursive_state_dict.py", [
        ('        if h["weight_decay"]:\n            d += h["weight_decay"] * x\n', ""),
        ("        with minigrad.no_grad():\n",
         '        if h["weight_decay"]:\n            d = d + h["weight_decay"] * x\n'
         '        with minigrad.no_grad():\n')]),
    "sgd_bug_zero_grad_zeroes_params.py": ("sgd_recursive_state_dict.py", [
        ("    def step(self, closure=None):\n",
         '    def zero_grad(self, set_to_none=True):\n        with minigrad.no_grad():\n'
         '            for group in self.param_groups:\n                for p in group["params"]:\n'
         '                    p.zero_()\n\n    def step(self, closure=None):\n')]),
    "sgd_bug_zero_grad_first_only.py": ("sgd_recursive_state_dict.py", [
        ("    def step(self, closure=None):\n",
         '    def zero_grad(self, set_to_none=True):\n        for group in self.param_groups:\n'
         '            for p in group["params"]:\n                p.grad = None\n                return\n\n'
         "    def step(self, closure=None):\n")]),
}


# the attacks on autograd-ops: a correct base with the attack's code (tests/grading_corpus19/attacks) after it
_LAST = "        return minigrad.tensor(np.broadcast_to(g, ctx.shape).copy()), None, None\n"
for _name in [n for n in CASES["autograd-ops"] if n.startswith("att_")]:
    with open(os.path.join(HERE, "attacks", _name[:-3] + ".txt"), encoding="utf-8") as _f:
        VARIANTS[_name] = ("ao_dict_registry.py", [(_LAST, _LAST + _f.read())])


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    return batch_grader(HERE, CASES, VARIANTS, tmp_path_factory.mktemp("variants19"))


def test_the_corpus_is_complete():
    check_complete(HERE, CASES, VARIANTS)


@pytest.mark.parametrize("assignment,name", [(a, n) for a, files in CASES.items() for n in files])
def test_corpus19(reports, assignment, name):
    check_graded(reports(assignment)[name], CASES[assignment][name])


def test_attacks_show_no_hidden_message_to_the_student(reports):
    """The attacks' reports for students hold no hidden test's message (their inputs)."""
    for name, r in reports("autograd-ops").items():
        text = r.to_text(hidden_messages=False)
        hidden = [t for t in r.failed() if t.visibility == "hidden" and t.output]
        assert all(t.output not in text for t in hidden), name


# ------------------------------------------------------------------------------------- a class folder
def test_a_class_folder_with_an_empty_file_is_two_students(tmp_path, capsys):
    """Before: `c 100/100`, one row named after the folder (alice's code), and bob none. Now alice 100, bob empty."""
    cls = tmp_path / "c"
    cls.mkdir()
    (cls / "alice.py").write_bytes(CORRECT)
    (cls / "bob.py").write_text("# TODO\n")
    assert main(["sgd", str(cls), "--jobs", "2", "--timeout", "5"]) == 0
    rows = [ln.split() for ln in capsys.readouterr().out.splitlines()[1:3]]
    assert rows == [["alice", "100/100", "graded"], ["bob", "0/100", "empty"]], rows


def test_one_students_modules_stay_one_submission(tmp_path):
    """A helper the full file imports (even an empty one), or a file that imports the full one, is its own module."""
    a = load_assignment("sgd")
    for helper in ("utils", "notes"):
        folder = tmp_path / helper
        folder.mkdir()
        (folder / "sgd.py").write_bytes(b"import " + helper.encode() + b"\n" + CORRECT)
        (folder / f"{helper}.py").write_text("" if helper == "notes" else "def f(x):\n    return x\n")
        assert classify_folder(str(folder), a) == "single"
    other = tmp_path / "classmates"
    other.mkdir()
    (other / "alice.py").write_bytes(CORRECT)
    (other / "bob.py").write_text("import numpy as np\n\n\nclass Sgd:\n    pass\n")     # the wrong name
    assert classify_folder(str(other), a) == "files"


# ------------------------------------------------------------------------------------- roster
def test_roster_csv_blank_first_line_and_quoted_delimiters(tmp_path):
    """Before: both a usage error ("no column of its header is an id column")."""
    blank = tmp_path / "blank.csv"
    blank.write_text("\n\nname,id\nAlice,101\nBob,102\n")
    assert read_roster(str(blank)) == ["101", "102"]
    tabs = tmp_path / "tabs.tsv"
    tabs.write_text('"Last, First"\tEmail\n"Smith, Al"\tal@x.edu\n')
    assert read_roster(str(tabs)) == ["al@x.edu"]


def test_the_gradebooks_marker_is_no_roster_id(tmp_path):
    """Before: a student "NOT ON ROSTER" made a roster_id column that read like a submission not on the roster."""
    path = tmp_path / "r.txt"
    path.write_text("alice\nnot  on roster\n")
    with pytest.raises(RosterError, match="line 2.*NOT ON ROSTER"):
        read_roster(str(path))


def test_metadata_reader_skips_what_it_does_not_read(tmp_path):
    """8 MB of "-" lines under one entry's submitters, or of lines in other keys: 3-11 s before (under load), now read
    only up to the entry's 50 submitters. The result is the same."""
    path = tmp_path / "submission_metadata.yml"
    body = "submission_1:\n  :submitters:\n" + "  -\n" * 2_000_000 + "submission_2:\n  :submitters:\n  - :sid: '7'\n" \
        + "  :results:\n" + "    - :output: '- :sid: 666'\n" * 100_000
    path.write_text(body)
    t0 = time.process_time()
    people = read_gradescope_metadata(str(path), {"submission_1", "submission_2"})
    took = time.process_time() - t0
    assert len(people["submission_1"]) == 50 and people["submission_2"] == [{"name": None, "sid": "7", "email": None}]
    assert took < 1.5, took


# ------------------------------------------------------------------------------------- what a report names
def test_sandbox_notes_name_no_classmate(tmp_path):
    """Without a mount namespace, a_sabotage rewrites its classmates' files. Before: the victims' reports named
    a_sabotage ("while the grader ran (a_sabotage being graded then)"), and its report named each victim. Now the
    students' copies name no one; the instructor's copies (hidden notes) and the warnings do."""
    from minigrad.grading.judge import Sandbox
    from test_grading_redteam6 import _class_folder
    cls = tmp_path / "class"
    _class_folder(cls)
    warnings = []
    results = grade_many("sgd", find_submissions([str(cls)], "sgd"), jobs=1, timeout=5,
                         sandbox=Sandbox(user=None, mount_namespace=False), warn=warnings.append)
    ids = [sid for sid, _, _ in results]
    noted = 0
    for sid, r, _ in results:
        student = r.to_text(hidden_messages=False) + r.to_json(hidden_messages=False)
        assert not [o for o in ids if o != sid and o in student], (sid, student)
        noted += any(t.name.startswith("Sandbox: ") for t in r.tests)
        if any(t.name == "Sandbox: files changed during grading" for t in r.tests):
            assert "a_sabotage" in r.to_text(hidden_messages=True), r.to_text()
    assert noted >= 3, [w for w in warnings]


def test_students_under_a_top_level_folder_are_not_told_to_each_runner():
    """Before: "a classmate's name seen": graded as /tmp/alice.../sgd.py /tmp/bob_jones.../sgd.py, each runner was
    told both folders, which its configuration and its mount table (a cover for each) named."""
    assert _told(_outermost(_shared_parents(["/tmp/alice", "/tmp/bob"]))) == []
    assert _told(_outermost(_shared_parents(["/srv/course/alice", "/srv/course/bob"]))) == ["/srv/course"]
    assert _told(["/tmp/alice"]) == ["/tmp/alice"] and _told(["/alice", "/bob"]) == ["/alice", "/bob"]
    a = tempfile.mkdtemp(prefix="g19_alice_smith_", dir="/tmp")
    b = tempfile.mkdtemp(prefix="g19_bob_jones_", dir="/tmp")
    try:
        with open(os.path.join(a, "sgd.py"), "wb") as f:
            f.write(CORRECT + b"\n\n" + READS_ITS_CLASSMATES.replace(
                "raise RuntimeError", "try:\n    _seen += repr(_os.listdir('/tmp')).encode()\nexcept OSError:\n"
                "    pass\nraise RuntimeError").encode())
        with open(os.path.join(b, "sgd.py"), "wb") as f:
            f.write(CORRECT)
        subs = find_submissions([os.path.join(a, "sgd.py"), os.path.join(b, "sgd.py")], "sgd")
        results = {sid: r for sid, r, _ in grade_many("sgd", subs, jobs=1, timeout=5.0)}
    finally:
        shutil.rmtree(a)
        shutil.rmtree(b)
    if str(results["sgd"].sandbox.get("other copies of minigrad", "")).startswith("readable"):
        pytest.skip("no mount namespace for the runner here")
    assert "RuntimeError: no classmate's name seen" in results["sgd"].output, results["sgd"].output
    assert results["sgd-2"].score == 100, results["sgd-2"].output


def test_planted_start_up_files_are_named_to_the_instructor_only(tmp_path):
    """Without a sandbox around it (a judge that is not root, no mount namespace) a runner writes start-up files into
    the judge's installation; the grader puts them back. Before: the visible note named them, and a name is the
    submission's to choose (one planted during a hidden test could spell out its inputs). Now the visible note gives
    their number, and a hidden note the names."""
    from minigrad.grading import judge
    from minigrad.grading.grader import INSTALLATION_NOTE
    from test_grading_redteam16 import GRADE_UNCOVERED_IN_OWN_VENV, WRITES_START_UP_FILES, _as_a_user, _sgd_with
    folder = tmp_path / "own_venv"
    folder.mkdir()
    source = tmp_path / "src"
    shutil.copytree(os.path.dirname(os.path.dirname(judge.__file__)), source / "minigrad",
                    ignore=shutil.ignore_patterns("__pycache__"))
    attack = WRITES_START_UP_FILES.replace("JUDGES_MINIGRAD", repr(str(source / "minigrad")))
    data = _as_a_user(GRADE_UNCOVERED_IN_OWN_VENV, str(folder), _sgd_with(tmp_path, "sgd_writes.py", attack),
                      str(source))
    assert "error" not in data, data.get("error", "")[-3000:]
    if not str(data["sandbox"].get("other copies of minigrad", "")).startswith("readable"):
        pytest.skip("the runner had a mount namespace here: " + str(data["sandbox"]))
    visible, details = data["tests"][INSTALLATION_NOTE], data["tests"][INSTALLATION_NOTE + " (details)"]
    assert "zz_redteam16" not in visible and "sitecustomize" not in visible and "put them back" in visible, visible
    assert "zz_redteam16.pth" in details, details
    assert data["left"] == [] and data["score"] == 100, data
