"""The vocabulary of an assignment: what to import from a submission, which tests to run, their points.

An assignment is a list of tasks; a task names one thing the submission must define (a class or a
function) and holds the tests that grade it; a test has a name, points, a visibility and a check.
Inputs are described lazily (``randn(3, 4)``) and drawn from a seeded generator at grading time, so
grading is deterministic for a given ``--seed`` and hidden inputs never appear in the spec's output.

    from minigrad.grading import Assignment, FunctionTask, Test, Case, randn

    ASSIGNMENT = Assignment("square", [
        FunctionTask("Square", reference=lambda x: x * x, signature="x", tests=[
            Test("forward", 2, "forward", [Case(randn(3, 4))]),
            Test("backward", 3, "backward", [Case(randn(3, 4))]),
        ]),
    ])

This module is only the vocabulary: it imports no other part of the grader. The checks live in
``function_checks.py`` and ``optimizer_checks.py`` (a test's ``check`` names one of their ``check_*``
functions; ``grader.run_test`` finds it from the task's ``kind``) and in ``remote.py`` (a callable check);
they run in the judge (the grader's own process) and ask the runner, which holds the submission, for its
answers.
"""
from __future__ import annotations

import textwrap

import numpy as np

VISIBILITIES = ("visible", "hidden", "after_due_date", "after_published")


class Fail(Exception):
    """Raised by a check to fail its test; the message is shown to the student. ``hint=False`` when the
    test's hint would not help (the code is not written yet, it exited...). ``kind`` (values, shape,
    nonfinite, type, dtype, error, not_allowed...) and ``part`` ("output", or an argument name such as "x")
    say what failed, so that only the hints that match it are shown."""

    def __init__(self, message, hint=True, kind=None, part=None):
        super().__init__(message)
        self.hint, self.kind, self.part = hint, kind, part


class Hint:
    """A hint shown under a failed test only when the failure matches: ``parts`` (e.g. ("x",) for the
    gradient of argument x, "output" for the forward's output) and ``kinds`` (values, shape, nonfinite,
    type, dtype, error). None matches anything."""

    def __init__(self, text, parts=None, kinds=None):
        self.text = text
        self.parts = tuple(parts) if parts is not None else None
        self.kinds = tuple(kinds) if kinds is not None else None

    def matches(self, fail):
        if getattr(fail, "hint", True) is False:
            return False
        kind, part = getattr(fail, "kind", None), getattr(fail, "part", None)
        if kind == "not_allowed":
            return False
        if self.kinds is not None and kind not in self.kinds and not (
                isinstance(kind, str) and kind.startswith("shape") and "shape" in self.kinds):
            return False
        if self.parts is not None and part not in self.parts:
            return False
        return True

    def __repr__(self):
        return f"Hint({self.text!r}, parts={self.parts}, kinds={self.kinds})"


class Mistake:
    """A classic mistake the judge can recognise in a wrong answer, named in the message as its cause.

    ``part`` is "output" or an argument's name ("x"); ``test(actual, values, upstream, kwargs)`` gets the student's
    wrong array, the case's inputs (NumPy arrays and plain values), the upstream gradient (None for the output) and
    the case's keyword arguments, and says whether the answer shows the mistake; ``only`` True: it applies only when
    this part is the one wrong part of a backward (the others right). Checked only after a failed comparison: never
    a verdict."""

    def __init__(self, part, text, test, only=False):
        self.part, self.text, self.test, self.only = part, text, test, only

    def explains(self, actual, values, upstream, kwargs):
        try:
            with np.errstate(all="ignore"):
                return bool(self.test(np.asarray(actual, dtype=np.float64), values, upstream, dict(kwargs)))
        except Exception:                   # noqa: BLE001 - a diagnosis that does not apply says nothing
            return False


def hints_for(hint, fail):
    """The texts of ``hint`` (a str, a Hint or a list of them) that match ``fail``. A plain string matches
    wrong values, shapes, NaN and wrong types, not exceptions (their message says what happened)."""
    if not hint:
        return []
    items = hint if isinstance(hint, (list, tuple)) else [hint]
    out = []
    for h in items:
        if isinstance(h, str):
            h = Hint(h, kinds=("values", "shape", "nonfinite", "type", "dtype", None))
        if h.matches(fail) and h.text not in out:
            out.append(h.text)
    return out


