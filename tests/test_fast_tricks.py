"""Every speed trick of ``minigrad/fast`` against the reference path it replaces: same numbers, same
dtypes, same graph; and each trick says ``None`` (does not apply) in reference mode."""
import numpy as np
import pytest

import minigrad
import minigrad.nn.functional as F
from minigrad import fast
from minigrad.ops.conv import Geometry

from helpers import both_modes, rand



def _np(t):
    return t.detach().cpu().numpy()


OPERANDS = [
    ("float32 tensors", lambda: (minigrad.tensor(rand(3, 4, dtype=np.float32, seed=1)),
                                 minigrad.tensor(rand(4, dtype=np.float32, seed=2)))),
    ("float64 and a float", lambda: (minigrad.tensor(rand(3, 4, seed=1)), 0.25)),
    ("float32 and an int", lambda: (minigrad.tensor(rand(3, dtype=np.float32, seed=1)), 3)),
    ("float and a bool mask", lambda: (minigrad.tensor(rand(3, seed=1)), minigrad.tensor([True, False, True]))),
    ("int tensor and a float", lambda: (minigrad.tensor([1, 2, 3]), 0.5)),
    ("float32 and float64", lambda: (minigrad.tensor(rand(3, dtype=np.float32, seed=1)),
                                     minigrad.tensor(rand(3, seed=2)))),
]
OPERATORS = [("+", lambda a, b: a + b), ("-", lambda a, b: a - b), ("*", lambda a, b: a * b),
             ("/", lambda a, b: a / b), ("reflected *", lambda a, b: b * a), ("reflected -", lambda a, b: b - a),
             ("reflected /", lambda a, b: b / a)]


@pytest.mark.parametrize("grad", [False, True], ids=["no_grad", "with graph"])
@pytest.mark.parametrize("opname,op", OPERATORS, ids=[o[0] for o in OPERATORS])
@pytest.mark.parametrize("kind,make", OPERANDS, ids=[o[0] for o in OPERANDS])
def test_operators_match_the_reference(kind, make, opname, op, grad):
    def run():
        a, b = make()
        if grad and a.is_floating_point():
            a.requires_grad_()
        try:
            out = op(a, b)
        except RuntimeError as exc:            # e.g. bool - float: refused in both modes (as torch)
            return type(exc).__name__, str(exc), None, None
        g = None
        if out.requires_grad:
            out.backward(minigrad.ones_like(out) * 0.5)
            g = _np(a.grad)
        return _np(out), out.dtype, None if out.grad_fn is None else out.grad_fn.name(), g
    (o1, d1, n1, g1), (o2, d2, n2, g2) = both_modes(run)
    if isinstance(o2, str):
        assert (o1, d1) == (o2, d2)
        return
    np.testing.assert_allclose(o1, o2, rtol=1e-6)
    assert d1 == d2 and n1 == n2
    if g2 is None:
        assert g1 is None
    else:
        np.testing.assert_allclose(g1, g2, rtol=1e-6)


def test_unrolled_apply_builds_the_same_graph():
    """fast/apply.py against Op.apply: outputs, grad_fn names, saved tensors, views and gradients."""
    def run():
        x = minigrad.tensor(rand(3, 4, seed=1), requires_grad=True)
        w = minigrad.tensor(rand(4, 2, seed=2), requires_grad=True)
        h = (x @ w).relu()
        v = x[1:].t()                        # a view (Slice, then Permute)
        y = h.exp().sum() + (v * 2).sigmoid().mean() + x.amax(1).sum() + x.max(1).values.sum()
        names = []
        node = y.grad_fn
        while node is not None:
            names.append(node.name())
            node = node.next_functions[0][0] if node.next_functions else None
        y.backward()
        return _np(y), names, _np(x.grad), _np(w.grad), v._version, x._version
    normal, ref = both_modes(run)
    np.testing.assert_allclose(normal[0], ref[0])
    assert normal[1] == ref[1]
    np.testing.assert_allclose(normal[2], ref[2])
    np.testing.assert_allclose(normal[3], ref[3])
    assert normal[4:] == ref[4:]


def test_unrolled_apply_keeps_the_version_check():
    with minigrad.reference_mode(False):
        x = minigrad.randn(3, requires_grad=True)
        y = x.exp()
        with minigrad.no_grad():
            y.add_(1)
        with pytest.raises(RuntimeError, match="modified by an inplace operation"):
            y.sum().backward()


