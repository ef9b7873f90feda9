"""In-place changes through every kind of view while a graph is recorded (issue 16), against torch:
values of the base and the view, every input's gradient, and the errors torch raises."""
import re

import numpy as np
import pytest
import torch

import minigrad

A = np.arange(12.0).reshape(3, 4) / 7 - 0.5
UP = np.random.default_rng(0).standard_normal((3, 4))
W = np.array([0.5, -1.5, 2.0, 0.25])

VIEWS = {
    "view": lambda b: b.view(12),
    "view_as": lambda b: b.view_as(b),
    "reshape": lambda b: b.reshape(2, 6),
    "flatten": lambda b: b.flatten(),
    "unflatten": lambda b: b.unflatten(1, (2, 2)),
    "transpose": lambda b: b.transpose(0, 1),
    "swapaxes": lambda b: b.swapaxes(0, 1),
    "permute": lambda b: b.permute(1, 0),
    "movedim": lambda b: b.movedim(0, 1),
    "t": lambda b: b.t(),
    "T": lambda b: b.T,
    "squeeze": lambda b: b.unsqueeze(0).squeeze(0),
    "unsqueeze": lambda b: b.unsqueeze(1),
    "narrow": lambda b: b.narrow(1, 1, 2),
    "select": lambda b: b.select(0, 1),
    "slice": lambda b: b[1:, ::2],
    "int_index": lambda b: b[2],
    "diagonal": lambda b: b.diagonal(),
    "diagonal_offset": lambda b: b.diagonal(1),
    "diagonal_neg_offset": lambda b: b.diagonal(-1, 1, 0),
    "view_of_view": lambda b: b.t()[1:].reshape(-1),
    "slice_of_transpose": lambda b: b.t()[::2, 1],
}

CHANGES = {
    "mul_scalar": lambda v, w: v.mul_(3.0),
    "add_tensor": lambda v, w: v.add_(w.reshape(-1)[: v.numel()].reshape(v.shape) if v.numel() <= 4
                                      else w.sum()),
    "mul_tensor": lambda v, w: v.mul_(w.sum() * 0.5),
    "relu": lambda v, w: v.relu_(),
    "add_then_exp": lambda v, w: v.add_(w[2]).exp_(),
    "copy": lambda v, w: v.copy_(w[0] * 2),
    "zero": lambda v, w: v.zero_(),
    "setitem": lambda v, w: v.__setitem__(0, w[1] * 3),
}


def _run(lib, make_view, change):
    a = lib.tensor(A, requires_grad=True)
    w = lib.tensor(W, requires_grad=True)
    b = a * 2
    v = make_view(b)
    change(v, w)
    out = (b * lib.tensor(UP)).sum() + (v * v).sum()
    out.backward()
    return [b.detach().numpy().copy(), v.detach().numpy().copy(), a.grad.numpy().copy(),
            None if w.grad is None else w.grad.numpy().copy()]


@pytest.mark.parametrize("view", sorted(VIEWS))
@pytest.mark.parametrize("change", sorted(CHANGES))
def test_inplace_through_view_as_torch(view, change):
    t = _run(torch, VIEWS[view], CHANGES[change])
    m = _run(minigrad, VIEWS[view], CHANGES[change])
    for what, mv, tv in zip(["base", "view", "a.grad", "w.grad"], m, t):
        if tv is None:
            assert mv is None or not mv.any(), f"{what}: torch has no gradient, minigrad {mv}"
            continue
        np.testing.assert_allclose(mv, tv, rtol=1e-12, atol=1e-12, err_msg=what)


def test_view_made_before_the_base_changed_follows_the_new_history():
    """b.mul_(2) rewrites b's history; a view of b made earlier must see it (torch rebuilds its grad_fn)."""
    res = {}
    for lib in (torch, minigrad):
        a = lib.tensor(A, requires_grad=True)
        b = a * 1
        v = b.view(12)
        u = b.t()[1]
        b.mul_(2)
        ((v * v).sum() + u.sum()).backward()
        res[lib] = a.grad.numpy()
    np.testing.assert_allclose(res[minigrad], res[torch], rtol=1e-12)