# ---------------------------------------------------------------------------------------------
# lazy inputs
# ---------------------------------------------------------------------------------------------
class ArraySpec:
    """An input array drawn at grading time from the test's seeded generator."""

    shape: tuple = ()

    def make(self, rng: np.random.Generator) -> np.ndarray:
        raise NotImplementedError


def _shape(shape):
    if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
        shape = tuple(shape[0])
    return tuple(int(s) for s in shape)


class randn(ArraySpec):
    """Standard normal float64 values of the given shape (times ``scale``)."""

    def __init__(self, *shape, scale=1.0):
        self.shape, self.scale = _shape(shape), float(scale)

    def make(self, rng):
        return rng.standard_normal(self.shape) * self.scale

    def __repr__(self):
        return f"randn{self.shape}"


class uniform(ArraySpec):
    """Uniform float64 values in [low, high); ``random_sign=True`` flips the sign of each at random
    (e.g. ``uniform(3, 4, low=0.2, high=2, random_sign=True)`` keeps values away from zero)."""

    def __init__(self, *shape, low=-1.0, high=1.0, random_sign=False):
        self.shape, self.low, self.high, self.random_sign = _shape(shape), float(low), float(high), random_sign

    def make(self, rng):
        a = rng.uniform(self.low, self.high, self.shape)
        if self.random_sign:
            a = a * rng.choice([-1.0, 1.0], self.shape)
        return a

    def __repr__(self):
        return f"uniform{self.shape}"


class randint(ArraySpec):
    """int64 values in [0, high) (e.g. class labels); becomes a tensor that needs no gradient."""

    def __init__(self, high, *shape):
        self.high, self.shape = int(high), _shape(shape)

    def make(self, rng):
        return rng.integers(0, self.high, self.shape, dtype=np.int64)

    def __repr__(self):
        return f"randint({self.high}, {self.shape})"


class choice(ArraySpec):
    """float64 values drawn from a few given ``values`` (e.g. ``choice([-1.0, 0.0, 1.0], 4, 5)``): exact
    kinks (ReLU at 0), values equal to clamp bounds, ties in a max or a pooling window."""

    def __init__(self, values, *shape):
        self.values, self.shape = [float(v) for v in values], _shape(shape)

    def make(self, rng):
        return rng.choice(self.values, self.shape)

    def __repr__(self):
        return f"choice({self.values}, {self.shape})"


class transposed(ArraySpec):
    """The values of ``spec`` (an ArraySpec of at least 2 dimensions) in a non-contiguous array, a transposed view of
    its last two dimensions: the submission gets a tensor of that layout (``x.is_contiguous()`` is False), as
    ``x.transpose(-1, -2)`` of another tensor would be. Code that assumes C order (``as_strided`` with strides computed
    from the shape, ``.view()``) goes wrong only there."""

    def __init__(self, spec):
        self.spec = spec
        self.shape = spec.shape

    def make(self, rng):
        a = self.spec.make(rng)
        return np.swapaxes(np.ascontiguousarray(np.swapaxes(a, -1, -2)), -1, -2)

    def __repr__(self):
        return f"transposed({self.spec!r})"


class Same:
    """Pass the very same tensor as positional argument ``index`` (e.g. ``Mul.apply(x, x)``): the
    gradients of both uses must add up. Only for the ``forward`` and ``autograd`` checks."""

    def __init__(self, index: int):
        self.index = int(index)

    def __repr__(self):
        return f"Same({self.index})"


class Case:
    """One call: ``Case(randn(3, 4), randn(1, 4))`` or ``Case(randn(2, 3), dim=1, keepdim=True)``.

    Positional arguments may be ``ArraySpec``s (float ones become float64 tensors that require grad,
    integer ones int64 tensors), NumPy arrays, ``Same(i)``, or plain values (ints, tuples, None) that are
    passed as they are. Keyword arguments are passed as they are. ``label`` overrides the description
    used in messages (by default the argument shapes and the keyword values).
    """

    def __init__(self, *args, label=None, **kwargs):
        self.args, self.kwargs, self.label = args, kwargs, label

    def __repr__(self):
        return f"Case({', '.join(map(repr, self.args))})"


