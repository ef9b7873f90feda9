"""minigrad/fast/conv.py on the CPU: the shifted-plane im2col and col2im (a stride-1 convolution whose
output has the input's size) against the reference Im2col/Col2im they replace, BiasedConv (conv2d as
one node: the bias inside the product, d/dx a block of images at a time) against the reference's
three nodes, and conv2d through them against torch: forward, input/weight/bias gradients, non-finite
values, double backward."""
import numpy as np
import pytest

import minigrad
from minigrad import fast
from minigrad.fast.conv import BiasedConv
from minigrad.ops.conv import Col2im, Geometry, Im2col

from helpers import both_modes, check, rand

# (input shape, kernel, padding, dilation): every one keeps the output at the input's size
SAME = [((2, 3, 6, 6), (3, 3), (1, 1), (1, 1)), ((2, 3, 5, 7), (3, 3), (1, 1), (1, 1)),
        ((1, 2, 4, 4), (5, 5), (2, 2), (1, 1)), ((2, 2, 7, 6), (3, 5), (2, 4), (2, 2)),
        ((2, 2, 3, 9), (1, 1), (0, 0), (1, 1)), ((3, 2, 2, 2), (3, 3), (1, 1), (1, 1)),
        ((2, 1, 1, 5), (1, 3), (0, 1), (1, 1))]
# ... and geometries the trick leaves to the reference (strided, shrinking, padding >= the image)
OTHER = [((2, 3, 6, 6), (3, 3), (1, 1), (1, 1), (2, 2)), ((2, 3, 6, 6), (3, 3), (0, 0), (1, 1), (1, 1)),
         ((2, 1, 1, 1), (3, 3), (1, 1), (1, 1), (1, 1)), ((2, 2, 5, 5), (2, 2), (1, 1), (1, 1), (1, 1))]


class _Ctx:
    def save_for_backward(self, *a):
        pass


def _reference(fn):
    with minigrad.reference_mode():
        return fn()


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("shape,kernel,padding,dilation", SAME)
def test_shifted_planes_match_the_reference(shape, kernel, padding, dilation, dtype):
    x = rand(*shape, dtype=dtype, seed=1)
    geo = Geometry(shape[2], shape[3], kernel, (1, 1), padding, dilation)
    assert (geo.oh, geo.ow) == shape[2:]
    with minigrad.reference_mode(False):
        cols = fast.conv.im2col(x, geo, False)
    ref = _reference(lambda: Im2col.forward(_Ctx(), x, geo, False))
    assert cols is not None and cols.dtype == dtype
    np.testing.assert_array_equal(cols, ref)             # a copy: the very same numbers
    assert cols.flags.c_contiguous
    with minigrad.reference_mode(False):                 # BiasedConv's: one more row (the ones) after them
        buffer = fast.conv._shifted_columns(x, geo, 1)
    assert buffer.shape == (shape[0], ref.shape[1] + 1, ref.shape[2])
    np.testing.assert_array_equal(buffer[:, :-1], ref)
    g = rand(*ref.shape, dtype=dtype, seed=2)
    with minigrad.reference_mode(False):
        gx = fast.conv.col2im(g, geo, shape, False)
    ref_gx = _reference(lambda: Col2im.forward(_Ctx(), g, geo, shape, False))
    assert gx is not None and gx.dtype == dtype and gx.shape == shape
    np.testing.assert_allclose(gx, ref_gx, rtol=1e-12 if dtype == np.float64 else 1e-5, atol=1e-6)
    with minigrad.reference_mode():                      # off in reference mode
        assert fast.conv.im2col(x, geo, False) is None
        assert fast.conv.col2im(g, geo, shape, False) is None


@pytest.mark.parametrize("shape,kernel,padding,dilation,stride", OTHER)
def test_shifted_planes_decline_other_geometries(shape, kernel, padding, dilation, stride):
    x = rand(*shape, seed=3)
    geo = Geometry(shape[2], shape[3], kernel, stride, padding, dilation)
    with minigrad.reference_mode(False):
        assert fast.conv.im2col(x, geo, False) is None
        cols = _reference(lambda: Im2col.forward(_Ctx(), x, geo, False))
        assert fast.conv.col2im(cols, geo, shape, False) is None
        assert fast.conv.im2col(x, geo, True) is None        # the flat (GPU) layout: not this trick