def test_sibling_views_see_each_others_changes():
    res = {}
    for lib in (torch, minigrad):
        a = lib.tensor(A, requires_grad=True)
        w = lib.tensor(W, requires_grad=True)
        b = a.clone()
        rows, cols = b.view(12), b.t()
        rows[:4].mul_(w)
        cols[0].add_(w[:3] * w[:3])
        (rows.exp().sum() + (cols ** 2).sum() + b.sum()).backward()
        res[lib] = (b.detach().numpy(), a.grad.numpy(), w.grad.numpy())
    for m, t in zip(res[minigrad], res[torch]):
        np.testing.assert_allclose(m, t, rtol=1e-12)


def test_writing_a_grad_value_into_a_view_of_a_plain_tensor():
    """x needs no grad; copying a tensor that needs grad into a view of it makes x (and the view) part of
    the graph, as in torch."""
    res = {}
    for lib in (torch, minigrad):
        x = lib.zeros(4, dtype=lib.float64)
        w = lib.tensor(W, requires_grad=True)
        v = x.view(2, 2).t()[0]
        v.copy_(w[:2] * 3)
        assert x.requires_grad and v.requires_grad
        (x * lib.tensor(W)).sum().backward()
        res[lib] = (x.detach().numpy(), w.grad.numpy())
    for m, t in zip(res[minigrad], res[torch]):
        np.testing.assert_allclose(m, t, rtol=1e-12)


def test_double_backward_through_inplace_view_change():
    res = {}
    for lib in (torch, minigrad):
        a = lib.tensor(A, requires_grad=True)
        b = a * a
        b.t()[1].mul_(a[1, :3].detach() + 1)
        g, = lib.autograd.grad(b.sum(), a, create_graph=True)
        h, = lib.autograd.grad((g * lib.tensor(UP)).sum(), a)
        res[lib] = (g.detach().numpy(), h.numpy())
    for m, t in zip(res[minigrad], res[torch]):
        np.testing.assert_allclose(m, t, rtol=1e-12)


# ---------------------------------------------------------------------------------------------
# Errors where torch raises
# ---------------------------------------------------------------------------------------------
def _errors(fn):
    msgs = []
    for lib in (torch, minigrad):
        with pytest.raises(RuntimeError) as info:
            fn(lib)
        msgs.append(str(info.value))
    return msgs


def test_view_of_a_leaf_that_requires_grad_refuses():
    t, m = _errors(lambda lib: lib.tensor(A, requires_grad=True).view(12).add_(1))
    assert "a view of a leaf" in t and "a view of a leaf" in m


def test_version_counter_error_through_a_view():
    """exp saved its output; changing the output through a view makes backward refuse, as in torch."""
    def fn(lib):
        a = lib.tensor(A, requires_grad=True)
        b = a.exp()
        b.t()[0].add_(1)
        b.sum().backward()
    t, m = _errors(fn)
    assert "modified by an inplace operation" in t
    assert re.search("modified by an inplace operation", m) and "version" in m


@pytest.mark.parametrize("view", ["view", "t", "slice", "diagonal", "none"])
def test_output_saved_by_an_inplace_op_then_changed_again_refuses(view):
    """relu_ saves its output (the view itself); exp_ changes it: backward refuses, as in torch."""
    make = (lambda b: b) if view == "none" else VIEWS[view]

    def fn(lib):
        a = lib.tensor(A, requires_grad=True)
        v = make(a * 2)
        v.relu_().exp_()
        (v * v).sum().backward()
    t, m = _errors(fn)
    assert "output 0 of Relu" in t and "output 0 of Relu" in m


def test_a_saved_view_changed_through_its_base_refuses():
    def fn(lib):
        a = lib.tensor(A, requires_grad=True)
        b = a * 1
        v = b.view(12)
        y = v * v                       # saves v
        b.add_(1)                        # same memory, one version counter
        y.sum().backward()
    t, m = _errors(fn)
    assert "inplace operation" in t and "inplace operation" in m


def test_expanded_view_refuses_in_place_writes():
    for grad in (True, False):
        def fn(lib):
            a = lib.tensor(A, requires_grad=grad)
            b = a * 1
            b[:1].expand(3, 4).mul_(2)
        t, m = _errors(fn)
        assert "more than one element of the written-to tensor refers to a single memory location" in t
        assert "more than one element of the written-to tensor refers to a single memory location" in m


def test_versions_shared_across_views():
    for lib in (torch, minigrad):
        a = lib.zeros(3, 4)
        v, w = a.t(), a.diagonal()
        v.add_(1)
        w.mul_(2)
        assert a._version == v._version == w._version == 2
        assert v._base is a and w._base is a and a._base is None
        assert a.tolist() == [[2.0, 1, 1, 1], [1, 2, 1, 1], [1, 1, 2, 1]]


