"""The backward engine: accumulation, reuse, retain/create graph, hooks, custom Functions, version
counters, deep graphs, grad modes and dtype preservation."""
import math

import numpy as np
import pytest
import torch

import minigrad
from minigrad import autograd
from helpers import check, rand


def test_reused_input_accumulates(device):
    check(lambda t, x: x * x + x.exp() * x, rand(3, seed=1), device=device)


def test_diamond(device):
    def f(t, x):
        y = x * 2
        a, b = y.sin(), y.cos()
        return a * b + y
    check(f, rand(4, seed=2), device=device)


def test_same_tensor_twice_in_one_op(device):
    check(lambda t, x: t.maximum(x, x) + x * x, rand(3, seed=3), device=device)


def test_leaf_grads_accumulate_over_backward_calls():
    x = minigrad.tensor([1.0, 2.0], requires_grad=True)
    (x * 3).sum().backward()
    (x * x).sum().backward()
    assert x.grad.tolist() == [5.0, 7.0]
    x.grad = None
    (x * 3).sum().backward()
    assert x.grad.tolist() == [3.0, 3.0]


def test_grad_of_a_shared_gradient_is_not_aliased():
    a = minigrad.tensor([1.0, 2.0], requires_grad=True)
    b = minigrad.tensor([3.0, 4.0], requires_grad=True)
    (a + b).sum().backward()
    a.grad += 1     # in-place on one leaf's grad must not change the other's
    assert b.grad.tolist() == [1.0, 1.0]


def test_non_leaf_grad_only_with_retain_grad():
    x = minigrad.tensor([1.0, 2.0], requires_grad=True)
    y = x * 2
    z = y * y
    y.retain_grad()
    z.sum().backward()
    assert y.grad.tolist() == [4.0, 8.0]
    w = x * 3
    (w * 1).sum().backward()
    assert w.grad is None


def test_backward_twice_needs_retain_graph():
    x = minigrad.tensor([1.0, 2.0], requires_grad=True)
    y = (x.exp() * x).sum()
    y.backward(retain_graph=True)
    g1 = x.grad.clone()
    y.backward()
    np.testing.assert_allclose(x.grad.numpy(), 2 * g1.numpy())
    with pytest.raises(RuntimeError, match="retain_graph=True"):
        y.backward()


def test_graph_releases_saved_tensors_after_backward():
    x = minigrad.tensor([1.0, 2.0], requires_grad=True)
    y = x.exp()
    z = y.sum()
    z.backward()
    assert y.grad_fn._saved == "freed"


def test_gradient_argument_for_non_scalar(device):
    x = minigrad.tensor([1.0, 2.0, 3.0], requires_grad=True, device=device)
    y = x * x
    y.backward(minigrad.tensor([1.0, 0.1, 0.01], device=device))
    np.testing.assert_allclose(x.grad.cpu().numpy(), [2.0, 0.4, 0.06])


def test_create_graph_second_derivative_of_tanh(device):
    xs = np.linspace(-2, 2, 7)
    x = minigrad.tensor(xs, requires_grad=True, device=device)
    y = x.tanh()
    (g,) = autograd.grad(y.sum(), x, create_graph=True)
    (gg,) = autograd.grad(g.sum(), x)
    t = np.tanh(xs)
    np.testing.assert_allclose(g.detach().cpu().numpy(), 1 - t ** 2)
    np.testing.assert_allclose(gg.cpu().numpy(), -2 * t * (1 - t ** 2))


def test_create_graph_matches_torch_on_a_composite(device):
    def hess_diag(lib, x):
        y = (x.sin() * x.exp() + (x * x).sigmoid() / (1 + x.abs())).sum()
        (g,) = lib.autograd.grad(y, x, create_graph=True)
        (h,) = lib.autograd.grad((g * g).sum(), x)
        return h
    xs = rand(5, seed=4)
    h_t = hess_diag(torch, torch.tensor(xs, requires_grad=True))
    h_m = hess_diag(minigrad, minigrad.tensor(xs, requires_grad=True, device=device))
    np.testing.assert_allclose(h_m.cpu().numpy(), h_t.numpy(), rtol=1e-7)


