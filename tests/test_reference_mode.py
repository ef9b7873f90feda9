"""Reference mode: every operator, method and function reaches its op class's forward and backward.

With ``MINIGRAD_REFERENCE=1`` (or ``minigrad.set_reference_mode(True)``) the speed tricks of
``minigrad/fast`` are off, so a learner who patches ``Mul.forward`` sees every ``x * y`` -- also under
``no_grad``, inside a backward pass and in an optimizer step. These tests spy on the op classes.
"""
import os
import subprocess
import sys

import numpy as np
import pytest

import minigrad
import minigrad.nn.functional as F
from minigrad.autograd.function import Op
from minigrad.ops import conv, index, linalg, loss, pointwise as P, reduce, shape


@pytest.fixture
def reference():
    with minigrad.reference_mode():
        yield


@pytest.fixture
def spy(monkeypatch):
    """Wrap the forward and backward of every op class; ``calls`` lists ("Mul", "forward") pairs."""
    calls = []

    def subclasses(c):
        for s in c.__subclasses__():
            yield s
            yield from subclasses(s)

    for cls in set(subclasses(Op)):
        for what in ("forward", "backward"):
            if what not in cls.__dict__:
                continue
            original = cls.__dict__[what].__func__

            def wrapped(ctx, *args, _f=original, _name=cls.__name__, _what=what, **kwargs):
                calls.append((_name, _what))
                return _f(ctx, *args, **kwargs)
            monkeypatch.setattr(cls, what, staticmethod(wrapped))
    return calls


def test_the_switch_and_its_environment_variable():
    assert minigrad.is_reference_mode() == (os.environ.get("MINIGRAD_REFERENCE", "0") not in ("", "0"))
    with minigrad.reference_mode():
        assert minigrad.is_reference_mode() and not minigrad.fast.enabled()
        with minigrad.reference_mode(False):
            assert not minigrad.is_reference_mode()
        assert minigrad.is_reference_mode()
    env = dict(os.environ, MINIGRAD_REFERENCE="1")
    out = subprocess.run([sys.executable, "-c", "import minigrad; print(minigrad.is_reference_mode())"],
                         env=env, capture_output=True, text=True, check=True).stdout
    assert out.strip() == "True"


def test_patching_mul_forward_sees_x_times_y_everywhere(reference, monkeypatch):
    """The probe of the issue: under no_grad, inside a backward pass, and in a training step."""
    seen = []
    original = P.Mul.forward

    def forward(ctx, a, b):
        seen.append((np.shape(a), np.shape(b)))
        return original(ctx, a, b)
    monkeypatch.setattr(P.Mul, "forward", staticmethod(forward))

    x = minigrad.randn(3, 4, requires_grad=True)
    y = minigrad.randn(3, 4)
    with minigrad.no_grad():
        x * y
    assert seen == [((3, 4), (3, 4))]                        # 1. under no_grad

    seen.clear()
    z = x * y                                                 # forward: one Mul
    z.sum().backward()                                        # backward of Mul: g * y is a Mul again
    assert len(seen) == 2, seen                               # 2. inside the backward pass

    seen.clear()
    model = minigrad.nn.Linear(4, 2)
    opt = minigrad.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    for _ in range(2):
        opt.zero_grad()
        F.mse_loss(model(y), minigrad.zeros(3, 2)).backward()
        opt.step()                                            # momentum: buf.mul_(0.9) is a Mul
    assert len(seen) >= 2, seen                               # 3. in a training step


EXPRESSIONS = [
    # (what runs, the op class that must run its forward and, with a graph, its backward)
    ("x + y", lambda x, y: x + y, "Add"), ("x - y", lambda x, y: x - y, "Sub"),
    ("x * y", lambda x, y: x * y, "Mul"), ("x / y", lambda x, y: x / y, "Div"),
    ("2 * x", lambda x, y: 2 * x, "Mul"), ("1 - x", lambda x, y: 1 - x, "Sub"),
    ("x ** 2", lambda x, y: x ** 2, "Pow"), ("-x", lambda x, y: -x, "Neg"),
    ("x.exp()", lambda x, y: x.exp(), "Exp"), ("x.relu()", lambda x, y: x.relu(), "Relu"),
    ("x.sigmoid()", lambda x, y: x.sigmoid(), "Sigmoid"), ("x.tanh()", lambda x, y: x.tanh(), "Tanh"),
    ("x.clamp(-1, 1)", lambda x, y: x.clamp(-1, 1), "Clamp"),
    ("x.sum()", lambda x, y: x.sum(), "Sum"), ("x.sum((0, 2, 3))", lambda x, y: x.sum((0, 2, 3)), "Sum"),
    ("x.mean(1)", lambda x, y: x.mean(1), "Mean"), ("x.amax(1)", lambda x, y: x.amax(1), "Amax"),
    ("x.reshape(-1)", lambda x, y: x.reshape(-1), "View"),    # a view when no copy is needed
    ("x.t().reshape(-1)", lambda x, y: x.transpose(2, 3).reshape(-1), "Reshape"),
    ("x.permute(...)", lambda x, y: x.permute(3, 2, 1, 0), "Permute"),
    ("x[0, 1:]", lambda x, y: x[0, 1:], "Slice"),
    ("x @ w", lambda x, y: x @ y.transpose(2, 3), "Matmul"),
    ("softmax", lambda x, y: x.softmax(1), "Softmax"),
    ("conv2d", lambda x, y: F.conv2d(x, y[:, :, :3, :3]), "Im2col"),
    ("max_pool2d", lambda x, y: F.max_pool2d(x, 2), "MaxPool2d"),
    ("cross_entropy", lambda x, y: F.cross_entropy(x.flatten(1), minigrad.tensor([0, 5])), "NllLoss"),
]


