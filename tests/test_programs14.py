"""Minimal repros of what published PyTorch programs (round fourteen: textbook chapters, the 60-minute blitz and
autograd tutorials, the examples repository, blog-post training loops) met under ``import minigrad as torch``:
one-hot targets made with scatter_ of a 0-d index, graph walks that read grad_fn names and saved tensors, the
optimizer's step counter, and the error messages tutorials print. Each is cross-checked against torch."""
from __future__ import annotations

import io
import re
import warnings

import numpy as np
import pytest
import torch

import minigrad
from tests.helpers import check


def _both(build):
    """``build(lib)`` under torch and minigrad, warnings silenced."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return build(torch), build(minigrad)


def _error(lib, fn):
    """(exception class name, message) of ``fn(lib)``; the call must raise."""
    try:
        fn(lib)
    except Exception as e:  # noqa: BLE001 -- the class is what is compared
        return type(e).__name__, str(e)
    raise AssertionError(f"{lib.__name__}: no error")


# --------------------------------------------------------------------------- a 0-d index on a vector
def test_one_hot_target_transform_with_scatter_of_a_0d_index():
    """The data tutorial's target_transform: zeros(10).scatter_(0, torch.tensor(y), value=1)."""
    def build(lib):
        return [lib.zeros(10, dtype=lib.float).scatter_(0, lib.tensor(y), value=1).tolist() for y in (0, 3, 9)]
    t, m = _both(build)
    assert m == t


@pytest.mark.parametrize("code", [
    "x.scatter(0, lib.tensor(1), lib.tensor(5.0))",
    "x.scatter(0, lib.tensor(1), lib.tensor([5.0, 6.0]))",
    "x.scatter(0, lib.tensor([2]), lib.tensor(5.0))",
    "x.scatter(0, lib.tensor(2), 7.0)",
    "x.scatter_add(0, lib.tensor(2), lib.tensor([5.0, 6.0]))",
    "x.scatter_reduce(0, lib.tensor(3), lib.tensor(5.0), 'sum')",
    "x.scatter_reduce(0, lib.tensor(0), lib.tensor(-5.0), 'amax', include_self=False)",
    "x.gather(0, lib.tensor(1))",
])
def test_a_0d_index_on_a_vector_reads_as_one_element_as_torch(code):
    def build(lib):
        x = lib.tensor([1.0, 2.0, 3.0, 4.0])
        out = eval(code, {"lib": lib, "x": x})
        return tuple(out.shape), out.tolist()
    t, m = _both(build)
    assert m == t


def test_a_0d_index_scatter_and_gather_gradients_match_torch():
    x = np.random.default_rng(0).standard_normal(4)
    s = np.array(2.5)
    check(lambda lib, a, b: a.scatter(0, lib.tensor(1), b), x, s)
    check(lambda lib, a, b: a.scatter_add(0, lib.tensor(3), b), x, s)
    check(lambda lib, a: a.gather(0, lib.tensor(2)) * a, x)


# --------------------------------------------------------------------------- grad_fn names and saved values
def test_accumulate_grad_node_is_named_as_torch():
    def build(lib):
        a = lib.tensor([1.0, 2.0], requires_grad=True)
        leaf = (a * 2).grad_fn.next_functions[0][0]
        return leaf.name(), type(leaf).__name__, repr(leaf).split(" object")[0], leaf.variable is a
    t, m = _both(build)
    assert m == t


