"""The compact graph nodes of the fast layer (fast/apply.py): a node keeps its one or two edges in
attributes and the record of its own saved output in itself (``SAVED_OUTPUT``), so that a long chain of
ops gives Python's garbage collector few objects to scan. The graph they describe, the saved values
they give back and the errors they raise are those of reference mode's nodes."""
import gc

import numpy as np
import pytest

import minigrad
import minigrad.nn.functional as F
from minigrad.autograd.function import SAVED_OUTPUT

from helpers import both_modes, rand


def _describe(root):
    """The graph below ``root`` as plain data: for each node in depth-first order, its name and its
    edges as (index of the node pointed at, or None; output_nr), identical nodes sharing an index."""
    index, out, stack = {}, [], [root]
    while stack:
        node = stack.pop()
        if node in index:
            continue
        index[node] = len(out)
        out.append(None)
        edges = list(node.next_functions)
        out[index[node]] = (node.name(), edges)
        stack.extend(n for n, _ in reversed(edges) if n is not None)
    return [(name, [(None if n is None else index[n], nr) for n, nr in edges]) for name, edges in out]


class TwoOutputs(minigrad.autograd.Function):
    """A node with two outputs: an op on its second output points at it with output_nr 1."""

    @staticmethod
    def forward(ctx, x):
        return x * 2, x * 3

    @staticmethod
    def backward(ctx, g1, g2):
        return g1 * 2 + g2 * 3


GRAPHS = [
    ("mul number", lambda a, b: a * 0.5),
    ("reflected sub", lambda a, b: 2 - a),
    ("reflected div", lambda a, b: 1 / (a + 3)),
    ("relu chain", lambda a, b: F.relu(a * 0.999) + 0.001),
    ("binary", lambda a, b: a * b + a),
    ("one input without grad", lambda a, b: a * b.detach()),
    ("constant first", lambda a, b: minigrad.ones(3, 4, dtype=a.dtype) * a),
    ("chunks", lambda a, b: a.chunk(2, dim=1)[1] * 2 + a.chunk(2, dim=1)[0]),
    ("second output", lambda a, b: TwoOutputs.apply(a)[1] * b),
    ("second output, unary", lambda a, b: TwoOutputs.apply(a)[1].exp()),
    ("second output, reflected", lambda a, b: 1 - TwoOutputs.apply(a)[1]),
    ("max values", lambda a, b: a.max(1)[0] * b.sum()),
    ("product", lambda a, b: (a @ b.t()).sum(1)),
    ("the same leaf twice", lambda a, b: a * a),
]


@pytest.mark.parametrize("name,fn", GRAPHS, ids=[g[0] for g in GRAPHS])
def test_next_functions_describe_the_reference_graph(name, fn):
    def run():
        a = minigrad.tensor(rand(3, 4, seed=1), requires_grad=True)
        b = minigrad.tensor(rand(3, 4, seed=2), requires_grad=True)
        out = fn(a, b)
        root = out.grad_fn
        # the edges point at the inputs' own nodes: the same objects as their grad_fn
        return _describe(root), [type(n).__name__ for n, _ in root.next_functions]
    fast, reference = both_modes(run)
    assert fast == reference


def test_edges_are_the_producers_nodes():
    x = minigrad.tensor(rand(3, 4, seed=1), requires_grad=True)
    parts = TwoOutputs.apply(x * 2)
    y = parts[1] * 3
    (node, nr), (none, zero) = y.grad_fn.next_functions
    assert node is parts[1].grad_fn and nr == 1 and none is None and zero == 0
    z = 3 - parts[1]
    assert [(n, nr) for n, nr in z.grad_fn._edges][1:] == [(parts[1].grad_fn, 1)]   # one edge per argument
    assert z.grad_fn._edges[0][0] is None
    assert z.grad_fn.next_functions == ((parts[1].grad_fn, 1),)           # torch's rsub lists the tensor only
    w = parts[1] * parts[0]
    assert w.grad_fn.next_functions == ((parts[1].grad_fn, 1), (parts[0].grad_fn, 0))
    leaf_edge = (x * 0.5).grad_fn.next_functions[0][0]
    assert leaf_edge.name() == "torch::autograd::AccumulateGrad" and leaf_edge.variable is x


