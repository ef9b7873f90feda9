"""Minimal repros of what published PyTorch programs (round thirteen: Tensor.apply_ in data prep, device-agnostic
scripts, a Kim-style text CNN, loss zoos and metric learning, einsum-heavy attention, LSTM/GRU tutorials that print
their outputs, graph walks over grad_fn) met under ``import minigrad as torch``, each cross-checked against torch."""
from __future__ import annotations

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


def _outcome(fn):
    """("value", result) or ("error", exception class name, message)."""
    try:
        return "value", fn()
    except Exception as e:  # noqa: BLE001 -- the class is what is compared
        return "error", type(e).__name__, str(e)


# --------------------------------------------------------------------------- Tensor.apply_ / map_ / map2_
def test_apply_map_map2_write_python_results_in_place_as_torch():
    def build(lib):
        t = lib.arange(6, dtype=lib.float32).reshape(2, 3)
        same = t.apply_(lambda v: v * v + 1) is t
        u = lib.ones(2, 3)
        u.map_(lib.tensor([1.0, 2.0, 3.0]), lambda a, b: a + 2 * b)           # the other broadcast to u's shape
        w = lib.zeros(2, 3).map2_(t, u, lambda a, b, c: b - c)
        i = lib.tensor([1, 2, 3]).apply_(lambda v: v * 2.7)                    # int64: truncated, as torch
        base = lib.ones(4)
        base[::2].apply_(lambda v: 5)                                          # a view writes into its base
        grid = lib.arange(6.0).view(2, 3)
        grid.t().apply_(lambda v: -v)
        seen = []
        lib.ones(1, dtype=lib.bool).apply_(lambda v: seen.append(type(v).__name__) or v)
        lib.ones(1).map_(lib.ones(1), lambda a, b: seen.append(type(a).__name__) or a)
        back = lib.ones(2).apply_(lambda v: lib.tensor(3.0))                   # anything with __float__
        return (same, t.tolist(), u.tolist(), w.tolist(), i.tolist(), str(i.dtype), base.tolist(), grid.tolist(),
                seen, back.tolist(), lib.tensor([1, 2], dtype=lib.uint8).apply_(lambda v: -1).tolist())
    t, m = _both(build)
    assert m == t


@pytest.mark.parametrize("code", [
    "lib.ones(2, requires_grad=True).apply_(lambda v: v)",
    "lib.ones(2).map_(lib.ones(2, requires_grad=True), lambda a, b: a)",
    "lib.ones(2, requires_grad=True).map2_(lib.ones(2), lib.ones(2), lambda a, b, c: a)",
    "lib.ones(2).map_(lib.ones(2, dtype=lib.int64), lambda a, b: a)",
    "lib.ones(2).map2_(lib.ones(2), lib.ones(2, dtype=lib.int64), lambda a, b, c: a)",
    "lib.ones(2).map_(lib.ones(3), lambda a, b: a)",
    "lib.ones(2).apply_(lambda v: 'text')",
    "lib.ones(2).apply_(lambda v: None)",
    "lib.ones(2).apply_(lambda v: 1 + 2j)",
    "lib.ones(2, dtype=lib.int32).apply_(lambda v: 2 ** 40)",
    "lib.ones(2).apply_(5)",
])
def test_apply_map_refuse_what_torch_refuses_with_its_exception_class(code):
    t = _outcome(lambda: eval(code, {"lib": torch}))
    m = _outcome(lambda: eval(code, {"lib": minigrad}))
    assert t[0] == "error" and m[0] == "error", (t, m)
    assert m[1] == t[1], (t, m)
    if "requires grad" in t[2]:
        assert m[2] == t[2]                     # torch's message, which names the fix (detach() first)


def test_apply_leaves_the_version_counter_as_torch_does():
    def build(lib):
        x = lib.ones(3)
        x.apply_(lambda v: v + 1)
        y = lib.ones(3)
        y.add_(1)
        return x._version, y._version
    t, m = _both(build)
    assert m == t