def test_apply_unrolled_declines_what_it_does_not_handle():
    from minigrad.autograd.function import Op
    from minigrad.fast.apply import apply_unrolled

    class Four(Op):
        @staticmethod
        def forward(ctx, a, b, c, d):
            return a + b + c + d
    x = minigrad.ones(2, requires_grad=True)
    assert apply_unrolled(Four, (x, x, x, x)) is None                 # 4 arguments: Op.apply's loop


def test_apply_unrolled_with_three_arguments_records_what_op_apply_records():
    """where(cond, a, b) (a bool tensor among them), addmm and a full sum (a NumPy scalar made a 0-d
    array) through the three-argument path: the same values, graph and gradients as reference mode."""
    from minigrad.fast.apply import apply_unrolled
    from minigrad.ops.pointwise import Where

    def run():
        a = minigrad.tensor(rand(2, 3, seed=1), requires_grad=True)
        b = minigrad.tensor(rand(3, seed=2), requires_grad=True)
        w = minigrad.tensor(rand(4, 3, seed=3), requires_grad=True)
        out = minigrad.where(a > 0.5, a, b)
        if not minigrad.is_reference_mode():
            assert apply_unrolled(Where, ((a > 0.5), a, b)) is not None
        out = minigrad.nn.functional.linear(out, w, b.sum() + minigrad.zeros(4, dtype=b.dtype))
        total = out.sum()
        assert total.shape == () and total._data.__class__ is np.ndarray
        names = [(n.name(), nr) for n, nr in total.grad_fn.next_functions if n is not None]
        total.backward()
        return names, total.item(), a.grad.numpy(), b.grad.numpy(), w.grad.numpy()
    fast_run, reference = both_modes(run)
    assert fast_run[0] == reference[0]
    for f, r in zip(fast_run[1:], reference[1:]):
        np.testing.assert_allclose(f, r, rtol=1e-12)


@pytest.mark.parametrize("shape,dims,keepdim,applies", [
    ((4, 3, 5, 6), (0, 2, 3), False, True), ((4, 3, 5, 6), (0, 2, 3), True, True),
    ((2, 3, 4), (0, 2), False, True), ((4, 3, 5, 6), (0, 1, 3), True, True),
    ((4, 3, 5, 6), (2, 3), False, False), ((4, 3, 5), (0,), True, False), ((4, 3), (0, 1), False, False)])
def test_sum_trailing_first(shape, dims, keepdim, applies):
    """Leading dims plus trailing dims (a bias gradient: (0, 2, 3) of (N, C, H, W)): two contiguous
    sums; any other dims: None, and the plain sum runs."""
    x = rand(*shape, seed=3)
    with minigrad.reference_mode(False):
        got = fast.reduce.sum_trailing_first(x, dims, keepdim)
    if not applies:
        assert got is None
        return
    np.testing.assert_allclose(got, x.sum(axis=dims, keepdims=keepdim))
    with minigrad.reference_mode():
        assert fast.reduce.sum_trailing_first(x, dims, keepdim) is None


def test_flat_layout_round_trip_and_choice():
    cols = rand(2, 12, 9, seed=5)              # (N, C·KH·KW, OH·OW)
    flat = fast.conv.cols_to_flat(cols)
    assert flat.shape == (12, 18)
    np.testing.assert_array_equal(flat[:, 9:], cols[1])
    np.testing.assert_array_equal(fast.conv.cols_from_flat(flat, 2), cols)
    x = minigrad.randn(2, 3, 5, 5)
    assert not fast.conv.use_flat_layout(x, 1)                # the CPU uses the per-image layout