def test_newton_step_with_create_graph():
    # minimise f(x) = (x - 3)^4 + x^2 with Newton's method: x <- x - f'(x) / f''(x)
    x = minigrad.tensor(0.0, dtype=minigrad.float64, requires_grad=True)
    for _ in range(30):
        f = (x - 3) ** 4 + x * x
        (g,) = autograd.grad(f, x, create_graph=True)
        (h,) = autograd.grad(g, x)
        with minigrad.no_grad():
            x -= g / h
    assert abs(4 * (x.item() - 3) ** 3 + 2 * x.item()) < 1e-10


def test_second_order_through_matmul_and_softmax(device):
    def f(lib, a, b):
        out = lib.softmax(a @ b, dim=1).pow(2).sum()
        ga, gb = lib.autograd.grad(out, (a, b), create_graph=True)
        return (ga.sum() + (gb * gb).sum())
    A, B = rand(3, 4, seed=5), rand(4, 2, seed=6)
    ta, tb = torch.tensor(A, requires_grad=True), torch.tensor(B, requires_grad=True)
    ma = minigrad.tensor(A, requires_grad=True, device=device)
    mb = minigrad.tensor(B, requires_grad=True, device=device)
    gt = torch.autograd.grad(f(torch, ta, tb), (ta, tb))
    gm = autograd.grad(f(minigrad, ma, mb), (ma, mb))
    for a, b in zip(gm, gt):
        np.testing.assert_allclose(a.cpu().numpy(), b.numpy(), rtol=1e-7, atol=1e-10)


def test_gradgradcheck_composite():
    x = minigrad.tensor(rand(3, seed=7), requires_grad=True)
    assert autograd.gradgradcheck(lambda a: (a.exp() * a.sin()).sum() + (a @ a), [x])


def test_autograd_grad_leaves_dot_grad_alone():
    x = minigrad.tensor([1.0, 2.0], requires_grad=True)
    w = minigrad.tensor([3.0, 4.0], requires_grad=True)
    (gx,) = autograd.grad((x * w).sum(), x)
    assert gx.tolist() == [3.0, 4.0] and x.grad is None and w.grad is None


def test_autograd_grad_with_non_leaf_input_and_allow_unused():
    x = minigrad.tensor([1.0, 2.0], requires_grad=True)
    y = x * 2
    z = (y * y).sum()
    u = minigrad.tensor([1.0], requires_grad=True)
    gy, gu = autograd.grad(z, [y, u], allow_unused=True)
    assert gy.tolist() == [4.0, 8.0] and gu is None
    with pytest.raises(RuntimeError, match="allow_unused=True"):
        autograd.grad((x * 2).sum(), [x, u])
    (gz,) = autograd.grad((x * 2).sum(), [u], allow_unused=True, materialize_grads=True)
    assert gz.tolist() == [0.0]


def test_autograd_grad_with_grad_outputs():
    x = minigrad.tensor([1.0, 2.0], requires_grad=True)
    (g,) = autograd.grad(x * x, x, grad_outputs=minigrad.tensor([1.0, 10.0]))
    assert g.tolist() == [2.0, 40.0]


def test_backward_inputs_restricts_accumulation():
    a = minigrad.tensor([1.0], requires_grad=True)
    b = minigrad.tensor([2.0], requires_grad=True)
    (a * b).sum().backward(inputs=[a])
    assert a.grad.tolist() == [2.0] and b.grad is None


def test_hooks_on_leaf_and_non_leaf():
    x = minigrad.tensor([1.0, 2.0], requires_grad=True)
    seen = []
    h = x.register_hook(lambda g: seen.append(g.tolist()))
    y = x * 3
    y.register_hook(lambda g: g * 10)       # replaces the gradient flowing into x
    y.sum().backward()
    assert seen == [[30.0, 30.0]] and x.grad.tolist() == [30.0, 30.0]
    h.remove()
    x.grad = None
    (x * 1).sum().backward()
    assert seen == [[30.0, 30.0]]