def test_shifted_col2im_keeps_non_finite_values_where_the_reference_puts_them():
    shape = (2, 2, 5, 6)
    geo = Geometry(5, 6, (3, 3), (1, 1), (1, 1), (1, 1))
    g = rand(2, 18, 30, seed=4)
    g[0, 0, 0] = np.inf                 # a corner read: its wrapped neighbours must stay finite
    g[1, 5, 11] = -np.inf
    g[1, 7, 29] = np.nan
    g[0, 12, 6] = np.inf
    g[0, 13, 6] = -np.inf               # inf + -inf at one pixel: NaN in both
    with minigrad.reference_mode(False):
        gx = fast.conv.col2im(g, geo, shape, False)
    ref = _reference(lambda: Col2im.forward(_Ctx(), g, geo, shape, False))
    np.testing.assert_array_equal(np.isnan(gx), np.isnan(ref))
    np.testing.assert_array_equal(np.isinf(gx), np.isinf(ref))
    np.testing.assert_allclose(gx, ref, rtol=1e-12, equal_nan=True)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("case", [dict(shape=(3, 4, 7, 6), oc=5, kernel=3, padding=1),
                                  dict(shape=(2, 1, 28, 28), oc=8, kernel=3, padding=1),
                                  dict(shape=(2, 3, 6, 5), oc=2, kernel=(3, 5), padding="same", dilation=2),
                                  dict(shape=(2, 4, 6, 6), oc=4, kernel=3, padding=1, groups=2),
                                  dict(shape=(2, 3, 9, 8), oc=4, kernel=3, padding=1, stride=2)])