@pytest.mark.parametrize("code", [
    "b[0] = 1.0",
    "b[0] = v",
    "b[:, 1] = v[0]",
    "b[..., 0] = 3.0",
    "b[0].add_(1)",
    "b[0].mul_(v[0])",
    "b.t().add_(1)",
    "b.view(4)[1] = 3.0",
    "b.diagonal().add_(2)",
    "b[[0, 1]] = v",
])
def test_writes_into_views_make_torchs_copy_slices_node(code):
    """``x[0] = v`` and in-place ops on views: torch's CopySlices node (name, repr, next_functions) and the
    views of the base rebuilt as AsStridedBackward0; advanced indexing stays IndexPutBackward0."""
    def build(lib):
        b = lib.zeros(2, 2, requires_grad=True).clone()
        v = lib.ones(2, requires_grad=True)
        row = b[1]
        exec(code, {"b": b, "v": v})
        fn = b.grad_fn
        edges = [(n.name(), nr) for n, nr in fn.next_functions if n is not None]     # (torch 2.15 lists no
        # (None, 0) for a number written in: torch 2.13 does, as minigrad)
        grads = lib.autograd.grad((b * lib.arange(4.0).view(2, 2)).sum(), v, allow_unused=True)[0]
        return (fn.name(), repr(fn).split(" object")[0], repr(b).split("grad_fn=")[1], edges, row.grad_fn.name(),
                None if grads is None else grads.tolist())
    t, m = _both(build)
    assert m == t


@pytest.mark.parametrize("code, attribute", [
    ("a * b", "_saved_self"), ("a * b", "_saved_other"), ("3 * a", "_saved_other"), ("a * 2.5", "_saved_other"),
    ("a.exp()", "_saved_result"), ("a.sigmoid()", "_saved_result"), ("a.tanh()", "_saved_result"),
    ("a / b", "_saved_other"), ("a ** 3", "_saved_exponent"), ("a ** 3", "_saved_self"),
    ("a.sum()", "_saved_self_sym_sizes"), ("m @ m.t()", "_saved_self"),
])
def test_saved_values_read_off_grad_fn_as_torch(code, attribute):
    """Blog posts that walk the graph print grad_fn._saved_self / _saved_other / _saved_result."""
    def build(lib):
        a = lib.tensor([2.0, 3.0], requires_grad=True)
        b = lib.tensor([6.0, 4.0], requires_grad=True)
        m = lib.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
        value = getattr(eval(code, {"a": a, "b": b, "m": m}).grad_fn, attribute)
        if isinstance(value, lib.Tensor):
            return "tensor", str(value.dtype), np.round(value.detach().numpy(), 5).tolist()
        return type(value).__name__, value
    t, m = _both(build)
    assert m == t


def test_saved_values_are_refused_after_backward_freed_them_as_torch():
    def build(lib):
        a = lib.tensor([2.0, 3.0], requires_grad=True)
        e = a.exp()
        fn = e.grad_fn
        e.sum().backward()
        return _error(lib, lambda _: fn._saved_result)[0]
    t, m = _both(build)
    assert m == t == "RuntimeError"
    with pytest.raises(AttributeError):
        (minigrad.ones(2, requires_grad=True) + 1).grad_fn._saved_self


# --------------------------------------------------------------------------- the version counter's error
@pytest.mark.parametrize("code", [
    "y = a.exp(); y.add_(1); y.sum().backward()",
    "c = a.sigmoid(); d = c * 2; c.mul_(3); d.sum().backward()",
    "b = a * 1; c = b * b; b.add_(1); c.sum().backward()",
    "w = a.detach().requires_grad_(); y = w * w\nwith lib.no_grad(): w.add_(1)\ny.sum().backward()",
])
def test_a_tensor_changed_after_it_was_saved_is_reported_in_torchs_words(code):
    """torch's sentence (the tensor's type and size, the node that made it, the versions); minigrad's hint follows."""
    def run(lib):
        exec(code, {"lib": lib, "a": lib.tensor([1.0, 2.0, 3.0], requires_grad=True)})
    t, m = _error(torch, run), _error(minigrad, run)
    assert m[0] == t[0] == "RuntimeError"
    assert m[1].split(" Hint:")[0] == t[1].split(" Hint:")[0]