# --------------------------------------------------------------------------- device-agnostic scripts, legacy types
def test_is_pinned_and_empty_legacy_constructors_answer_as_torch():
    def build(lib):
        return (lib.ones(3).is_pinned(), tuple(lib.LongTensor().shape), str(lib.LongTensor().dtype),
                tuple(lib.BoolTensor().shape), tuple(lib.FloatTensor(lib.Size([2, 1])).shape),
                tuple(lib.Tensor(lib.Size([2])).shape), tuple(lib.Tensor().shape), lib.Tensor([[1, 2]]).tolist(),
                lib.LongTensor([1, 2]).tolist())
    t, m = _both(build)
    assert m == t


# --------------------------------------------------------------------------- number / tensor
def test_number_over_tensor_rounds_and_records_as_torch():
    # torch computes 1.7 / x as x.reciprocal() * 1.7: printed results agree to the last digit only that way
    y = np.linspace(-3, 5, 2001).astype(np.float32)
    for num in (1.7, 0.3, 3, 1):
        t = (num / torch.tensor(y)).numpy()
        m = (num / minigrad.tensor(y)).numpy()
        assert np.array_equal(t, m, equal_nan=True), num

    def build(lib):
        z = lib.tensor([0.5, 2.0], requires_grad=True)
        w = 3 / z
        return (w.grad_fn.name(), [None if f is None else f.name() for f, _ in w.grad_fn.next_functions],
                (lib.tensor(2.0) / z).grad_fn.name(), (1 / lib.arange(0, 3)).tolist(),
                str((1 / lib.tensor(3)).dtype), (1.5 / lib.tensor([2], dtype=lib.int8)).tolist(),
                (2 / lib.tensor([1 + 1j])).tolist())
    t, m = _both(build)
    assert m == t
    with warnings.catch_warnings():
        warnings.simplefilter("error")                         # 0 / 0 is nan silently, as torch
        zero = (0 / minigrad.tensor([0.0, 2.0, -0.0])).numpy()
    assert np.array_equal(zero, (0 / torch.tensor([0.0, 2.0, -0.0])).numpy(), equal_nan=True)
    check(lambda lib, x: 1.3 / x, np.array([0.5, -2.0, 4.0]))
    check(lambda lib, x: 2 / x, np.array([0.5, -2.0, 4.0], dtype=np.float32))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_cube_and_inverse_square_round_as_torchs_products(dtype):
    # the polynomial-fitting tutorial prints full-precision losses of a + b x + c x^2 + d x^3: torch computes x ** 3
    # as x * x * x and x ** -2 as 1 / (x * x), so powf's roundings made the printed digits differ
    x = np.concatenate([np.linspace(-np.pi, np.pi, 2001), [0.0, -0.0, np.inf, -np.inf, np.nan, 1e30]]).astype(dtype)
    for e in (3, 3.0, -2, -2.0, 2):
        t = (torch.tensor(x) ** e).numpy()
        m = (minigrad.tensor(x) ** e).numpy()
        assert np.array_equal(t, m, equal_nan=True), e
    check(lambda lib, a: a ** 3 + a.pow(-2), np.array([0.5, -1.5, 2.0], dtype=dtype))


# --------------------------------------------------------------------------- grad_fn names programs print
def _names(build):
    t, m = _both(build)
    assert m == t


def test_loss_nodes_carry_torchs_names_for_every_reduction():
    def build(lib):
        F = lib.nn.functional
        rng = np.random.default_rng(0)
        x = lib.tensor(rng.standard_normal((4, 3)).astype(np.float32), requires_grad=True)
        y = lib.tensor(rng.standard_normal((4, 3)).astype(np.float32))
        a = lib.tensor(rng.standard_normal((4, 3)).astype(np.float32))
        p = lib.softmax(lib.tensor(rng.standard_normal((4, 3)).astype(np.float32)), 1)
        t = lib.tensor([0, 2, 1, 1])
        sgn = lib.tensor([1.0, -1.0, 1.0, -1.0])
        out = []
        for r in ("none", "mean", "sum"):
            out.append([F.cross_entropy(x, p, reduction=r).grad_fn.name(),
                        F.cross_entropy(x, p, reduction=r, label_smoothing=0.1).grad_fn.name(),
                        F.soft_margin_loss(x, y.sign(), reduction=r).grad_fn.name(),
                        F.multi_margin_loss(x, t, reduction=r).grad_fn.name(),
                        F.multilabel_margin_loss(x, lib.tensor([[0, -1, 1]] * 4), reduction=r).grad_fn.name(),
                        F.triplet_margin_loss(x, y, a, reduction=r).grad_fn.name(),
                        F.triplet_margin_with_distance_loss(x, y, a, reduction=r).grad_fn.name(),
                        F.margin_ranking_loss(x[:, 0], x[:, 1], sgn, reduction=r).grad_fn.name()])
        out.append([F.pairwise_distance(x, y).grad_fn.name(), F.pairwise_distance(x, y, keepdim=True).grad_fn.name(),
                    F.pairwise_distance(x, y, p=1.0, eps=0.0).grad_fn.name(), lib.cdist(x, y).grad_fn.name(),
                    lib.cdist(x, y, p=1).grad_fn.name(), F.pdist(x).grad_fn.name()])
        return out
    _names(build)


