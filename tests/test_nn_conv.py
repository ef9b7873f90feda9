"""Conv2d and pooling against torch over a grid of strides, paddings, dilations, groups, biases and
sizes where (H + 2p - k) is not a multiple of the stride: forward and every gradient."""
import numpy as np
import pytest

import minigrad
from helpers import check, rand

CONV_GRID = [
    # (N, C_in, H, W), (C_out, k), stride, padding, dilation, groups, bias
    ((2, 3, 7, 6), (4, 3), 1, 0, 1, 1, True),
    ((2, 3, 7, 6), (4, 3), 2, 0, 1, 1, True),          # (7 - 3) % 2 == 0, (6 - 3) % 2 == 1
    ((2, 3, 8, 9), (5, 3), 3, 1, 1, 1, False),         # remainders with stride 3
    ((1, 2, 9, 9), (3, 4), 2, 2, 1, 1, True),
    ((2, 4, 6, 7), (6, 3), 1, 1, 2, 1, True),          # dilation
    ((2, 4, 8, 8), (6, 3), 2, 1, 1, 2, True),          # groups
    ((2, 4, 5, 5), (4, 3), 1, 1, 1, 4, False),         # depthwise
    ((3, 5, 4, 6), (2, 1), 1, 0, 1, 1, True),          # 1x1, C_in != C_out
    ((2, 3, 7, 5), (4, (2, 3)), (2, 1), (1, 0), 1, 1, True),   # rectangular everything
    ((2, 3, 6, 6), (4, 3), 1, "same", 1, 1, True),
    ((2, 3, 6, 6), (4, 4), 1, "same", 1, 1, True),     # even kernel: uneven 'same' padding
    ((2, 3, 7, 7), (4, 3), 1, "same", 2, 1, False),
    ((2, 3, 6, 6), (4, 3), 1, "valid", 1, 1, True),
    ((1, 1, 4, 4), (4, 4), 1, 0, 1, 1, False),         # the seed classifier's layer
]


