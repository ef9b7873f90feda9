"""Round twenty's shortcuts for long chains of small ops, against the reference they replace:

* ``fast/apply.py``'s ``number_operator`` (``y * 0.999``, ``y + 1e-3``, ``1 - y`` while recording) sets on
  the node exactly the fields the op's own forward sets;
* ``fast/engine.py``'s ``count_edges`` counts what ``engine._count_edges`` counts, and the loop that reads a
  compact node's edges from its attributes gives the reference's gradients, on graphs that mix compact
  nodes, ``Op.apply``'s nodes, several outputs, user Functions and a leaf used many times."""
import numpy as np
import pytest

import minigrad
from minigrad.autograd import engine
from minigrad.fast import apply as fast_apply
from minigrad.fast import engine as fast_engine
from minigrad.ops import pointwise

from helpers import both_modes, rand

NUMBER_OPS = [(pointwise.Mul, lambda a, b: a * b), (pointwise.Add, lambda a, b: a + b),
              (pointwise.Sub, lambda a, b: a - b)]


def _fields(node):
    """A node's own fields, without how its edges are kept (compact attributes or ``_edges``)."""
    skip = {"_arity", "_in0", "_nr0", "_in1", "_nr1", "_edges"}
    return {k: v for k, v in vars(node).items() if k not in skip}


@pytest.mark.parametrize("reflected", [False, True], ids=["tensor op number", "number op tensor"])
@pytest.mark.parametrize("cls,fn", NUMBER_OPS, ids=[c.__name__ for c, _ in NUMBER_OPS])
@pytest.mark.parametrize("number", [0.25, 3], ids=["float", "int"])
def test_number_operator_records_what_the_forward_records(cls, fn, reflected, number):
    x = minigrad.tensor(rand(3, 4, seed=1), requires_grad=True)
    y = x * 1.0
    with minigrad.reference_mode(False):
        op = fast_apply.number_operator(cls, fn, reflected)
        fast_out = op(y, number)
    reference_out = cls.apply(number, y) if reflected else cls.apply(y, number)
    assert type(fast_out.grad_fn) is type(reference_out.grad_fn)
    assert _fields(fast_out.grad_fn) == _fields(reference_out.grad_fn)
    assert fast_out.grad_fn.next_functions == reference_out.grad_fn.next_functions
    assert fast_out.dtype == reference_out.dtype and fast_out.requires_grad
    np.testing.assert_array_equal(fast_out.detach().numpy(), reference_out.detach().numpy())
    g = minigrad.tensor(rand(3, 4, seed=2))
    (g_fast,) = minigrad.autograd.grad(fast_out, y, g)
    (g_reference,) = minigrad.autograd.grad(reference_out, y, g)
    np.testing.assert_array_equal(g_fast.numpy(), g_reference.numpy())


def test_number_operator_is_only_for_mul_add_sub():
    assert fast_apply.number_operator(pointwise.Div, lambda a, b: a / b, False) is None


class Twice(minigrad.autograd.Function):
    @staticmethod
    def forward(ctx, a, b):
        return a * 2 + b, a - b

    @staticmethod
    def backward(ctx, ga, gb):
        return ga * 2 + gb, ga - gb


def _mixed_graph():
    """A graph of every kind of node: compact ones (x * 0.5, relu, y + z), Op.apply's (sum with dims,
    addmm's three arguments), a user Function with two outputs, split's several outputs, a leaf used often."""
    x = minigrad.tensor(rand(4, 6, seed=3), requires_grad=True)
    w = minigrad.tensor(rand(6, 6, seed=4), requires_grad=True)
    b = minigrad.tensor(rand(6, seed=5), requires_grad=True)
    y = minigrad.relu(x * 0.5 + 1.0) - 0.25 * x * 3
    z = minigrad.addmm(b, y, w)
    p, q = Twice.apply(z, x)
    left, right = p.split(3, dim=1)
    out = (left * right).sum(dim=0) + q.sum(dim=0)[:3] + (1 - x).sum()
    return out, (x, w, b)


def test_count_edges_counts_what_the_reference_counts():
    out, _ = _mixed_graph()
    roots = [(out.grad_fn, 0)]
    assert fast_engine.count_edges(roots) == engine._count_edges(roots, fast_apply.edges_of)
    assert len(fast_engine.count_edges(roots)) > 10


def test_the_loop_on_a_mixed_graph_matches_the_reference():
    def run():
        out, leaves = _mixed_graph()
        out.backward(minigrad.tensor(rand(*out.shape, seed=6)))
        return [leaf.grad.numpy() for leaf in leaves]
    fast_grads, reference_grads = both_modes(run)
    for f, r in zip(fast_grads, reference_grads):
        np.testing.assert_allclose(f, r, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
@pytest.mark.parametrize("number", [0.999, -1.0, 0.0, 1e-3, 3, 1e5, -2.5e38, float("inf")], ids=str)
@pytest.mark.parametrize("reflected", [False, True], ids=["tensor op number", "number op tensor"])
@pytest.mark.parametrize("cls,fn", NUMBER_OPS, ids=[c.__name__ for c, _ in NUMBER_OPS])
def test_number_operator_computes_as_the_reference_silently(cls, fn, reflected, number, dtype):
    """The plain operator for numbers in [-1, 1], the silent one (torch's numbers) for the rest: the same values
    as the reference on inf, NaN, the largest floats and -0.0, and no NumPy warning, in every float dtype."""
    import warnings
    info = np.finfo(dtype)
    data = np.array([[0.5, -0.0, np.inf, -np.inf], [np.nan, float(info.max), -float(info.max), 1e-3]], dtype)

    def run():
        y = minigrad.tensor(data, requires_grad=True) * 1.0
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            out = fn(number, y) if reflected else fn(y, number)
        return out.detach().numpy()
    fast_value, reference_value = both_modes(run)
    assert fast_value.dtype == reference_value.dtype == dtype
    np.testing.assert_array_equal(fast_value, reference_value)
    assert np.array_equal(np.signbit(fast_value), np.signbit(reference_value))