def test_a_saved_output_reads_back_as_the_output_and_refuses_after_an_in_place_change():
    with minigrad.reference_mode(False):
        x = minigrad.tensor(rand(3, 4, seed=1), requires_grad=True)
        y = F.relu(x * 1.5)
    node = y.grad_fn
    assert node._saved[0] is SAVED_OUTPUT           # the fast layer's record, not a SavedTensor
    out, _ = node.saved_tensors
    assert out.grad_fn is node and np.array_equal(out.detach().numpy(), y.detach().numpy())

    def changed(reference):
        with minigrad.reference_mode(reference):
            a = minigrad.tensor(rand(3, 4, seed=1), requires_grad=True)
            b = F.relu(a * 1.5)
            b.mul_(2)
            with pytest.raises(RuntimeError) as err:
                b.sum().backward()
            return str(err.value)
    assert changed(False) == changed(True)
    assert "output 0 of Relu" in changed(False)


def test_a_saved_output_survives_create_graph_and_is_freed_after_backward():
    def run():
        x = minigrad.tensor(rand(3, 4, seed=1), requires_grad=True)
        y = (x * 0.7).exp()                               # exp saves its output
        (g,) = minigrad.autograd.grad(y.sum(), x, create_graph=True)
        (gg,) = minigrad.autograd.grad(g.sum(), x)
        z = (x * 0.7).exp()
        z.sum().backward()
        with pytest.raises(RuntimeError, match="second time"):
            z.sum().backward()
        return g.detach().numpy(), gg.numpy(), x.grad.numpy()
    fast, reference = both_modes(run)
    for f, r in zip(fast, reference):
        np.testing.assert_allclose(f, r, rtol=1e-13)


def test_a_chain_link_leaves_three_objects_for_the_collector():
    """A link of ``relu(y * 0.999) + 0.001`` keeps three graph nodes alive for the collector; every other
    thing the nodes keep (edges, saved values, shapes, and relu's saved output's version counter, a
    one-item int64 array) is either an attribute or something the collector does not track. Reference
    mode's nodes keep their edges in tuples and a record per saved tensor: 12 objects a link."""
    def per_link():
        x = minigrad.randn(16, 16, requires_grad=True)
        y = x
        for _ in range(20):             # first-use caches (lazy imports, warning registries) are not per link
            y = F.relu(y * 0.999) + 0.001
        del y
        gc.collect()
        before = len(gc.get_objects())
        y = x
        for _ in range(500):
            y = F.relu(y * 0.999) + 0.001
        gc.collect()
        return (len(gc.get_objects()) - before) / 500
    fast, reference = both_modes(per_link)
    assert fast <= 3.01
    assert reference > fast


@pytest.mark.parametrize("op", [F.relu, minigrad.exp, minigrad.sigmoid, minigrad.tanh])
def test_a_saved_output_counts_its_versions_as_torch(op):
    """The saved output's version counter (untracked in normal mode, a list in reference mode): ``_version``
    is an int as torch's, in-place changes bump it, through views too, and backward then refuses the
    modified value with torch's error."""
    import torch

    def run(lib):
        x = lib.tensor(np.linspace(-1, 1, 6, dtype=np.float32), requires_grad=True)
        y = op(x) if lib is minigrad else {F.relu: torch.relu, minigrad.exp: torch.exp,
                                           minigrad.sigmoid: torch.sigmoid, minigrad.tanh: torch.tanh}[op](x)
        versions = [y._version]
        y.mul_(2)
        versions.append(y._version)
        y[1:3].add_(1)
        versions.append(y._version)
        assert all(type(v) is int for v in versions)
        with pytest.raises(RuntimeError, match="modified by an in-?place operation"):
            y.sum().backward()
        return versions
    fast, reference = both_modes(lambda: run(minigrad))
    assert fast == reference == run(torch)


class OnlyWhenRecorded(minigrad.autograd.Function):
    """Sets ``ctx.scale`` only when a graph is recorded: many calls without one come first."""

    @staticmethod
    def forward(ctx, x):
        if ctx.needs_input_grad[0]:
            ctx.scale = 3.0
        return x * 3.0

    @staticmethod
    def backward(ctx, g):
        return g * ctx.scale


@pytest.mark.parametrize("reference", [False, True], ids=["normal", "reference"])
def test_nodes_keep_their_attributes_without_a_dict_of_their_own(reference):
    """Python 3.11+ stops adding names to a class's shared table of attribute names after its first
    few dozen instances, and every call makes a ctx; a name first set after that would give every
    node a dict of its own. Node classes name their attributes when they are made."""
    with minigrad.reference_mode(reference):
        x = minigrad.ones(3, requires_grad=True)
        with minigrad.no_grad():
            for _ in range(200):
                OnlyWhenRecorded.apply(x)
        y = OnlyWhenRecorded.apply(x)
        z = F.relu(y * 0.5) + 0.25
        nodes = [y.grad_fn, z.grad_fn, z.grad_fn.next_functions[0][0]]
    assert [any(type(o) is dict for o in gc.get_referents(n)) for n in nodes] == [False] * 3
    z.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [1.5] * 3)
