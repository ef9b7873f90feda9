"""Whole small programs (round sixteen), written in the styles of published training scripts -- argparse and a
main() guard, progress lines with f-strings of tensors, custom Datasets, samplers and collate functions, early
stopping, evaluation loops, distributions, checkpoints, seeds and backend flags -- run unchanged under torch and
under the import swap (``import minigrad as torch``, ``from minigrad.utils.data import ...``). The runner and the
comparison are round fifteen's (tests/test_programs15.py); the programs are in tests/programs16/."""
from __future__ import annotations

import pathlib

import numpy as np
import pytest

from tests.helpers import check
from tests.test_programs15 import _both, assert_all_swap, assert_prints_as_torch

HERE = pathlib.Path(__file__).parent / "programs16"
PROGRAMS = sorted(p.name for p in HERE.glob("p*.py"))


@pytest.mark.parametrize("name", PROGRAMS)
def test_program_prints_what_torch_prints(name):
    assert_prints_as_torch(name, HERE)


def test_the_programs_are_there_and_swap_every_import():
    assert_all_swap(HERE, PROGRAMS, 50)


# --------------------------------------------------------------------------- what the programs needed
def test_diag_trace_and_t_name_their_nodes_as_torch():
    """A similarity matrix's ``sim.diag()`` prints ``grad_fn=<DiagonalBackward0_copy>`` (a copy, not a view),
    a vector's ``diag`` is a DiagEmbed, ``trace`` one node, and ``t()`` of a vector still a ``TBackward0``."""
    def build(lib):
        a = lib.arange(12.0).view(3, 4).requires_grad_()
        v = lib.tensor([1.0, 2.0], requires_grad=True)
        nodes = [a.diag(), lib.diag(a, 1), a.diag(-2), lib.diag(v), lib.diag(v, -1), lib.trace(a[:, :3]), v.t(),
                 lib.tensor(2.0, requires_grad=True).t()]
        d = a.detach().diag()
        d += 100                                    # a copy: the matrix keeps its diagonal
        return ([(n.grad_fn.name(), [type(f).__name__ for f, _ in n.grad_fn.next_functions], n.tolist())
                 for n in nodes], a.detach().diag().tolist(), repr(a.diag()))
    t, m = _both(build)
    assert m == t


@pytest.mark.parametrize("offset", [0, 1, -1, 3])
def test_diag_of_a_matrix_and_of_a_vector_gradients_match_torch(offset):
    rng = np.random.default_rng(offset + 5)
    check(lambda lib, a: lib.diag(a, offset) * 2, rng.standard_normal((3, 4)))
    check(lambda lib, a: lib.diag(a, offset), rng.standard_normal(3))
    check(lambda lib, a: lib.trace(a) * a.t(), rng.standard_normal((3, 3)))
    check(lambda lib, a: a.t() * 3, rng.standard_normal(4))


def test_roll_without_dims_is_one_roll_node_as_torch():
    def build(lib):
        x = lib.arange(6.0).view(2, 3).requires_grad_()
        y = x.roll(2)
        return y.tolist(), y.grad_fn.name(), [type(f).__name__ for f, _ in y.grad_fn.next_functions]
    t, m = _both(build)
    assert m == t
    check(lambda lib, a: a.roll(-4), np.random.default_rng(1).standard_normal((3, 4)))


def test_size_arithmetic_stays_a_size_as_torch():
    """``(1,) + x.shape`` and ``x.shape[:1] * 2`` are Sizes (their repr says ``torch.Size``); a list is refused."""
    def build(lib):
        s = lib.zeros(3, 2).shape
        refused = None
        try:
            s + [1]
        except TypeError as e:
            refused = str(e)
        return [repr(v) for v in ((1,) + s, s + (4,), s * 2, 3 * s[:1], s * 0, s[1:] + s)], refused
    t, m = _both(build)
    assert m == t


def test_a_distribution_prints_a_one_element_parameter_as_torch():
    """torch prints a parameter of one element as itself: a 0-d tensor as its value, ``tensor([0.5])`` as is."""
    def build(lib):
        D = lib.distributions
        return [repr(d) for d in (D.Normal(lib.tensor([0.5]), lib.tensor([1.0])), D.Normal(lib.tensor(0.0), 2.0),
                                  D.Bernoulli(lib.tensor([[0.25]])), D.Categorical(logits=lib.zeros(3)),
                                  D.Uniform(lib.zeros(2), lib.ones(2)), D.Exponential(lib.tensor([3.0])))]
    t, m = _both(build)
    assert m == t


@pytest.mark.parametrize("dtype", ["float32", "float16", "empty"])
def test_group_norm_is_one_native_group_norm_node_as_torch(dtype):
    def build(lib):
        x = lib.randn(0 if dtype == "empty" else 2, 4, 3).requires_grad_()
        x = x.half() if dtype == "float16" else x
        out = [lib.nn.functional.group_norm(x, 2), lib.nn.GroupNorm(2, 4)(x.float())]
        return [(o.grad_fn.name(), [None if f is None else type(f).__name__ for f, _ in o.grad_fn.next_functions])
                for o in out]
    t, m = _both(build)
    assert m == t


def test_group_norm_gradients_match_torch():
    rng = np.random.default_rng(7)
    check(lambda lib, x, w, b: lib.nn.functional.group_norm(x, 2, w, b), rng.standard_normal((2, 4, 3)),
          rng.standard_normal(4), rng.standard_normal(4))


def test_convert_sync_batchnorm_shares_the_layers_state_as_torch():
    """DDP scripts convert before wrapping; in one process the layer is a BatchNorm of the local batch."""
    def build(lib):
        lib.manual_seed(0)
        inner = lib.nn.BatchNorm1d(3, affine=False, momentum=None)
        net = lib.nn.Sequential(lib.nn.Linear(2, 3), lib.nn.BatchNorm1d(3), lib.nn.Sequential(inner))
        net[1](lib.randn(4, 3))
        conv = lib.nn.SyncBatchNorm.convert_sync_batchnorm(net)
        out = conv(lib.randn(5, 2))
        refused = None
        try:
            lib.nn.SyncBatchNorm(3)(lib.ones(3))
        except ValueError as e:
            refused = str(e)
        return (conv is net, repr(conv), conv[1].weight is net[1].weight, conv[2][0].momentum,
                conv[1].num_batches_tracked.item(), np.round(conv[1].running_var.numpy(), 5).tolist(),
                out.grad_fn.name(), lib.nn.SyncBatchNorm(2, 0.1, process_group=None)(lib.randn(2, 2, 1, 1, 3)).shape,
                refused)
    t, m = _both(build)
    assert m == t
