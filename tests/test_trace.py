"""minigrad.autograd.trace: the steps are the nodes in the order the engine ran them, with the gradients
the chain rule gives by hand."""
import importlib

import numpy as np
import pytest

import minigrad
from minigrad.autograd.function import Function

trace_module = importlib.import_module("minigrad.autograd.trace")   # the module, not the class


def _walk(root):
    """Every node reachable from ``root`` (by the graph's own links, not by the trace)."""
    seen, stack = [], [root]
    while stack:
        n = stack.pop()
        if n in seen:
            continue
        seen.append(n)
        stack.extend(nxt for nxt, _ in n.next_functions if nxt is not None)
    return seen


def _engine_order(root):
    """Register a pre-hook on every node, so the engine itself reports the order it runs them in."""
    ran = []
    for n in _walk(root):
        n.register_prehook(lambda grads, n=n: ran.append(n))
    return ran


def test_square_seed_example():
    x = minigrad.tensor(3.0, requires_grad=True)
    y = x ** 2
    with minigrad.autograd.trace(params={"x": x}) as tr:
        y.backward()
    assert [s.name for s in tr.steps] == ["PowBackward0", "AccumulateGrad (x)"]
    pow_step, acc = tr.steps
    assert pow_step.index == 1 and acc.index == 2 and pow_step.pass_index == 1
    assert pow_step.node is y.grad_fn
    assert pow_step.grad_in[0].shape == () and float(pow_step.grad_in[0].values) == 1.0   # dy/dy
    to_x = [e for e in pow_step.grad_out if e.node is not None]
    assert len(to_x) == 1 and to_x[0].target == "x" and float(to_x[0].grad.values) == 6.0    # 2x
    assert pow_step.grad_out[1].node is None and pow_step.grad_out[1].grad is None           # the exponent
    assert acc.is_leaf and acc.label == "x" and acc.node.variable is x
    assert float(acc.grad_in[0].values) == 6.0 and acc.grad_in[0].norm == pytest.approx(6.0)
    assert x.grad.item() == 6.0


def test_reused_variable_gradients_arrive_summed():
    x = minigrad.tensor(2.0, requires_grad=True)
    w = minigrad.tensor(3.0, requires_grad=True)
    z = x * w + x
    with minigrad.autograd.trace(params={"x": x, "w": w}) as tr:
        z.backward()
    by_name = {s.name: s for s in tr.steps}
    add, mul = by_name["AddBackward0"], by_name["MulBackward0"]
    assert [float(e.grad.values) for e in add.grad_out] == [1.0, 1.0]      # d(a+b)/da, /db
    assert [e.target for e in add.grad_out] == ["MulBackward0", "x"]
    assert [float(e.grad.values) for e in mul.grad_out] == [3.0, 2.0]      # d(xw)/dx = w, /dw = x
    # the engine summed the two paths before x's AccumulateGrad ran: dz/dx = w + 1
    assert float(by_name["AccumulateGrad (x)"].grad_in[0].values) == 4.0
    assert float(by_name["AccumulateGrad (w)"].grad_in[0].values) == 2.0
    # x's leaf runs after both nodes that send to it
    idx = {s.name: s.index for s in tr.steps}
    assert idx["AccumulateGrad (x)"] > max(idx["AddBackward0"], idx["MulBackward0"])


def test_steps_follow_the_engine_order():
    a = minigrad.tensor([0.5, -1.0, 2.0], requires_grad=True)
    b = minigrad.tensor([1.5, 0.25, -0.5], requires_grad=True)
    h = a * b
    out = (h.exp() + h * a - b.tanh()).sum()
    ran = _engine_order(out.grad_fn)
    with minigrad.autograd.trace() as tr:
        out.backward()
    assert [s.node for s in tr.steps] == ran
    assert len(tr) == len(_walk(out.grad_fn))             # every node ran once
    # reverse topological: a node runs only after every node that sends it a gradient
    pos = {s.node: s.index for s in tr.steps}
    for s in tr.steps:
        for e in s.grad_out:
            if e.node is not None:
                assert pos[e.node] > s.index