def test_clamp_min_margin_losses_keep_torchs_values_and_gradients():
    # the margin losses now end in clamp_min (torch's node); values and gradients stay torch's (no value sits exactly
    # at the margin: torch 2.13 and 2.15 disagree about the gradient there)
    x1, x2 = np.array([0.5, 0.2, 0.9, 0.3]), np.array([0.3, 0.25, 0.1, 0.4])
    y = np.array([1.0, -1.0, -1.0, 1.0])
    for r in ("none", "mean"):
        check(lambda lib, a, b, t: lib.nn.functional.margin_ranking_loss(a, b, t, margin=0.0, reduction=r),
              x1, x2, y, grad=[True, True, False])
        check(lambda lib, a, b, c: lib.nn.functional.triplet_margin_loss(a, b, c, reduction=r),
              np.random.default_rng(6).standard_normal((4, 3)), np.random.default_rng(7).standard_normal((4, 3)),
              np.random.default_rng(8).standard_normal((4, 3)))


def test_probability_target_cross_entropy_values_and_gradients_match_torch():
    # the sum reduction is now written -(terms).sum() (torch's NegBackward0); values and gradients stay torch's
    logits = np.random.default_rng(1).standard_normal((5, 4))
    probs = np.random.default_rng(2).dirichlet(np.ones(4), 5)
    for r in ("none", "mean", "sum"):
        check(lambda lib, x, p: lib.nn.functional.cross_entropy(x, p, reduction=r, label_smoothing=0.1),
              logits, probs, grad=[True, True])
        check(lambda lib, x, p: lib.nn.functional.cross_entropy(x, p, weight=lib.tensor([1.0, 2.0, 0.5, 1.0],
                                                                dtype=x.dtype), reduction=r), logits, probs)


@pytest.mark.parametrize("eq,shapes", [
    ("bij->b", [(2, 3, 4)]), ("ij->ji", [(3, 4)]), ("ii->i", [(3, 3)]), ("iij->j", [(3, 3, 2)]), ("ij", [(3, 4)]),
    ("ij,jk->ik", [(3, 4), (4, 2)]), ("bij,bjk->bik", [(2, 3, 4), (2, 4, 5)]), ("ij,ij->i", [(3, 4), (3, 4)]),
    ("i,j->ij", [(3,), (2,)]), ("ij,ij->ij", [(3, 4), (3, 4)]), ("ij,ij->", [(3, 4), (3, 4)]),
    ("ij,k->ik", [(3, 4), (2,)]), ("ii,i->i", [(3, 3), (3,)]), ("bqd,dke,bpe->bqpk", [(2, 3, 4), (4, 6, 4), (2, 3, 4)]),
])
def test_einsum_result_node_is_named_as_torchs_and_values_match(eq, shapes):
    arrays = [np.random.default_rng(i).standard_normal(s) for i, s in enumerate(shapes)]
    check(lambda lib, *ts: lib.einsum(eq, *ts), *arrays)

    def build(lib):
        return lib.einsum(eq, *[lib.tensor(a, requires_grad=True) for a in arrays]).grad_fn.name()
    _names(build)