@pytest.mark.parametrize("name,fn,op", EXPRESSIONS, ids=[e[0] for e in EXPRESSIONS])
def test_every_call_reaches_its_op_class(reference, spy, name, fn, op):
    x = minigrad.randn(2, 2, 4, 4, requires_grad=True)
    y = minigrad.randn(2, 2, 4, 4) + 3.0
    spy.clear()
    with minigrad.no_grad():
        fn(x, y)
    assert (op, "forward") in spy, f"{name} under no_grad: {spy}"
    spy.clear()
    out = fn(x, y)
    assert (op, "forward") in spy, f"{name}: {spy}"
    spy.clear()
    out.backward(minigrad.ones_like(out))
    assert (op, "backward") in spy, f"{name}: backward ran {spy}"


@pytest.mark.parametrize("update,op", [
    (lambda p, g: p.add_(g, alpha=-0.1), "AddScaled"), (lambda p, g: p.mul_(0.5), "Mul"),
    (lambda p, g: p.sub_(g), "Sub"), (lambda p, g: p.addcmul_(g, g, value=0.1), "Mul"),
    (lambda p, g: p.lerp_(g, 0.5), "Lerp"), (lambda p, g: p.clamp_(min=0.0), "Clamp"),
])
def test_in_place_updates_run_the_op_under_no_grad(reference, spy, update, op):
    p = minigrad.randn(5, requires_grad=True)
    g = minigrad.randn(5)
    before = p.detach().clone()
    with minigrad.no_grad():
        update(p, g)
    assert (op, "forward") in spy, spy
    with minigrad.reference_mode(False), minigrad.no_grad():      # normal mode gives the same numbers
        q = before.clone().requires_grad_()
        update(q, g)
    np.testing.assert_allclose(p.detach().numpy(), q.detach().numpy(), rtol=1e-6)


def test_normal_mode_skips_the_op_class_where_it_can(spy):
    """The other side of the switch: in normal mode, x * y under no_grad is computed on the arrays
    directly (fast/operators.py), with no Mul.forward call."""
    with minigrad.reference_mode(False), minigrad.no_grad():
        minigrad.randn(3) * minigrad.randn(3)
    assert ("Mul", "forward") not in spy


def test_training_gives_the_same_numbers_in_both_modes():
    def train():
        minigrad.manual_seed(3)
        model = minigrad.nn.Sequential(minigrad.nn.Conv2d(1, 4, 3, padding=1), minigrad.nn.ReLU(),
                                       minigrad.nn.MaxPool2d(2), minigrad.nn.Flatten(), minigrad.nn.Linear(64, 3))
        opt = minigrad.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
        x = minigrad.randn(6, 1, 8, 8)
        y = minigrad.tensor([0, 1, 2, 0, 1, 2])
        losses = []
        for _ in range(3):
            opt.zero_grad()
            loss_ = F.cross_entropy(model(x), y)
            loss_.backward()
            opt.step()
            losses.append(loss_.item())
        return losses, [p.detach().numpy().copy() for p in model.parameters()]

    with minigrad.reference_mode(False):
        fast_losses, fast_params = train()
    with minigrad.reference_mode(True):
        ref_losses, ref_params = train()
    np.testing.assert_allclose(ref_losses, fast_losses, rtol=1e-5)
    for a, b in zip(ref_params, fast_params):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-6)


def test_the_modules_are_the_ones_the_tour_names():
    """docs/reading-the-source.md points at these; keep them where it says."""
    assert P.Mul.__module__ == "minigrad.ops.pointwise" and reduce.Sum and shape.Reshape
    assert linalg.Matmul and conv.Im2col and index.Slice and loss.CrossEntropy