@pytest.mark.parametrize("args", [(), (1,), (-1,), (0, 0, 1), (1, 1, 2), (-2, 2, 0)])
def test_diagonal_values_and_gradient_as_torch(args):
    arr = np.random.default_rng(1).standard_normal((3, 4, 5))
    res = {}
    for lib in (torch, minigrad):
        x = lib.tensor(arr, requires_grad=True)
        d = x.diagonal(*args)
        up = lib.tensor(np.linspace(-1, 1, d.numel()).reshape(tuple(d.shape)))
        (d * up).sum().backward()
        res[lib] = (d.detach().numpy(), x.grad.numpy())
    for m, t in zip(res[minigrad], res[torch]):
        np.testing.assert_allclose(m, t, rtol=1e-12)


def test_diagonal_rejects_equal_dims():
    with pytest.raises(RuntimeError, match="diagonal dimensions cannot be identical"):
        minigrad.zeros(3, 3).diagonal(0, 1, 1)


# ---------------------------------------------------------------------------------------------
# Everyday patterns from PyTorch code
# ---------------------------------------------------------------------------------------------
def _set(y, key, value):
    y[key] = value
    return y


def _iadd_rows(lib, a):
    y = a * 1
    y[:, 0] += 1
    y[1] *= 3
    return y


PATTERNS = {
    "setitem_column": lambda lib, a: _set(a * 1, (slice(None), 0), a[:, 0] * 2 + 1),
    "iadd_through_getitem": _iadd_rows,
    "mask_assign": lambda lib, a: (lambda y: _set(y, y < 0, 0.0))(a.clone()),
    "flat_view_index_assign": lambda lib, a: (lambda y: (_set(y.view(-1), lib.tensor([0, 5]), a[0, :2] * 3), y)[1])(
        a * 2),
    "diagonal_fill": lambda lib, a: (lambda y: (y.diagonal().fill_(0), y)[1])(a * 2),
    "fill_diagonal_": lambda lib, a: (a * 2).fill_diagonal_(-5.0),
    "unsqueeze_mul_by_tensor": lambda lib, a: (lambda y: (y.unsqueeze(0).mul_(a.sum()), y)[1])(a * 2),
    "functional_relu_inplace_on_view": lambda lib, a: (
        lambda y: (lib.nn.functional.relu(y.view(4, 3), inplace=True), y)[1])(a * 2),
    "sigmoid_on_transpose": lambda lib, a: (lambda y: (y.t().sigmoid_(), y)[1])(a * 2),
    "clamp_on_slice": lambda lib, a: (lambda y: (y[1:].clamp_(-0.5, 0.5), y)[1])(a * 2),
    "copy_row_into_row": lambda lib, a: (lambda y: (y[0].copy_(y[2]), y)[1])(a * 2),
    "masked_fill_on_transpose": lambda lib, a: (lambda y: (y.t().masked_fill_(y.t() > 0.5, 0.0), y)[1])(a * 2),
    "index_add_on_transpose": lambda lib, a: (
        lambda y: (y.t().index_add_(0, lib.tensor([0, 0]), a[:2, :3] * 1), y)[1])(a * 2),
    "scatter_on_slice": lambda lib, a: (lambda y: (y[1:].scatter_(1, lib.tensor([[0], [2]]), a[:2, :1] * 1), y)[1])(
        a * 2),
    "zero_then_square": lambda lib, a: (lambda y: (y[:, 1:3].zero_(), y * y)[1])(a * 2),
}


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_everyday_inplace_patterns_as_torch(name):
    res = {}
    for lib in (torch, minigrad):
        a = lib.tensor(A, requires_grad=True)
        out = PATTERNS[name](lib, a)
        (out * lib.tensor(np.linspace(-1, 2, out.numel()).reshape(tuple(out.shape)))).sum().backward()
        res[lib] = (out.detach().numpy(), a.grad.numpy())
    for m, t in zip(res[minigrad], res[torch]):
        np.testing.assert_allclose(m, t, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("shape,wrap", [((3, 4), False), ((7, 3), False), ((7, 3), True), ((3, 3, 3), False)])
def test_fill_diagonal_as_torch(shape, wrap):
    res = [lib.zeros(*shape).fill_diagonal_(2.0, wrap=wrap).numpy() for lib in (torch, minigrad)]
    np.testing.assert_array_equal(res[1], res[0])