def test_flat_layout_ops_match_the_per_image_ones():
    """Im2col/Col2im with flat=True (the GPU layout) give the flat view of the same numbers."""
    from minigrad.ops.conv import Col2im, Im2col
    x = minigrad.tensor(rand(2, 3, 6, 6, seed=6))
    geo = Geometry(6, 6, (3, 3), (1, 1), (1, 1), (1, 1))
    per_image = Im2col.apply(x, geo, False)
    flat = Im2col.apply(x, geo, True)
    np.testing.assert_array_equal(_np(flat), fast.conv.cols_to_flat(_np(per_image)))
    back = Col2im.apply(flat, geo, (2, 3, 6, 6), True)
    np.testing.assert_allclose(_np(back), _np(Col2im.apply(per_image, geo, (2, 3, 6, 6), False)))


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("spatial", [False, True], ids=["(N, C)", "(N, C, H, W)"])
@pytest.mark.parametrize("weighted", [False, True], ids=["", "weights"])
def test_cross_entropy_backward_from_the_saved_lse(reduction, spatial, weighted):
    shape = (5, 4, 3, 2) if spatial else (5, 4)
    target = np.array([0, 3, 1, -100, 2])
    if spatial:
        target = np.random.default_rng(7).integers(0, 4, (5, 3, 2))
        target[0, 0, 0] = -100

    def run():
        x = minigrad.tensor(rand(*shape, seed=8), requires_grad=True)
        w = minigrad.tensor(rand(4, seed=9, low=0.5, high=2.0)) if weighted else None
        loss = F.cross_entropy(x, minigrad.tensor(target), weight=w, reduction=reduction)
        loss.backward(minigrad.tensor(rand(*loss.shape, seed=10)))
        return _np(loss), _np(x.grad)
    (l1, g1), (l2, g2) = both_modes(run)
    np.testing.assert_allclose(l1, l2, rtol=1e-12)
    np.testing.assert_allclose(g1, g2, rtol=1e-10, atol=1e-12)


def test_cross_entropy_backward_declines_when_recording():
    x = minigrad.randn(3, 4, requires_grad=True)
    with minigrad.enable_grad():
        assert fast.losses.cross_entropy_backward(x, minigrad.tensor(1.0), np.array([0, 1, 2]),
                                                  np.zeros((3, 1)), np.ones(3), 3.0, "mean") is None


@pytest.mark.parametrize("method,args", [
    ("add_", (1.5,)), ("sub_", (0.5,)), ("mul_", (2.0,)), ("div_", (4.0,)), ("add_", ("g",)),
    ("add_alpha", ("g",)), ("addcmul_", ("g", "g")), ("addcdiv_", ("g", "g2")), ("lerp_", ("g", 0.3)),
    ("maximum_", ("g",)), ("fill_", (2.0,)), ("copy_", ("g",)), ("zero_", ()), ("clamp_", (-0.5, 0.5))])
def test_direct_in_place_updates_match_the_op(method, args):
    def run():
        p = minigrad.tensor(rand(6, dtype=np.float32, seed=11))
        g = minigrad.tensor(rand(6, dtype=np.float32, seed=12))
        g2 = minigrad.tensor(rand(6, dtype=np.float32, seed=13, low=1.0, high=2.0))
        real = [{"g": g, "g2": g2}.get(a, a) if isinstance(a, str) else a for a in args]
        with minigrad.no_grad():
            if method == "add_alpha":
                p.add_(g, alpha=-0.1)
            else:
                getattr(p, method)(*real)
        return _np(p), p.dtype, p._version
    (a, da, va), (b, db, vb) = both_modes(run)
    np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7)
    assert da == db and va == vb == 1


def test_every_trick_is_off_in_reference_mode():
    x = rand(4, 3, 5, 6, seed=14)
    with minigrad.reference_mode():
        assert fast.reduce.sum_trailing_first(x, (0, 2, 3), False) is None
        assert not fast.conv.use_flat_layout(minigrad.tensor(x), 1)
        assert not fast.inplace.applies()
        assert minigrad.autograd.function.Op._fast_apply is None
        assert fast.cuda_kernels.im2col(x, None, False) is None
        assert fast.cuda_kernels.axpy_(x, x, 1.0) is None
        assert minigrad.Tensor.__mul__.__module__ == "minigrad.ops"
    assert minigrad.Tensor.__mul__.__module__ == ("minigrad.ops" if minigrad.is_reference_mode()
                                                  else "minigrad.fast.operators")


def test_cuda_kernels_decline_cpu_arrays():
    x = rand(2, 3, 6, 6, seed=15)
    geo = Geometry(6, 6, (3, 3), (1, 1), (1, 1), (1, 1))
    assert fast.cuda_kernels.im2col(x, geo, False) is None
    assert fast.cuda_kernels.col2im(x, geo, x.shape, False) is None
    assert fast.cuda_kernels.window_max([x, x]) is None
    assert fast.cuda_kernels.window_scatter(x, x, [x]) is None
    assert fast.cuda_kernels.cross_entropy(x[0, 0], np.zeros(6, np.int64), None, -100) is None