class Steps:
    """One optimizer run for ``OptimizerTask``: ``steps`` calls of ``step()`` with random gradients.

    ``Steps(5, lr=0.1, momentum=0.9, dampening=0.5)``: the keyword arguments are the optimizer's
    hyper-parameters. ``shapes`` are the parameters' shapes; ``groups`` (a list of dicts, each with its
    own ``shapes`` and hyper-parameter overrides) makes several parameter groups instead;
    ``grad_none`` lists parameters (by position over all groups) whose ``.grad`` stays ``None``.
    ``restart`` lists steps (0-based) before which a new optimizer is made over the same parameters, with the
    same arguments (as when a training script makes a new optimizer for its second stage): it starts with no state.
    """

    def __init__(self, steps=5, *, shapes=((3, 4), (5,)), groups=None, grad_none=(), label=None, schedule=None,
                 restart=(), **hyper):
        self.steps, self.shapes, self.groups = int(steps), [tuple(s) for s in shapes], groups
        self.grad_none, self.label, self.hyper = tuple(grad_none), label, hyper
        self.schedule = {int(k): dict(v) for k, v in (schedule or {}).items()}   # step -> {key: value} in every group
        self.restart = tuple(sorted(int(k) for k in restart))

    def all_shapes(self):
        if self.groups is None:
            return list(self.shapes)
        return [tuple(s) for g in self.groups for s in g["shapes"]]

    def describe(self):
        if self.label:
            return self.label
        parts = [f"{k}={v}" for k, v in self.hyper.items()]
        if self.groups is not None:
            parts.append(f"{len(self.groups)} parameter groups")
        if self.schedule:
            parts.append("then " + ", ".join(f"{k}={v} in every group before step {s + 1}"
                                             for s, d in sorted(self.schedule.items()) for k, v in d.items()))
        if self.restart:
            parts.append("a new optimizer before step " + ", ".join(str(s + 1) for s in self.restart))
        return ", ".join(parts)


# ---------------------------------------------------------------------------------------------
# tests, tasks, assignments
# ---------------------------------------------------------------------------------------------
class Test:
    """A named, scored check of one task.

    check      what to run: a check name of the task's kind (FunctionTask: "forward", "backward",
               "forward_backward", "gradcheck", "autograd"; OptimizerTask: "trajectory", "grad_unchanged") or a callable
               ``check(obj, rng, device)`` that raises ``Fail(message)`` (or AssertionError) to fail
    cases      the inputs: a list of ``Case``/``Steps``, or a callable ``rng -> list``
    visibility one of Gradescope's: visible, hidden, after_due_date, after_published. Messages of
               tests that are not "visible" never show the student's values at mismatches.
    rtol/atol  tolerance (default: the task's)
    hint       appended to the message when the test fails the way it describes: a string (shown for
               wrong values, shapes, NaN/inf and types, not for exceptions), a ``Hint(text, parts=...,
               kinds=...)`` or a list of them
    timeout    seconds for this test (default: the grader's --timeout)
    """

    __test__ = False            # not a pytest test class

    def __init__(self, name, points, check, cases=(), *, visibility="visible", rtol=None, atol=None, hint="",
                 timeout=None):
        if visibility not in VISIBILITIES:
            raise ValueError(f"Test {name!r}: visibility must be one of {', '.join(VISIBILITIES)}, "
                             f"got {visibility!r}")
        if not (isinstance(check, str) or callable(check)):
            raise TypeError(f"Test {name!r}: check must be a check name or a callable, got {check!r}")
        if float(points) < 0:
            raise ValueError(f"Test {name!r}: points must be >= 0")
        self.name, self.points, self.check, self.cases = name, float(points), check, cases
        self.visibility, self.rtol, self.atol, self.hint, self.timeout = visibility, rtol, atol, hint, timeout

    def get_cases(self, rng):
        cases = self.cases(rng) if callable(self.cases) else self.cases
        return list(cases)

    def __repr__(self):
        return f"Test({self.name!r}, {self.points:g}, {self.check!r}, visibility={self.visibility!r})"