# --------------------------------------------------------------------------- the optimizer's step counter
OPTIMIZERS = [
    ("Adam", {"lr": 0.01}), ("AdamW", {"lr": 0.01, "amsgrad": True}), ("RMSprop", {"lr": 0.01, "centered": True}),
    ("Adagrad", {"lr": 0.1, "lr_decay": 0.01}), ("Adadelta", {}), ("Adamax", {"lr": 0.01}), ("NAdam", {"lr": 0.01}),
    ("RAdam", {"lr": 0.01}), ("ASGD", {"lr": 0.01}), ("Rprop", {"lr": 0.01}), ("Adafactor", {"lr": 0.01}),
]


@pytest.mark.parametrize("name, kwargs", OPTIMIZERS, ids=[o[0] for o in OPTIMIZERS])
def test_optimizer_step_count_is_a_0d_float32_tensor_as_torch(name, kwargs):
    rng = np.random.default_rng(1)
    w0, x0 = rng.standard_normal((3, 2)).astype(np.float32), rng.standard_normal((5, 3)).astype(np.float32)

    def build(lib):
        w = lib.nn.Parameter(lib.tensor(w0))
        opt = getattr(lib.optim, name)([w], **kwargs)
        for _ in range(3):
            opt.zero_grad()
            (lib.tensor(x0) @ w).pow(2).sum().backward()
            opt.step()
        step = opt.state[w]["step"]
        saved = opt.state_dict()["state"][0]["step"]
        return (type(step).__name__, str(step.dtype), tuple(step.shape), step.item(), type(saved).__name__,
                saved.item(), w.detach().numpy())
    t, m = _both(build)
    assert m[:6] == t[:6]
    np.testing.assert_allclose(m[6], t[6], rtol=1e-5, atol=1e-6)


def test_sgd_keeps_no_step_and_sparse_adam_counts_with_an_int_as_torch():
    def build(lib):
        w = lib.nn.Parameter(lib.ones(2))
        sgd = lib.optim.SGD([w], lr=0.1, momentum=0.9)
        w.grad = lib.ones(2)
        sgd.step()
        e = lib.nn.Embedding(4, 2, sparse=True)
        sparse = lib.optim.SparseAdam(e.parameters(), lr=0.1)
        e(lib.tensor([1, 2])).sum().backward()
        sparse.step()
        step = sparse.state[e.weight]["step"]
        return sorted(sgd.state[w]), type(step).__name__, step, type(sparse.state_dict()["state"][0]["step"]).__name__
    t, m = _both(build)
    assert m == t


def test_a_resumed_adam_continues_and_its_step_can_be_edited_as_torch():
    """Checkpoint code: torch.save of optimizer.state_dict() to BytesIO, load into a fresh optimizer, carry on;
    scripts that fast-forward a schedule write state['step'] += 1."""
    rng = np.random.default_rng(2)
    w0 = rng.standard_normal(4).astype(np.float32)

    def build(lib):
        def make():
            w = lib.nn.Parameter(lib.tensor(w0))
            return w, lib.optim.Adam([w], lr=0.1)
        w, opt = make()
        for _ in range(2):
            opt.zero_grad()
            (w ** 2).sum().backward()
            opt.step()
        buf = io.BytesIO()
        lib.save(opt.state_dict(), buf)
        buf.seek(0)
        w2, opt2 = make()
        with lib.no_grad():
            w2.copy_(w)
        opt2.load_state_dict(lib.load(buf))
        st = opt2.state[w2]
        st["step"] += 1
        opt2.zero_grad()
        (w2 ** 2).sum().backward()
        opt2.step()
        return type(st["step"]).__name__, st["step"].item(), str(st["step"]), w2.detach().numpy()
    t, m = _both(build)
    assert m[:3] == t[:3]
    np.testing.assert_allclose(m[3], t[3], rtol=1e-5, atol=1e-6)