@pytest.mark.parametrize("name,fn", [
    ("relu", lambda x: x.relu()),
    ("leaky_relu", lambda x: F.leaky_relu(x, 0.2)),
    ("hardtanh", lambda x: F.hardtanh(x, -0.5, 0.5)),
    ("max_pool2d", lambda x: F.max_pool2d(x, 2)),
    ("avg_pool2d", lambda x: F.avg_pool2d(x, 2)),
])
def test_piecewise_backward_without_a_node_matches_the_reference(name, fn):
    x0 = rand(2, 3, 4, 4, seed=3)
    g0 = rand(*fn(minigrad.tensor(x0)).shape, seed=4)
    grads = {}
    for reference in (False, True):
        with minigrad.reference_mode(reference):
            x = minigrad.tensor(x0, requires_grad=True)
            fn(x).backward(minigrad.tensor(g0))
            grads[reference] = x.grad.numpy()
    np.testing.assert_allclose(grads[False], grads[True], rtol=0, atol=0)
    with minigrad.reference_mode(False):                      # the trick declines when a graph is recorded
        x = minigrad.tensor(x0, requires_grad=True)
        gx, = minigrad.autograd.grad(fn(x), x, minigrad.tensor(g0), create_graph=True)
        assert gx.requires_grad and fast.backward.piecewise(minigrad.tensor(g0), None) is None


@pytest.mark.parametrize("shape", [(), (2, 3)], ids=["0-d", "2x3"])
@pytest.mark.parametrize("opname,op", OPERATORS, ids=[o[0] for o in OPERATORS])
def test_tensor_and_number_graph_matches_the_reference(shape, opname, op):
    """fast/apply.py's apply_with_number (x * 0.5, 2 - x with x requiring grad) against Op.apply: the
    node, its edges, what it saved (an in-place change of x before backward is refused the same way),
    the value and the gradient, also for a 0-d tensor (NumPy returns a scalar there)."""
    def run():
        leaf = minigrad.tensor(rand(*shape, seed=4) + 2.0, requires_grad=True)
        x = leaf * 1.0
        out = op(x, 1.5)
        edges = [(None if fn is None else fn.name(), nr) for fn, nr in out.grad_fn.next_functions]
        out.backward(minigrad.ones_like(out) * 0.5, retain_graph=True)
        with minigrad.no_grad():
            x.add_(1.0)
        try:
            out.backward(minigrad.ones_like(out))
            error = None
        except RuntimeError as exc:
            error = str(exc)
        return _np(out), out.grad_fn.name(), edges, _np(leaf.grad), error, out.shape
    fast_run, reference_run = both_modes(run)
    np.testing.assert_allclose(fast_run[0], reference_run[0], rtol=1e-12)
    np.testing.assert_allclose(fast_run[3], reference_run[3], rtol=1e-12)
    assert fast_run[1:3] == reference_run[1:3] and fast_run[4:] == reference_run[4:]