def test_gradients_match_hand_derivation():
    """f = Σ (a·b + exp(a)): df/da = b + exp(a), df/db = a; check every step's numbers."""
    av, bv = np.array([0.5, -1.0, 2.0]), np.array([1.5, 0.25, -0.5])
    a = minigrad.tensor(av, requires_grad=True)
    b = minigrad.tensor(bv, requires_grad=True)
    f = (a * b + a.exp()).sum()
    with minigrad.autograd.trace(params={"a": a, "b": b}) as tr:
        f.backward()
    steps = {s.name: s for s in tr.steps}
    assert set(steps) == {"SumBackward0", "AddBackward0", "MulBackward0", "ExpBackward0", "AccumulateGrad (a)",
                          "AccumulateGrad (b)"}
    ones = np.ones(3)
    np.testing.assert_allclose(steps["SumBackward0"].grad_out[0].grad.values, ones)
    np.testing.assert_allclose(steps["MulBackward0"].grad_out[0].grad.values, bv)          # to a: b
    np.testing.assert_allclose(steps["MulBackward0"].grad_out[1].grad.values, av)          # to b: a
    np.testing.assert_allclose(steps["ExpBackward0"].grad_out[0].grad.values, np.exp(av))  # to a: exp(a)
    np.testing.assert_allclose(steps["AccumulateGrad (a)"].grad_in[0].values, bv + np.exp(av))
    np.testing.assert_allclose(steps["AccumulateGrad (b)"].grad_in[0].values, av)
    info = steps["AccumulateGrad (a)"].grad_in[0]
    assert info.shape == (3,) and info.norm == pytest.approx(np.linalg.norm(bv + np.exp(av)))


def test_broadcast_gradient_is_summed_to_the_input_shape():
    X = minigrad.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    w = minigrad.tensor([0.5, -1.0, 2.0], requires_grad=True)
    s = (X * w).sum()
    with minigrad.autograd.trace(params={"w": w}) as tr:
        s.backward()
    mul = next(st for st in tr.steps if st.name == "MulBackward0")
    assert mul.grad_in[0].shape == (2, 3)
    to_x, to_w = mul.grad_out
    assert to_x.node is None and to_x.grad is None           # X needs no gradient: nothing sent
    assert to_w.target == "w" and to_w.grad.shape == (3,)
    np.testing.assert_allclose(to_w.grad.values, [5.0, 7.0, 9.0])     # column sums of X


def test_max_values_and_norm():
    x = minigrad.arange(20, dtype=minigrad.float64).requires_grad_()
    with minigrad.autograd.trace(max_values=5) as tr:
        (x * x).sum().backward()
    acc = tr.steps[-1]
    assert acc.grad_in[0].values is None                     # 20 > 5 entries: only shape and norm
    assert acc.grad_in[0].norm == pytest.approx(np.linalg.norm(2 * np.arange(20)))
    assert acc.label == "x" and acc.name == "AccumulateGrad (x)"     # named after the caller's variable
    assert f"norm {np.linalg.norm(2 * np.arange(20)):.4g}" in str(tr)
    # a leaf held by no variable is described by its shape (or value), never "leaf ()"
    with minigrad.autograd.trace() as tr:
        (minigrad.arange(20.0).requires_grad_() * 2).sum().backward()
        (minigrad.tensor(4.0, requires_grad=True) * 2).backward()
    assert [s.name for s in tr.steps if s.is_leaf] == ["AccumulateGrad (leaf (20,))", "AccumulateGrad (leaf 4)"]


def test_table_is_one_line_per_gradient():
    a = minigrad.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    with minigrad.autograd.trace(params={"a": a}) as tr:
        (a * 2).sum().backward()
    text = str(tr)
    lines = text.split("\n")
    assert lines[0] == "backward pass: 3 steps, in the order the engine ran them"
    assert lines[1].split() == ["step", "node", "gradient", "shape", "values"]
    assert max(len(line) for line in lines) <= 100
    # a 2-D gradient stays on its row, in 4 significant digits
    row = next(line for line in lines if "→ a" in line)
    assert row.split("→ a")[1].split() == ["(2,", "2)", "[[2,", "2],", "[2,", "2]]"]
    assert "a.grad now" in text
    # the node column of each step starts at the same place
    starts = {line.index(name) for name in ("SumBackward0", "MulBackward0", "AccumulateGrad (a)")
              for line in lines[2:9] if line.lstrip().split("  ")[0].isdigit() and name in line}
    assert len(starts) == 1
    # under the table: each op's derivative and where it is written
    assert "minigrad/ops/pointwise.py: class Mul" in text and "d/da = b" in text
    assert tr.format(values=False).split("\n")[1].split() == ["step", "node", "gradient", "shape", "norm"]
    assert "where its forward and backward" not in tr.format(legend=False)


def test_several_passes_and_autograd_grad():
    x = minigrad.tensor(1.0, requires_grad=True)
    with minigrad.autograd.trace(params={"x": x}) as tr:
        f = x ** 4 / 4 - 2 * x
        g, = minigrad.autograd.grad(f, x, create_graph=True)
        h, = minigrad.autograd.grad(g, x)
    assert g.item() == -1.0 and h.item() == 3.0               # x³ - 2 and 3x² at x = 1
    assert tr.passes == 2
    first = [s for s in tr.steps if s.pass_index == 1]
    second = [s for s in tr.steps if s.pass_index == 2]
    assert [s.index for s in tr.steps] == list(range(1, len(tr) + 1))
    # grad() hands the leaf gradients back instead of running AccumulateGrad
    assert not any(s.is_leaf for s in tr.steps)
    sent_to_x = [float(e.grad.values) for s in first for e in s.grad_out if e.target == "x"]
    assert sorted(sent_to_x) == [-2.0, 1.0]                    # from 2x and from x⁴/4
    assert [float(e.grad.values) for s in second for e in s.grad_out if e.target == "x"] == [3.0]
    text = str(tr)
    assert "backward pass 1:" in text and "backward pass 2:" in text
    assert "autograd.grad() returns the gradients" in text