def test_hook_sees_fully_accumulated_gradient():
    x = minigrad.tensor([1.0], requires_grad=True)
    y = x * 2
    got = []
    y.register_hook(lambda g: got.append(g.item()))
    (y * 3 + y * 4).sum().backward()
    assert got == [7.0]


class Cube(autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x ** 3

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return 3 * x * x * g


class MulAdd(autograd.Function):
    @staticmethod
    def forward(ctx, a, b, scale=2.0):
        ctx.save_for_backward(a, b)
        ctx.scale = scale
        return a * b * scale, a + b

    @staticmethod
    def backward(ctx, g_prod, g_sum):
        a, b = ctx.saved_tensors
        return g_prod * b * ctx.scale + g_sum, g_prod * a * ctx.scale + g_sum, None


def test_custom_function(device):
    x = minigrad.tensor([1.0, 2.0], requires_grad=True, device=device)
    y = Cube.apply(x)
    assert y.grad_fn.name() == "CubeBackward"
    assert y.grad_fn.next_functions[0][0].name() == "torch::autograd::AccumulateGrad"   # (torch's)
    y.sum().backward()
    assert x.grad.tolist() == [3.0, 12.0]


def test_custom_function_multiple_outputs_and_needs_input_grad():
    a = minigrad.tensor([1.0, 2.0], requires_grad=True)
    b = minigrad.tensor([3.0, 4.0])
    p, s = MulAdd.apply(a, b, 3.0)
    assert p.grad_fn is s.grad_fn and s.output_nr == 1
    assert p.grad_fn.needs_input_grad == (True, False, False)
    p.sum().backward()          # s gets no gradient: materialised as zeros
    assert a.grad.tolist() == [9.0, 12.0]


def test_custom_function_second_order():
    x = minigrad.tensor([2.0], requires_grad=True)
    (g,) = autograd.grad(Cube.apply(x).sum(), x, create_graph=True)
    (gg,) = autograd.grad(g.sum(), x)
    assert gg.item() == 12.0


def test_custom_function_gradient_the_input_broadcasts_to_is_summed_as_torch():
    """torch sums a Function's gradient down to its input's shape when the input's shape broadcasts to it (a
    forgotten un-broadcast); a gradient of any other shape is still a clear error naming both shapes."""
    class Sloppy(autograd.Function):
        @staticmethod
        def forward(ctx, a, b):
            return a + b

        @staticmethod
        def backward(ctx, g):
            return g, g                      # forgot to un-broadcast b: summed over dim 0 as torch does

    class Bad(autograd.Function):
        @staticmethod
        def forward(ctx, a, b):
            return a + b

        @staticmethod
        def backward(ctx, g):
            return g, g.sum(1)               # (3,): (1, 4) does not broadcast to it

    a = minigrad.ones(3, 4, requires_grad=True)
    b = minigrad.ones(1, 4, requires_grad=True)
    (Sloppy.apply(a, b) * minigrad.arange(12.0).view(3, 4)).sum().backward()
    assert b.grad.shape == (1, 4) and b.grad.tolist() == [[12.0, 15.0, 18.0, 21.0]]
    with pytest.raises(RuntimeError, match=r"BadBackward.*index 1.*input 1 has shape \(3,\).*\(1, 4\)"):
        Bad.apply(a, b).sum().backward()


def test_custom_function_wrong_number_of_gradients():
    class Bad(autograd.Function):
        @staticmethod
        def forward(ctx, a, b):
            return a * b

        @staticmethod
        def backward(ctx, g):
            return g

    a, b = minigrad.ones(2, requires_grad=True), minigrad.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError, match="returned 1 gradient.*took 2"):
        Bad.apply(a, b).sum().backward()