# --------------------------------------------------------------------------- gradcheck's failure
def test_gradcheck_failure_opens_with_torchs_sentence():
    def build(lib):
        class WrongSquare(lib.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                ctx.save_for_backward(x)
                return x ** 2

            @staticmethod
            def backward(ctx, g):
                x, = ctx.saved_tensors
                return g * x                    # should be 2 * x
        x = lib.tensor([0.5, -1.0, 2.0], dtype=lib.float64, requires_grad=True)
        two = lambda t: (t * 2, WrongSquare.apply(t))              # noqa: E731 -- output 1 is the wrong one
        cls, msg = _error(lib, lambda _: lib.autograd.gradcheck(two, (x,)))
        return (cls, msg.splitlines()[0], lib.autograd.gradcheck(two, (x,), raise_exception=False),
                lib.autograd.gradcheck(lambda t: t * 2, (x,)))
    t, m = _both(build)
    assert m == t
    from minigrad.autograd.gradcheck import GradcheckError
    assert issubclass(GradcheckError, RuntimeError)


# --------------------------------------------------------------------------- messages tutorials print
@pytest.mark.parametrize("code", [
    "lib.empty(5, 2, 4, 1) + lib.empty(3, 1, 1)",
    "lib.ones(2, 3) * lib.ones(4)",
    "lib.empty(1, 3, 1).add_(lib.empty(3, 1, 7))",
    "lib.zeros(2, 1, requires_grad=True).clone().mul_(lib.ones(2, 3))",
    "lib.ones(2, 3) @ lib.ones(2, 3)",
    "lib.ones(3) @ lib.ones(2, 3)",
    "lib.nn.functional.linear(lib.ones(4, 3), lib.ones(5, 2))",
    "lib.tensor([[0, 1], [2, 3]]).t().view(4)",
    "lib.ones(3, requires_grad=True).sub_(0.1)",
    "lib.zeros(3, requires_grad=True)[:2].add_(1)",
    "lib.zeros(3, requires_grad=True).uniform_()",
    "lib.nn.Linear(3, 2).load_state_dict({'weight': lib.zeros(4, 3), 'bias': lib.zeros(2)})",
])
def test_error_messages_open_with_torchs_words(code):
    """The broadcasting docs page and many tutorials print the exception; minigrad's detail (the op and the fix)
    follows torch's sentence."""
    t = _error(torch, lambda lib: eval(code, {"lib": lib}))
    m = _error(minigrad, lambda lib: eval(code, {"lib": lib}))
    assert m[0] == t[0]
    first = t[1].splitlines()[-1].strip() if "load_state_dict" in code else t[1]
    first = re.sub(r"^(mm|addmm): ", "", first)            # (torch 2.15 names the kernel first, and so does minigrad)
    assert first in m[1]
    assert re.sub(r"^(mm|addmm): ", "", m[1]).startswith(first) or "load_state_dict" in code


def test_broadcast_shapes_returns_a_size_as_torch():
    t, m = _both(lambda lib: (repr(lib.broadcast_shapes((2,), (3, 1), (1, 1, 1))),
                              repr(lib.broadcast_tensors(lib.ones(3), lib.ones(2, 1))[0].shape)))
    assert m == t


# --------------------------------------------------------------------------- nn.utils.skip_init
def test_skip_init_builds_without_drawing_random_numbers_as_torch():
    """The Modules notes: skip_init(nn.Linear, 5, 1) -- shapes as the class makes them; the draws after it are
    torch's (torch builds on the meta device); a class without a ``device`` argument is refused."""
    def build(lib):
        lib.manual_seed(0)
        m = lib.nn.utils.skip_init(lib.nn.Linear, 5, 1)
        m2 = lib.nn.utils.skip_init(lib.nn.Linear, in_features=6, out_features=2, bias=False)
        after = lib.randn(3).tolist()

        class NoDevice(lib.nn.Module):
            def __init__(self, n):
                super().__init__()
                self.w = lib.nn.Parameter(lib.ones(n))
        refused = _error(lib, lambda _: lib.nn.utils.skip_init(NoDevice, 2))
        return (type(m).__name__, tuple(m.weight.shape), tuple(m.bias.shape), m.weight.requires_grad,
                tuple(m2.weight.shape), m2.bias, np.round(after, 5).tolist(), refused,
                _error(lib, lambda _: lib.nn.utils.skip_init(int))[0])
    t, m = _both(build)
    assert m == t