class Task:
    """Something the submission must define (``name``) and the tests that grade it.

    A plain ``Task`` only runs tests whose check is a callable ``check(obj, rng, device)``; the
    subclasses add named checks.

    title      the name shown in test names ("Add: backward"; default: ``name``)
    doc        the docstring of the starter code (the maths to implement)
    signature  the argument list in the starter code
    template   a string that replaces the generated starter code of this task
    rtol/atol  default tolerance of the task's tests (float64 comparisons)
    """

    kind = "object"
    check_names: tuple = ()
    expected = ""               # what the submission should define, for "missing" messages

    def __init__(self, name, tests, *, title=None, doc="", template=None, signature="*args", rtol=1e-8,
                 atol=1e-11):
        if not name.isidentifier():
            raise ValueError(f"task name {name!r} must be a Python identifier (the name imported from the "
                             "submission)")
        self.name, self.tests, self.title, self.doc, self._template = name, list(tests), title or name, doc, template
        self.rtol, self.atol, self.signature = rtol, atol, signature
        seen = set()
        for t in self.tests:
            if t.name in seen:
                raise ValueError(f"task {name!r} has two tests named {t.name!r}")
            seen.add(t.name)
            if isinstance(t.check, str) and t.check not in self.check_names:
                known = ", ".join(self.check_names) or "none: use a callable"
                raise ValueError(f"task {name!r}, test {t.name!r}: unknown check {t.check!r} for a "
                                 f"{type(self).__name__} (known: {known})")

    @property
    def max_score(self):
        return sum(t.points for t in self.tests)

    def test_title(self, test):
        return f"{self.title}: {test.name}"

    def template(self):
        if self._template is not None:
            return self._template
        doc = _indent_doc(self.doc or f"Implement {self.name}.")
        return f"def {self.name}({self.signature}):\n{doc}\n    raise NotImplementedError\n"


class FunctionTask(Task):
    """A differentiable operation: by default a ``minigrad.autograd.Function`` subclass.

    reference        a callable on minigrad tensors (positional tensors and values, then the case's
                     keyword arguments) returning a tensor, written with minigrad ops: its gradients
                     come from ``minigrad.autograd.grad``.
    arg_names        names of the positional arguments, for messages ("input 1 (b)")
    signature        the argument list of ``forward`` in the starter file (default: from arg_names)
    require_function True: the submission's object must subclass ``minigrad.autograd.Function`` and its
                     ``backward`` is called directly. False: any callable built from minigrad ops is
                     accepted too, and its gradients are taken with minigrad's autograd.
    """

    kind = "function"
    check_names = ("forward", "backward", "forward_backward", "gradcheck", "autograd")

    def __init__(self, name, reference, tests, *, arg_names=None, signature=None, require_function=True, mistakes=(),
                 **kw):
        super().__init__(name, tests, **kw)
        self.mistakes = tuple(mistakes)
        self.reference, self.arg_names, self.require_function = reference, arg_names, require_function
        self.expected = ("a subclass of minigrad.autograd.Function" if require_function
                         else "a function built from minigrad operations")
        self.signature = signature or (", ".join(arg_names) if arg_names else "*inputs")
        for t in self.tests:
            if t.check in ("backward", "gradcheck") and not callable(t.cases):
                for c in t.cases:
                    if any(isinstance(a, Same) for a in c.args):
                        raise ValueError(f"task {name!r}, test {t.name!r}: Same() is only for the forward and "
                                         "autograd checks")

    def arg_name(self, i):
        if self.arg_names and i < len(self.arg_names):
            return f"input {i} ({self.arg_names[i]})"
        return f"input {i}"

    def template(self):
        if self._template is not None:
            return self._template
        doc = _indent_doc(self.doc or f"Implement {self.name}.")
        if not self.require_function:
            return f"def {self.name}({self.signature}):\n{doc}\n    raise NotImplementedError\n"
        return (f"class {self.name}(Function):\n{doc}\n\n"
                f"    @staticmethod\n    def forward(ctx, {self.signature}):\n        raise NotImplementedError\n\n"
                f"    @staticmethod\n    def backward(ctx, grad_output):\n        raise NotImplementedError\n")


