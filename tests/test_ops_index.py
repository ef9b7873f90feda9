"""Indexing, setitem, gather/scatter, masked_fill against torch (gradients included)."""
import numpy as np
import pytest

from helpers import check, rand

KEYS = {
    "int": lambda t, x: x[1],
    "neg_int": lambda t, x: x[-1, 2],
    "slice": lambda t, x: x[1:3],
    "slice_step": lambda t, x: x[::2, 1::2],
    "ellipsis": lambda t, x: x[..., 1],
    "none": lambda t, x: x[None, :, None, 0],
    "int_list": lambda t, x: x[[0, 2, 2]],
    "repeated_index_tensor": lambda t, x: x[t.tensor([1, 1, 0, 1])],
    "2d_index_tensor": lambda t, x: x[t.tensor([[0, 1], [2, 2]])],
    "two_index_tensors": lambda t, x: x[t.tensor([0, 1, 1]), t.tensor([2, 0, 2])],
    "mixed": lambda t, x: x[1:, [0, 0, 3]],
    "bool_mask": lambda t, x: x[x > 0],
    "bool_rows": lambda t, x: x[t.tensor([True, False, True])],
    "scalar_tensor_index": lambda t, x: x[t.tensor(1)],
}


@pytest.mark.parametrize("name", sorted(KEYS))
def test_getitem(name, device):
    check(KEYS[name], rand(3, 4, seed=30), device=device)


@pytest.mark.parametrize("dim", [0, 1, -1])
def test_gather(dim, device):
    import torch
    x = rand(3, 4, seed=31)
    idx = np.random.default_rng(0).integers(0, x.shape[dim], size=(3, 4) if dim != 0 else (2, 4))
    check(lambda t, a, i: t.gather(a, dim, i), x, idx, device=device)
    check(lambda t, a, i: a.gather(dim, i[:, :2]), x, idx, device=device)


def test_gather_repeated_indices_accumulate(device):
    x = rand(2, 3, seed=32)
    idx = np.array([[0, 0, 0, 2], [1, 1, 2, 2]])
    check(lambda t, a, i: a.gather(1, i), x, idx, device=device)


def test_scatter_and_scatter_add(device):
    x = rand(3, 5, seed=33)
    src = rand(2, 5, seed=34)
    idx = np.array([[0, 1, 2, 0, 0], [2, 0, 0, 1, 2]])
    check(lambda t, a, s, i: a.scatter_add(0, i, s), x, src, idx, device=device)
    unique = np.array([[2, 0, 4], [1, 3, 0]])        # scatter with repeated indices is undefined (as in torch)
    check(lambda t, a, s, i: t.scatter(a, 1, i, s[:, :3]), x, src, unique, device=device)


def test_index_select_and_masked(device):
    x = rand(4, 3, seed=35)
    check(lambda t, a: a.index_select(0, t.tensor([3, 0, 0])), x, device=device)
    check(lambda t, a: a.masked_fill(a > 0.5, -1.0), x, device=device)
    check(lambda t, a: a.masked_fill(t.tensor([True, False, True], device=a.device), 2.0), x, device=device)
    check(lambda t, a: t.masked_select(a, a < 0), x, device=device)


def test_setitem_with_gradient(device):
    def f(t, x, v):
        y = x * 2
        y[1] = v
        y[0, 1:3] = v[:2] * 3
        return y
    check(f, rand(3, 4, seed=36), rand(4, seed=37), device=device)


def test_setitem_into_zeros_buffer(device):
    def f(t, v):
        buf = t.zeros(3, 4, dtype=v.dtype, device=v.device)
        buf[1] = v
        buf[:, 0] = buf[:, 0] + 1
        return buf * 3
    check(f, rand(4, seed=38), device=device)


def test_inplace_on_slice_view_with_gradient(device):
    def f(t, x, w):
        y = x.clone()
        y[0] += w
        y[:, 1].mul_(2)
        return y.sin()
    check(f, rand(3, 4, seed=39), rand(4, seed=40), device=device)


def test_setitem_no_grad_on_leaf(device):
    import minigrad
    w = minigrad.ones(3, requires_grad=True, device=device)
    with minigrad.no_grad():
        w[1] = 5.0
    assert w.tolist() == [1.0, 5.0, 1.0] and w.is_leaf and w.requires_grad


def test_one_hot(device):
    check(lambda t, c: t.nn.functional.one_hot(c, 4), np.array([0, 3, 1]), device=device, grad=[False])


def test_nonzero_where_single_arg(device):
    check(lambda t, a: (t.nonzero(a > 0), t.where(a > 0)), rand(3, 4, seed=41), device=device, grad=[False])