def test_rnn_outputs_carry_the_names_torchs_cpu_rnns_print():
    # the LSTM tutorial prints `out`: torch's CPU LSTM records a oneDNN layer node; batch_first GRU/RNN a transpose_
    def build(lib):
        nn = lib.nn
        lib.manual_seed(0)
        out = []
        for cls in (nn.LSTM, nn.GRU, nn.RNN):
            for kw in ({}, {"batch_first": True}, {"num_layers": 2}, {"bidirectional": True}, {"bias": False}):
                o, h = cls(3, 2, **kw)(lib.randn(4, 1, 3))
                hs = h if isinstance(h, tuple) else (h,)
                out.append((cls.__name__, o.grad_fn.name(), [t.grad_fn.name() for t in hs]))
            o, h = cls(3, 2)(lib.randn(4, 3))
            out.append(("unbatched", o.grad_fn.name()))
        o, (h, c) = nn.LSTM(3, 2).double()(lib.randn(2, 1, 3).double())
        out.append(("double", o.grad_fn.name(), h.grad_fn.name()))
        o, _ = nn.LSTM(3, 2, batch_first=True).double()(lib.randn(2, 4, 3).double())
        out.append(("double batch_first", o.grad_fn.name()))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out.append(("proj", nn.LSTM(3, 2, proj_size=1)(lib.randn(2, 4, 3))[0].grad_fn.name()))
        return out
    _names(build)


def test_matmul_and_linear_nodes_are_named_as_torch():
    def build(lib):
        nn, F = lib.nn, lib.nn.functional
        rng = np.random.default_rng(3)
        v = lib.tensor(rng.standard_normal(3).astype(np.float32), requires_grad=True)
        M = lib.tensor(rng.standard_normal((3, 2)).astype(np.float32), requires_grad=True)
        B = lib.tensor(rng.standard_normal((4, 2, 3)).astype(np.float32), requires_grad=True)
        C = lib.tensor(rng.standard_normal((4, 3, 5)).astype(np.float32), requires_grad=True)
        D = lib.tensor(rng.standard_normal((5, 4, 2, 3)).astype(np.float32), requires_grad=True)
        names = [(B @ v), (v @ B.mT), (B @ M), (M.T @ B.mT), (B @ C), lib.bmm(B, C), (D @ M), (C.mT @ M), (v @ C),
                 (v @ M), (M.T @ v), (v @ v), (M @ M.T)]
        lin = nn.Linear(3, 2, bias=False)
        names += [lin(v), F.linear(v, M.T), nn.Linear(3, 2)(lib.randn(2, 3)), lin(lib.randn(2, 3))]
        return [t.grad_fn.name() for t in names]
    _names(build)
    check(lambda lib, a, b: a @ b, np.random.default_rng(4).standard_normal((3, 4)),
          np.random.default_rng(5).standard_normal((2, 4, 5)))


def test_embedding_bag_output_is_one_node_as_torchs():
    def build(lib):
        lib.manual_seed(0)
        out = []
        for kw in ({"mode": "mean"}, {"mode": "sum"}, {"mode": "max"}, {"mode": "mean", "padding_idx": 0}):
            bag = lib.nn.EmbeddingBag(5, 3, **kw)
            out.append(bag(lib.tensor([[1, 2], [0, 3]])).grad_fn.name())
            out.append(bag(lib.tensor([1, 2, 0, 3]), lib.tensor([0, 2])).grad_fn.name())
        return out
    _names(build)


# --------------------------------------------------------------------------- module hooks and parameters
def test_module_hooks_that_are_not_callable_are_taken_and_fail_when_called_as_torch():
    def build(lib):
        m = lib.nn.Linear(2, 2)
        handles = [m.register_forward_hook(5), m.register_full_backward_hook(5)]
        handles[1].remove()
        first = _outcome(lambda: m(lib.ones(1, 2)))
        handles[0].remove()
        m.register_forward_pre_hook("x")
        second = _outcome(lambda: m(lib.ones(1, 2)))
        return [type(h).__name__ for h in handles], first, second
    t, m = _both(build)
    assert m == t


def test_register_parameter_of_a_plain_tensor_raises_torchs_message():
    def build(lib):
        return _outcome(lambda: lib.nn.Module().register_parameter("p", lib.zeros(1))), \
            _outcome(lambda: lib.nn.Module().register_parameter("p", 3))
    t, m = _both(build)
    assert m == t