def test_conv2d_against_torch_in_both_modes(case, dtype):
    c, oc, k = case["shape"][1], case["oc"], case["kernel"]
    kh, kw = (k, k) if isinstance(k, int) else k
    groups = case.get("groups", 1)
    x = rand(*case["shape"], dtype=dtype, seed=5)
    w = rand(oc, c // groups, kh, kw, dtype=dtype, seed=6, low=-0.5, high=0.5)
    b = rand(oc, dtype=dtype, seed=7)
    kw_args = {a: case[a] for a in ("padding", "dilation", "groups", "stride") if a in case}

    def run():
        return [o.detach().numpy() for o in check(lambda t, x, w, b: t.nn.functional.conv2d(x, w, b, **kw_args), x, w, b)]
    out_fast, out_ref = both_modes(run)
    np.testing.assert_allclose(out_fast[0], out_ref[0], rtol=1e-12 if dtype == np.float64 else 1e-5, atol=1e-6)


def test_conv2d_non_finite_input_and_upstream_against_torch():
    x = rand(2, 3, 6, 7, seed=8)
    x[0, 1, 0, 0], x[1, 2, 3, 6], x[0, 0, 5, 3] = np.inf, np.nan, -np.inf
    w = rand(4, 3, 3, 3, seed=9)
    for reference in (False, True):
        with minigrad.reference_mode(reference):
            check(lambda t, x, w: t.nn.functional.conv2d(x, w, padding=1), x, w)
            check(lambda t, x, w: t.nn.functional.conv2d(x, w, padding=1) * t.tensor(np.where(
                np.arange(4 * 6 * 7).reshape(1, 4, 6, 7) % 11 == 0, np.inf, 1.0)), rand(2, 3, 6, 7, seed=10), w)


@pytest.mark.parametrize("reference", [False, True], ids=["normal", "reference"])
def test_conv2d_double_backward_against_torch(reference):
    """create_graph through a 'same' convolution: Col2im's backward is Im2col (the trick again)."""
    def f(t, x, w):
        y = t.nn.functional.conv2d(x, w, padding=1)
        gx, = t.autograd.grad((y * y).sum(), x, create_graph=True)
        return (gx * gx).sum() + gx.sum()
    with minigrad.reference_mode(reference):
        check(f, rand(2, 3, 5, 6, seed=11), rand(4, 3, 3, 3, seed=12))


# ---------------------------------------------------------------------------------------------
# BiasedConv: conv2d as one node (the bias a column of w against a ones row; d/dx by blocks of images)
# ---------------------------------------------------------------------------------------------
GRADS = [(True, True, True), (False, True, True), (True, False, True), (True, True, False), (False, False, True),
         (False, True, False)]


@pytest.mark.parametrize("reference", [False, True], ids=["normal", "reference"])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("needs", GRADS, ids=lambda n: "x%dw%db%d" % n)
@pytest.mark.parametrize("padding,stride", [(1, 1), (0, 2)], ids=["same (ones row)", "strided (no ones row)"])
def test_conv2d_with_bias_against_torch(needs, dtype, reference, padding, stride):
    x = rand(3, 2, 6, 7, dtype=dtype, seed=20)
    w = rand(4, 2, 3, 3, dtype=dtype, seed=21)
    b = rand(4, dtype=dtype, seed=22)
    with minigrad.reference_mode(reference):
        check(lambda t, x, w, b: t.nn.functional.conv2d(x, w, b, stride=stride, padding=padding), x, w, b,
              grad=list(needs))


@pytest.mark.parametrize("reference", [False, True], ids=["normal", "reference"])
@pytest.mark.parametrize("input_grad", [False, True], ids=["constant input", "input in the graph"])
def test_conv2d_with_bias_double_backward_against_torch(reference, input_grad):
    """create_graph=True through BiasedConv: gradients of d(loss)/dw and d(loss)/dbias, with the
    input a constant (d/dw and d/dbias come from the ones-row product) or part of the graph."""
    def f(t, x, w, b):
        y = t.nn.functional.conv2d(x, w, b, padding=1)
        loss = (y * y * y).sum()
        gw, gb = t.autograd.grad(loss, (w, b), create_graph=True)
        total = (gw * gw).sum() + (gb * gb * gb).sum()
        if input_grad:
            gx, = t.autograd.grad(loss, x, create_graph=True)
            total = total + (gx * gx).sum()
        return total
    with minigrad.reference_mode(reference):
        check(f, rand(2, 3, 5, 6, seed=23), rand(4, 3, 3, 3, seed=24, low=-0.5, high=0.5), rand(4, seed=25),
              grad=[input_grad, True, True])


def test_biased_conv_is_one_node_and_declines_what_it_does_not_cover():
    x = minigrad.tensor(rand(2, 3, 5, 5, seed=26))
    w = minigrad.tensor(rand(4, 3, 3, 3, seed=27), requires_grad=True)
    b = minigrad.tensor(rand(4, seed=28), requires_grad=True)
    geo = Geometry(5, 5, (3, 3), (1, 1), (1, 1), (1, 1))
    F = minigrad.nn.functional
    with minigrad.reference_mode(False):
        y = F.conv2d(x, w, b, padding=1)
        node = y.grad_fn                                        # one node, edges to torch's three inputs
        assert type(node).__name__ == "ConvolutionBackward0" == node.name() and BiasedConv._node_cls is type(node)
        assert [e[0] is not None for e in node.next_functions] == [False, True, True]
        ops = (Im2col, Col2im)
        assert fast.conv.biased_conv(ops, x, w, None, geo, 1) is None                 # no bias
        assert fast.conv.biased_conv(ops, x, w, b, geo, 3) is None                    # groups
        assert fast.conv.biased_conv(ops, x, w, b.float(), geo, 1) is None            # dtypes differ
        with pytest.raises(RuntimeError, match="bias type"):   # torch refuses a bias of another dtype
            F.conv2d(x, w, b.float(), padding=1)
        cols = F.unfold(x, 3, padding=1)                       # outside conv2d: plain contiguous columns
        assert cols._data.flags.c_contiguous
        np.testing.assert_array_equal(cols.view(2 * 27, 25).numpy(), _reference(
            lambda: F.unfold(x, 3, padding=1)).numpy().reshape(54, 25))
    with minigrad.reference_mode():
        assert fast.conv.biased_conv((Im2col, Col2im), x, w, b, geo, 1) is None
        ref = F.conv2d(x, w, b, padding=1).grad_fn
        assert ref.name() == "ConvolutionBackward0" == type(ref).__name__       # torch's name, for an Add node
        assert isinstance(ref, minigrad.ops.pointwise.Add._node_cls)             # (bias added last)


@pytest.mark.parametrize("chunk_images", [1, 2, 3])
@pytest.mark.parametrize("padding,stride", [(1, 1), (0, 2)], ids=["same", "strided"])
def test_biased_conv_input_gradient_by_blocks_of_images(monkeypatch, chunk_images, padding, stride):
    """The forward's columns and product, and d/dx, made a block of images at a time (blocks of 1, 2, 3
    of 5 images: the last one short) give the numbers of the whole batch at once, bit for bit, and torch's."""
    x = rand(5, 3, 6, 7, seed=40)
    w, b = rand(4, 3, 3, 3, seed=41), rand(4, seed=42)
    g = rand(5, 4, *((6, 7) if padding else (2, 3)), seed=43)

    def grads():
        xt, wt, bt = (minigrad.tensor(a, requires_grad=True) for a in (x, w, b))
        y = minigrad.nn.functional.conv2d(xt, wt, bt, stride=stride, padding=padding)
        assert type(y.grad_fn) is BiasedConv._node_cls
        y.backward(minigrad.tensor(g))
        return y.detach().numpy(), xt.grad.numpy(), wt.grad.numpy(), bt.grad.numpy()
    with minigrad.reference_mode(False):
        whole = grads()
        per_image = x.shape[1] * 9 * g.shape[2] * g.shape[3] * x.itemsize
        monkeypatch.setattr(fast.conv, "_CHUNK_BYTES", per_image * chunk_images)
        blocks = grads()
    for a, b_ in zip(whole, blocks):
        np.testing.assert_array_equal(a, b_)
    with minigrad.reference_mode(False):
        check(lambda t, x, w, b: t.nn.functional.conv2d(x, w, b, stride=stride, padding=padding), x, w, b)