@pytest.mark.parametrize("case", CONV_GRID, ids=lambda c: f"{c[0]}-{c[1]}-s{c[2]}-p{c[3]}-d{c[4]}-g{c[5]}-b{c[6]}")
@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=lambda d: d.__name__)
def test_conv2d_against_torch(case, dtype, device):
    shape, (oc, k), stride, padding, dilation, groups, bias = case
    kh, kw = (k, k) if isinstance(k, int) else k
    x = rand(*shape, dtype=dtype, seed=1)
    w = rand(oc, shape[1] // groups, kh, kw, dtype=dtype, seed=2)
    b = rand(oc, dtype=dtype, seed=3)
    if bias:
        fn = lambda t, x, w, b: t.nn.functional.conv2d(x, w, b, stride, padding, dilation, groups)  # noqa: E731
        check(fn, x, w, b, device=device)
    else:
        fn = lambda t, x, w: t.nn.functional.conv2d(x, w, None, stride, padding, dilation, groups)  # noqa: E731
        check(fn, x, w, device=device)


def test_conv2d_unbatched_input(device):
    check(lambda t, x, w: t.nn.functional.conv2d(x, w, padding=1), rand(3, 5, 5), rand(2, 3, 3, 3, seed=1),
          device=device)


def test_conv2d_double_backward(device):
    def f(t, x, w):
        y = t.nn.functional.conv2d(x, w, stride=2, padding=1)
        gx, gw = t.autograd.grad((y * y).sum(), (x, w), create_graph=True)
        return (gx * gx).sum() + gw.sum()
    check(f, rand(1, 2, 5, 5, seed=4), rand(3, 2, 3, 3, seed=5), device=device)


POOL_GRID = [
    # kernel, stride, padding, dilation, ceil_mode, (H, W)
    (2, None, 0, 1, False, (8, 8)),
    (2, None, 0, 1, False, (7, 9)),
    (3, 2, 1, 1, False, (7, 8)),
    (3, 2, 0, 1, True, (8, 8)),
    ((2, 3), (1, 2), (1, 1), 1, False, (6, 7)),
    (2, 1, 0, 2, False, (6, 6)),
    (3, 3, 1, 1, True, (10, 7)),
]


@pytest.mark.parametrize("case", POOL_GRID, ids=str)
def test_max_pool2d(case, device):
    k, s, p, d, ceil, hw = case
    x = rand(2, 3, *hw, seed=6)
    check(lambda t, x: t.nn.functional.max_pool2d(x, k, s, p, d, ceil), x, device=device)


def test_max_pool_ties_send_gradient_to_first(device):
    x = np.ones((1, 1, 4, 4))
    check(lambda t, x: t.nn.functional.max_pool2d(x, 2), x, device=device)
    check(lambda t, x: t.nn.functional.max_pool2d(x, 3, 1, 1), x, device=device)


@pytest.mark.parametrize("case", [c for c in POOL_GRID if c[3] == 1], ids=str)
@pytest.mark.parametrize("count_include_pad", [True, False])
def test_avg_pool2d(case, count_include_pad, device):
    k, s, p, _, ceil, hw = case
    x = rand(2, 3, *hw, seed=7)
    check(lambda t, x: t.nn.functional.avg_pool2d(x, k, s, p, ceil, count_include_pad), x, device=device)


def test_pool_double_backward(device):
    def f(t, x):
        y = t.nn.functional.max_pool2d(x, 2) * 3 + t.nn.functional.avg_pool2d(x, 2, 1)[..., :2, :2]
        (g,) = t.autograd.grad((y * y).sum(), x, create_graph=True)
        return (g * x).sum()
    check(f, rand(1, 2, 4, 4, seed=8), device=device)


def test_adaptive_avg_pool_and_return_indices(device):
    x = rand(2, 3, 6, 4, seed=9)
    check(lambda t, x: t.nn.functional.adaptive_avg_pool2d(x, (1, 1)), x, device=device)
    check(lambda t, x: t.nn.functional.adaptive_avg_pool2d(x, (3, 2)), x, device=device)
    check(lambda t, x: t.nn.functional.max_pool2d(x, 2, return_indices=True), x, device=device)


def test_conv_shape_errors_name_the_shapes():
    x = minigrad.ones(1, 3, 5, 5)
    with pytest.raises(RuntimeError, match=r"weight of size \[2, 4, 3, 3\], expected input\[1, 3, 5, 5\] to have 4 "
                                           r"channels, but got 3 channels instead"):
        minigrad.nn.functional.conv2d(x, minigrad.ones(2, 4, 3, 3))
    with pytest.raises(RuntimeError, match=r"input size per channel: \(5 x 5\). Kernel size: \(7 x 7\)"):
        minigrad.nn.functional.conv2d(x, minigrad.ones(2, 3, 7, 7))
    with pytest.raises(RuntimeError, match="Expected 3D .unbatched. or 4D .batched. input to conv2d"):
        minigrad.nn.functional.conv2d(minigrad.ones(5, 5), minigrad.ones(2, 3, 3, 3))
    with pytest.raises(RuntimeError, match=r"Given groups=2, weight of size \[2, 1, 3, 3\], expected input\[1, 3, 5, 5\] to have 2 channels"):
        minigrad.nn.functional.conv2d(x, minigrad.ones(2, 1, 3, 3), groups=2)
    with pytest.raises(RuntimeError, match="larger than the input"):
        minigrad.nn.functional.max_pool2d(minigrad.ones(1, 1, 2, 2), 3)
    layer = minigrad.nn.Conv2d(3, 4, 3)
    with pytest.raises(RuntimeError, match="to have 3 channels, but got 5 channels instead"):
        layer(minigrad.ones(1, 5, 8, 8))


@pytest.mark.parametrize("flat", [False, True])
def test_im2col_layouts_and_col2im_adjoint(flat, device):
    """The two cols layouts (per image on the CPU, one flat matrix on the GPU) hold the same numbers,
    and Col2im is Im2col's adjoint: <Im2col(x), c> == <x, Col2im(c)> (and on the GPU the fused
    kernels must agree with the NumPy reference)."""
    from minigrad.ops.conv import Col2im, Geometry, Im2col
    geo = Geometry(7, 6, (3, 2), (2, 1), (1, 0), (1, 2))
    x = minigrad.tensor(rand(2, 3, 7, 6, seed=10), device=device)
    cols = Im2col.apply(x, geo, flat).cpu().numpy()
    ref = Im2col.apply(x.cpu(), geo, False).numpy()
    k, l = 3 * 3 * 2, geo.oh * geo.ow
    got = cols.reshape(k, 2, l).transpose(1, 0, 2) if flat else cols
    np.testing.assert_allclose(got, ref, rtol=1e-12)
    c = minigrad.tensor(rand(*cols.shape, seed=11), device=device)
    back = Col2im.apply(c, geo, (2, 3, 7, 6), flat)
    lhs = float((Im2col.apply(x, geo, flat) * c).sum().item())
    rhs = float((x * back).sum().item())
    assert abs(lhs - rhs) < 1e-9 * max(1.0, abs(lhs))