@pytest.mark.parametrize("shape", [(3, 4), (), (64, 80)], ids=str)
def test_apply_relu_records_what_relu_apply_records_and_declines_the_rest(shape):
    from minigrad.fast.apply import apply_relu
    from minigrad.ops.pointwise import Relu
    x = minigrad.tensor(rand(*shape, seed=5), requires_grad=True)
    y = x * 1.0
    with minigrad.reference_mode(False):
        fast_out = apply_relu(Relu, y)
        assert apply_relu(Relu, y.detach()) is None                            # nothing to record
        with minigrad.no_grad():
            assert apply_relu(Relu, y) is None
        assert apply_relu(Relu, minigrad.tensor([1, -2])) is None               # integers
    with minigrad.reference_mode(True):
        assert apply_relu(Relu, y) is None
        ref_out = Relu.apply(y)
    assert fast_out.grad_fn.name() == ref_out.grad_fn.name() == "ReluBackward0"
    assert fast_out.grad_fn.next_functions == ref_out.grad_fn.next_functions
    assert fast_out.grad_fn.needs_input_grad == ref_out.grad_fn.needs_input_grad == (True,)
    for f, r in zip(fast_out.grad_fn.saved_tensors, ref_out.grad_fn.saved_tensors):
        np.testing.assert_array_equal(f.detach().numpy(), r.detach().numpy())
    assert fast_out.grad_fn.saved_tensors[0].grad_fn is fast_out.grad_fn        # the output, rebuilt
    up = minigrad.tensor(rand(*shape, seed=6))
    (gf,) = minigrad.autograd.grad(fast_out, y, up)
    (gr,) = minigrad.autograd.grad(ref_out, y, up)
    np.testing.assert_array_equal(gf.numpy(), gr.numpy())


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
@pytest.mark.parametrize("layout", ["contiguous", "transposed", "huge"])
def test_apply_relu_against_the_zero_map_matches_the_reference(dtype, layout):
    """Large relu inputs are compared with a read-only view of zeros (fast/apply.py): same values as
    the reference (NaN, -0.0, inf, denormals included), a new writable output, the zeros untouched."""
    from minigrad.fast import apply
    n = 3 * (1 << 22) // np.dtype(dtype).itemsize if layout == "huge" else 96 * 70   # past the map, or in it
    values = rand(n, seed=9).astype(dtype)
    values[:6] = [np.nan, -0.0, 0.0, np.inf, -np.inf, np.finfo(dtype).tiny / 2]
    data = values.reshape(-1, 96)
    if layout == "transposed":
        data = data.T
    x = minigrad.tensor(data, requires_grad=True)
    outs = []
    for reference in (False, True):
        with minigrad.reference_mode(reference):
            out = (x * 1).relu()
            out.backward(minigrad.ones_like(out))
            outs.append((out.detach().numpy(), x.grad.numpy().copy()))
            x.grad = None
    plain = []                                              # and with nothing recorded
    for reference in (False, True):
        with minigrad.reference_mode(reference), minigrad.no_grad():
            out = x.relu()
            assert out.grad_fn is None and not out.requires_grad
            plain.append(out.numpy())
    np.testing.assert_array_equal(plain[0], plain[1])
    assert np.array_equal(np.signbit(plain[0]), np.signbit(plain[1]))
    fast, ref = outs
    np.testing.assert_array_equal(fast[0], ref[0])
    assert np.array_equal(np.signbit(fast[0]), np.signbit(ref[0]))
    np.testing.assert_array_equal(fast[1], ref[1])
    with minigrad.reference_mode(False):
        out = (x * 1).relu()
    assert out._data.flags.writeable and not np.shares_memory(out._data, apply._ZEROS.get(out._data.dtype, out._data[:0]))
    zeros = apply._ZEROS.get(np.dtype(dtype))
    if layout == "contiguous" and apply._ZERO_MAP is not None:
        assert zeros is not None and not zeros.any()        # (the map was used, and still reads zeros)


@pytest.mark.parametrize("reduce", ["sum", "mean"])
@pytest.mark.parametrize("shape", [(), (5,), (64, 10), (3, 1, 4), (300, 300)])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_gradient_of_a_total_is_written_out_or_broadcast_as_the_reference(reduce, shape, dtype):
    """The gradient of x.sum() / x.mean() (fast/gradients.py's reduction): written out as a new contiguous
    array for a small input, a broadcast view above 65,536 elements (300 x 300); the values and the dtype
    are the reference's and torch's, through a product downstream and into a leaf's .grad."""
    import torch
    rng = np.random.default_rng(3)
    a = rng.standard_normal(shape).astype(dtype)
    w = rng.standard_normal(shape).astype(dtype)

    def run(lib):
        x = lib.tensor(a, requires_grad=True)
        y = lib.tensor(w, requires_grad=True)
        z = x * y
        getattr(z, reduce)().backward()
        getattr(x, reduce)().backward()
        return x.grad.detach().numpy(), y.grad.detach().numpy()
    fast, reference = both_modes(lambda: run(minigrad))
    expected = run(torch)
    for f, r, e in zip(fast, reference, expected):
        assert f.dtype == r.dtype == e.dtype and f.shape == e.shape
        np.testing.assert_array_equal(f, r)
        np.testing.assert_allclose(f, e, rtol=1e-6)