def test_inactive_outside_and_nested():
    x = minigrad.tensor(2.0, requires_grad=True)
    outer = minigrad.autograd.trace()
    with outer:
        inner = minigrad.autograd.trace()
        with inner:
            (x * x).backward()
        assert trace_module.ACTIVE is outer
        (x * 3).backward()
    assert trace_module.ACTIVE is None
    (x * x).backward()                                          # not recorded anywhere
    assert [s.name for s in inner.steps] == ["MulBackward0", "AccumulateGrad (x)"]
    assert [s.name for s in outer.steps] == ["MulBackward0", "AccumulateGrad (x)"]
    assert outer.steps[0].grad_out[0].grad.values == 3.0
    assert str(minigrad.autograd.trace()) == "(no backward pass ran inside this trace)"


def test_custom_function_and_multiple_outputs():
    class SplitSquare(Function):
        """out = (x², 2x).   d/dx = 2x·g0 + 2·g1"""

        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x * x, 2 * x

        @staticmethod
        def backward(ctx, g0, g1):
            x, = ctx.saved_tensors
            return 2 * x * g0 + 2 * g1

    x = minigrad.tensor([1.0, 3.0], requires_grad=True)
    sq, dbl = SplitSquare.apply(x)
    with minigrad.autograd.trace(params={"x": x, "sq": sq}) as tr:
        sq.sum().backward()                                   # only the first output is used
    step = next(s for s in tr.steps if s.node is sq.grad_fn)
    assert step.name == "SplitSquareBackward (sq)"
    assert step.grad_in[0].shape == (2,) and step.grad_in[1] is None
    np.testing.assert_allclose(step.grad_out[0].grad.values, [2.0, 6.0])
    assert step.derivative == "out = (x², 2x).   d/dx = 2x·g0 + 2·g1"
    assert step.source.endswith("SplitSquare")
    text = str(tr)
    assert "arrived at output 0" in text and "arrived at output 1" in text and "(none)" in text


def test_params_from_named_parameters_and_bad_params():
    w = minigrad.tensor([1.0, 2.0], requires_grad=True)
    with minigrad.autograd.trace(params=iter([("layer.weight", w)])) as tr:
        (w * w).sum().backward()
    assert tr.steps[-1].name == "AccumulateGrad (layer.weight)"
    with pytest.raises(TypeError, match="named_parameters"):
        minigrad.autograd.trace(params=[w])
    with pytest.raises(TypeError, match="not a tensor"):
        minigrad.autograd.trace(params={"w": 3.0})


def test_trace_on_device(device):
    x = minigrad.tensor([1.0, 2.0], device=device, requires_grad=True)
    with minigrad.autograd.trace(params={"x": x}) as tr:
        (x * x).sum().backward()
    np.testing.assert_allclose(tr.steps[-1].grad_in[0].values, [2.0, 4.0])
    assert isinstance(tr.steps[-1].grad_in[0].values, np.ndarray)


def test_table_fits_100_columns_and_widens_on_request():
    """The neuron of the walkthrough demo and a 2-layer MLP used to print 152-172 characters wide."""
    from minigrad import nn
    minigrad.manual_seed(0)
    model = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 2))
    xb, target = minigrad.randn(5, 3), minigrad.randn(5, 2)
    loss = ((model(xb) - target) ** 2).mean()
    with minigrad.autograd.trace(params=model.named_parameters(), max_values=64) as tr:
        loss.backward()
    text = str(tr)
    assert max(len(line) for line in text.splitlines()) <= 100
    assert "norm " in text                                  # gradients too wide to print show their norm
    wide = tr.format(width=None)
    assert max(len(line) for line in wide.splitlines()) > 100
    w_grad = next(s for s in tr.steps if s.name == "AccumulateGrad (2.weight)").grad_in[0]
    assert tr_values_text(w_grad) in wide and tr_values_text(w_grad) not in text
    assert max(len(line) for line in tr.format(width=80).splitlines()) <= 80
    # scalars: values, no norm column at all
    x = minigrad.tensor(3.0, requires_grad=True)
    with minigrad.autograd.trace() as tr:
        (x * x + x).backward()
    header = str(tr).splitlines()[1].split()
    assert header == ["step", "node", "gradient", "shape", "values"] and "norm" not in str(tr)


def tr_values_text(g):
    return trace_module.format_values(g.values)