def test_once_differentiable():
    class Sq(autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x * x

        @staticmethod
        @autograd.once_differentiable
        def backward(ctx, g):
            x, = ctx.saved_tensors
            return 2 * x * g

    x = minigrad.tensor([3.0], requires_grad=True)
    Sq.apply(x).backward()
    assert x.grad.item() == 6.0
    up = minigrad.ones(1, requires_grad=True)
    (g,) = autograd.grad(Sq.apply(x), x, grad_outputs=up, create_graph=True)
    assert g.item() == 6.0
    with pytest.raises(RuntimeError, match="SqBackward.*once_differentiable"):
        g.backward()


def test_version_counter_detects_inplace_change_of_saved_tensor():
    x = minigrad.tensor([1.0, 2.0], requires_grad=True)
    y = x.exp()
    z = (y * 2).sum() + y.sum()
    y.add_(1)
    with pytest.raises(RuntimeError, match=r"modified by an inplace operation.*output 0 of Exp, is at version 1; expected "
                                           r"version 0"):
        z.backward()


def test_version_counter_detects_change_of_saved_input():
    x = minigrad.tensor([1.0, 2.0], requires_grad=True)
    w = x * 1
    y = (w * w).sum()
    with minigrad.no_grad():
        w[0] = 5.0
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        y.backward()


def test_inplace_on_non_leaf_rebases_graph(device):
    def f(t, x):
        y = x * 2
        y += 1
        y *= x
        y.sub_(x, alpha=0.5)
        return y.relu_()
    check(f, rand(5, seed=8), device=device)


def test_inplace_on_leaf_requiring_grad_is_refused():
    w = minigrad.ones(3, requires_grad=True)
    with pytest.raises(RuntimeError, match="leaf Variable that requires grad.*no_grad"):
        w += 1
    with minigrad.no_grad():
        w += 1
    assert w.tolist() == [2.0, 2.0, 2.0] and w.requires_grad and w.is_leaf


def test_deep_chain_200k_ops_no_recursion():
    x = minigrad.tensor([1.0], requires_grad=True)
    y = x
    for _ in range(200_000):
        y = y * 1.0
    y.sum().backward()
    assert x.grad.item() == 1.0
    del y


def test_no_grad_context_and_decorator():
    x = minigrad.tensor([1.0], requires_grad=True)
    with minigrad.no_grad():
        y = x * 2
        with minigrad.enable_grad():
            z = x * 2
    assert not y.requires_grad and y.grad_fn is None and z.requires_grad

    @minigrad.no_grad()
    def f(a):
        return a * 2
    assert not f(x).requires_grad and minigrad.is_grad_enabled()

    @minigrad.no_grad                     # without parentheses, as torch allows
    def f2(a):
        return a * 2
    assert not f2(x).requires_grad and minigrad.is_grad_enabled()

    with minigrad.set_grad_enabled(False):
        assert not (x * 2).requires_grad
    assert (x * 2).requires_grad
    minigrad.set_grad_enabled(False)
    assert not minigrad.is_grad_enabled()
    minigrad.set_grad_enabled(True)


def test_seed_style_rebinding_under_no_grad():
    # the seed's loop: y = x**2; backward; with no_grad: x = x - lr * x.grad; x.requires_grad = True
    x = minigrad.tensor(1.0, requires_grad=True)
    for _ in range(800):
        y = x ** 2
        y.backward()
        with minigrad.no_grad():
            x = x - 0.01 * x.grad
        x.requires_grad = True
    assert abs(x.item() - 0.98 ** 800) < 1e-9 and x.dtype == minigrad.float32


@pytest.mark.parametrize("expr", [
    lambda x: x * 0.5, lambda x: 0.5 * x, lambda x: x + 1, lambda x: x / 3, lambda x: x ** 2, lambda x: 2 ** x,
    lambda x: x - 1.5, lambda x: x.exp() * 1e-3, lambda x: minigrad.where(x > 0, x, 0.0), lambda x: x.clamp(0, 1),
    lambda x: x.mean(), lambda x: x.norm(), lambda x: x.softmax(0), lambda x: x @ x, lambda x: x.max(),
])
def test_float32_stays_float32_with_python_scalars(expr):
    x = minigrad.tensor([0.5, 1.5, 2.5], requires_grad=True)
    out = expr(x)
    assert out.dtype == minigrad.float32
    if out.requires_grad:
        out.sum().backward()
        assert x.grad.dtype == minigrad.float32


def test_data_is_detached_and_assignable():
    w = minigrad.tensor([1.0, 2.0], requires_grad=True)
    d = w.data
    assert not d.requires_grad and d.grad_fn is None
    d.mul_(2)                        # shares storage
    assert w.tolist() == [2.0, 4.0]
    w.data = minigrad.tensor([7.0, 8.0])
    assert w.tolist() == [7.0, 8.0] and w.requires_grad


def test_requires_grad_only_on_leaves_and_floats():
    x = minigrad.tensor([1.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="leaf"):
        (x * 2).requires_grad = False
    with pytest.raises(RuntimeError, match="floating"):
        minigrad.tensor([1, 2]).requires_grad_()


def test_detach_shares_version_counter():
    x = minigrad.tensor([1.0, 2.0], requires_grad=True)
    y = x.exp()
    d = y.detach()
    d.zero_()
    with pytest.raises(RuntimeError, match="inplace operation"):
        y.sum().backward()


def test_gradcheck_passes_and_reports_failures():
    x = minigrad.tensor(rand(2, 3, seed=9), requires_grad=True)
    assert autograd.gradcheck(lambda a: (a.sin() * a).sum(1), [x])

    class Wrong(autograd.Function):
        @staticmethod
        def forward(ctx, a):
            return a * a

        @staticmethod
        def backward(ctx, g):
            return g        # should be 2 a g
    with pytest.raises(autograd.GradcheckError, match=r"input 0 .*index \(0, 0\).*analytic .* numerical"):
        autograd.gradcheck(Wrong.apply, [x])
    assert autograd.gradcheck(Wrong.apply, [x], raise_exception=False) is False


def test_gradcheck_uses_random_upstream_gradient():
    # a backward that ignores the incoming gradient passes with all-ones upstream but not here
    class IgnoresGrad(autograd.Function):
        @staticmethod
        def forward(ctx, a):
            return a * 2

        @staticmethod
        def backward(ctx, g):
            return minigrad.ones_like(g) * 2
    x = minigrad.tensor(rand(4, seed=10), requires_grad=True)
    assert not autograd.gradcheck(IgnoresGrad.apply, [x], raise_exception=False)


def test_grad_fn_names_and_next_functions():
    x = minigrad.tensor([1.0], requires_grad=True)
    y = (x * 2).exp().sum()
    assert y.grad_fn.name() == "SumBackward0"
    exp_node = y.grad_fn.next_functions[0][0]
    assert exp_node.name() == "ExpBackward0"
    assert exp_node.next_functions[0][0].name() == "MulBackward0"
    assert "grad_fn=<SumBackward0>" in repr(y)


def test_new_style_function_with_setup_context():
    class Square(autograd.Function):
        @staticmethod
        def forward(x):
            return x * x

        @staticmethod
        def setup_context(ctx, inputs, output):
            x, = inputs
            ctx.save_for_backward(x)

        @staticmethod
        def backward(ctx, g):
            x, = ctx.saved_tensors
            return 2 * x * g

    x = minigrad.tensor([3.0], requires_grad=True)
    Square.apply(x).sum().backward()
    assert x.grad.tolist() == [6.0]


@pytest.mark.parametrize("reference", [False, True], ids=["normal", "reference"])
def test_a_leaf_and_its_accumulator_are_freed_without_the_garbage_collector(reference):
    """The leaf holds its AccumulateGrad node weakly (as torch): no leaf <-> node cycle, so a training
    step's parameters and their gradients go as soon as the last reference does, not at the next
    collection (multiplicative updates grew by tens of MB between collections before)."""
    import gc
    import weakref
    with minigrad.reference_mode(reference):
        gc.collect()
        gc.disable()
        try:
            w = minigrad.randn(50, 40, requires_grad=True)
            (w * 2.0).relu().sum().backward()
            node = (w * 1.0).grad_fn.next_functions[0][0]
            assert node.name() == "torch::autograd::AccumulateGrad" and node.variable is w
            assert (w * 3.0).grad_fn.next_functions[0][0] is node      # one node while a graph holds it
            refs = [weakref.ref(w), weakref.ref(w.grad), weakref.ref(node)]
            del w, node
            assert [r() for r in refs] == [None, None, None]
        finally:
            gc.enable()