class OptimizerTask(Task):
    """An optimizer class, compared step by step with ``reference`` (an optimizer class with the same
    constructor, e.g. ``minigrad.optim.SGD``) on the same initial parameters and gradients."""

    kind = "optimizer"
    check_names = ("trajectory", "grad_unchanged")

    def __init__(self, name, reference, tests, *, signature="params, lr", mistakes=(), **kw):
        super().__init__(name, tests, signature=signature, **kw)
        self.reference = reference
        # Mistake(part "param", text, factory): ``factory`` builds an optimizer like ``reference`` with one classic
        # mistake; when a wrong trajectory is that optimizer's, the message names the mistake
        self.mistakes = tuple(mistakes)
        self.expected = "an optimizer class, a subclass of minigrad.optim.Optimizer"

    def template(self):
        if self._template is not None:
            return self._template
        doc = _indent_doc(self.doc or f"Implement {self.name}.")
        return (f"class {self.name}(Optimizer):\n{doc}\n\n"
                f"    def __init__(self, {self.signature}):\n        raise NotImplementedError\n\n"
                f"    @minigrad.no_grad()\n    def step(self, closure=None):\n        raise NotImplementedError\n")


class Assignment:
    """A named list of tasks. ``description`` heads the starter file; ``preamble`` (imports) too.

    ``forbid``: dotted names of minigrad (or other) functions and classes the submission may not use
    (the graded functionality: e.g. "minigrad.nn.functional.conv2d"); in the runner they raise "not
    allowed in this assignment", and the judge reports their use in the source as a failed test of its
    own. ``guard``: names that only the grader may call (the runner's own use of the autograd engine);
    ``guard_ops``: every built-in op's backward is guarded too. ``allow`` removes names from ``forbid``
    (e.g. to allow one function of a built-in list); ``allow=["torch"]`` lets submissions use torch."""

    def __init__(self, name, tasks, *, description="", preamble=None, forbid=(), guard=(), guard_ops=False,
                 allow=()):
        self.name, self.tasks, self.description = name, list(tasks), description
        self.preamble = preamble
        allow = set(allow)
        self.allow_torch = "torch" in allow          # torch is refused unless a spec allows it
        self.forbid = [n for n in forbid if n not in allow]
        self.guard = [n for n in guard if n not in allow]
        self.guard_ops = bool(guard_ops)
        # an optimizer task whose reference is minigrad's own class: that class is the graded object, absent from
        # the runner's copy as the built-in sgd's is (a subclass of it, or its step borrowed, scored 100)
        for t in self.tasks:
            ref = getattr(t, "reference", None)
            if getattr(t, "kind", "") != "optimizer" or not isinstance(ref, type):
                continue
            module, qual = str(getattr(ref, "__module__", "")), str(getattr(ref, "__qualname__", ""))
            if module.startswith("minigrad.") and not module.startswith("minigrad.grading") and "<locals>" not in qual \
                    and not any(n.startswith("minigrad") and n.rpartition(".")[2] == ref.__name__
                                for n in self.forbid + sorted(allow)):
                self.forbid.append(f"{module}.{qual}")
        self.source = None            # set by load_assignment: how a worker process finds it again
        names = [t.name for t in self.tasks]
        dup = {n for n in names if names.count(n) > 1}
        if dup:
            raise ValueError(f"assignment {name!r}: more than one task is named {', '.join(sorted(dup))}")

    @property
    def max_score(self):
        return sum(t.max_score for t in self.tasks)

    def task(self, name):
        for t in self.tasks:
            if t.name == name:
                return t
        raise KeyError(f"assignment {self.name!r} has no task {name!r} (tasks: "
                       f"{', '.join(t.name for t in self.tasks)})")

    def __repr__(self):
        return f"Assignment({self.name!r}, {len(self.tasks)} tasks, {self.max_score:g} points)"


def _indent_doc(doc):
    lines = textwrap.dedent(doc.strip("\n")).splitlines()
    if len(lines) == 1:
        return f'    """{lines[0].strip()}"""'
    body = "\n".join(("    " + ln) if ln.strip() else "" for ln in lines)
    return f'    """{body.lstrip()}\n    """'
