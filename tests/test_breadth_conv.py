"""N-d convolutions, transposed convolutions, pooling, unpooling, padding modes, interpolation, fold/unfold
and their nn modules: forward and every gradient against torch."""
import numpy as np
import pytest
import torch

import minigrad
from helpers import check, rand

DTYPES = [np.float64, np.float32]
F32 = dict(rtol=1e-4, atol=1e-4)             # float32 sums over many terms


def _tol(dtype):
    return F32 if dtype == np.float32 else {}


CONV = {  # name -> (input shape, weight shape, kwargs)
    "1d": ((2, 4, 9), (6, 4, 3), dict()),
    "1d_stride_pad_dil": ((2, 4, 11), (6, 4, 3), dict(stride=2, padding=2, dilation=2)),
    "1d_groups": ((2, 4, 9), (6, 2, 3), dict(groups=2, padding=1)),
    "1d_same": ((2, 4, 9), (6, 4, 4), dict(padding="same")),
    "1d_valid_unbatched": ((4, 9), (6, 4, 3), dict(padding="valid")),
    "3d": ((2, 3, 5, 6, 4), (4, 3, 2, 3, 2), dict()),
    "3d_all": ((2, 4, 6, 7, 5), (6, 2, 3, 2, 2), dict(stride=(1, 2, 2), padding=(1, 0, 1), dilation=(2, 1, 1),
                                                      groups=2)),
    "3d_same_unbatched": ((3, 5, 5, 4), (2, 3, 3, 2, 3), dict(padding="same")),
}


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", sorted(CONV))
@pytest.mark.filterwarnings("ignore:Using padding='same'")
def test_conv_matches_torch(name, dtype, device):
    xs, ws, kw = CONV[name]
    fn = "conv1d" if len(ws) == 3 else "conv3d"
    x, w, b = rand(*xs, dtype=dtype, seed=1), rand(*ws, dtype=dtype, seed=2), rand(ws[0], dtype=dtype, seed=3)
    check(lambda L, x, w, b: getattr(L.nn.functional, fn)(x, w, b, **kw), x, w, b, device=device, **_tol(dtype))


CONVT = {  # name -> (input shape, weight shape (C, OC/groups, *k), kwargs)
    "1d": ((2, 4, 7), (4, 3, 3), dict()),
    "1d_all": ((2, 4, 7), (4, 3, 3), dict(stride=3, padding=2, output_padding=2, groups=2, dilation=2)),
    "1d_unbatched": ((4, 7), (4, 2, 2), dict(stride=2)),
    "2d": ((2, 4, 5, 6), (4, 3, 3, 3), dict(stride=2, padding=1, output_padding=1)),
    "2d_all": ((2, 4, 5, 6), (4, 3, 3, 2), dict(stride=(2, 3), padding=(1, 0), output_padding=(1, 2), groups=2,
                                                 dilation=(1, 2))),
    "2d_big_pad": ((1, 2, 4, 4), (2, 2, 3, 3), dict(padding=2)),
    "3d": ((2, 4, 3, 4, 3), (4, 2, 2, 3, 2), dict(stride=(2, 1, 2), padding=(1, 0, 1), output_padding=(1, 0, 0),
                                                  groups=2)),
    "3d_dilation": ((1, 2, 3, 3, 3), (2, 2, 2, 2, 2), dict(dilation=2, stride=2, output_padding=1)),
}


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", sorted(CONVT))
def test_conv_transpose_matches_torch(name, dtype, device):
    xs, ws, kw = CONVT[name]
    fn = f"conv_transpose{len(ws) - 2}d"
    groups = kw.get("groups", 1)
    x, w, b = rand(*xs, dtype=dtype, seed=1), rand(*ws, dtype=dtype, seed=2), rand(ws[1] * groups, dtype=dtype, seed=3)
    check(lambda L, x, w, b: getattr(L.nn.functional, fn)(x, w, b, **kw), x, w, b, device=device, **_tol(dtype))


def test_conv_strided_input_and_second_derivatives():
    x, w = rand(2, 3, 6, 5, 4, seed=1), rand(4, 3, 2, 2, 2, seed=2)
    check(lambda L, x, w: L.nn.functional.conv3d(x.transpose(2, 4), w, stride=2), x, w)
    xt, wt = rand(2, 4, 5, 6, seed=3), rand(4, 3, 3, 3, seed=4)
    for fn, a, b, kw in (("conv3d", x, w, dict(padding=1)), ("conv_transpose2d", xt, wt, dict(stride=2, padding=1)),
                         ("conv_transpose1d", xt[:, :, 0], wt[..., 0], dict(stride=2)),
                         ("conv1d", xt[:, :, 0], wt[:, :, 0].transpose(1, 0, 2).copy(), {})):
        def second(L):
            ta, tb = L.tensor(a, requires_grad=True), L.tensor(b, requires_grad=True)
            out = getattr(L.nn.functional, fn)(ta, tb, **kw)
            ga, = L.autograd.grad((out * out).sum(), ta, create_graph=True)
            return [g.numpy() for g in L.autograd.grad((ga * ga * ga).sum(), (ta, tb))]
        for m, t in zip(second(minigrad), second(torch)):
            np.testing.assert_allclose(m, t, rtol=1e-8, atol=1e-8, err_msg=fn)


@pytest.mark.parametrize("call", [
    lambda L: L.nn.functional.conv1d(L.zeros(1, 4, 5), L.zeros(2, 3, 3)),
    lambda L: L.nn.functional.conv3d(L.zeros(1, 4, 5, 5), L.zeros(2, 4, 3, 3, 3)),
    lambda L: L.nn.functional.conv3d(L.zeros(1, 4, 2, 2, 2), L.zeros(2, 4, 3, 3, 3)),
    lambda L: L.nn.functional.conv_transpose2d(L.zeros(1, 4, 5, 5), L.zeros(3, 2, 3, 3)),
    lambda L: L.nn.functional.conv_transpose1d(L.zeros(1, 2, 5), L.zeros(2, 2, 3), stride=2, output_padding=2),
    lambda L: L.nn.functional.conv1d(L.zeros(1, 4, 5), L.zeros(2, 4, 3, dtype=L.float64)),
])
def test_bad_conv_calls_raise_like_torch(call):
    with pytest.raises(RuntimeError):
        call(torch)
    with pytest.raises(RuntimeError):
        call(minigrad)


POOL = {
    "max1d": ((2, 3, 9), lambda F, x: F.max_pool1d(x, 3)),
    "max1d_all": ((2, 3, 10), lambda F, x: F.max_pool1d(x, 3, 2, 1, dilation=2, ceil_mode=True)),
    "max1d_indices": ((2, 3, 9), lambda F, x: F.max_pool1d(x, 2, return_indices=True)),
    "avg1d": ((2, 3, 9), lambda F, x: F.avg_pool1d(x, 3, 2, 1)),
    "avg1d_ceil_nopad": ((3, 10), lambda F, x: F.avg_pool1d(x, 3, 2, 1, ceil_mode=True, count_include_pad=False)),
    "max3d": ((2, 2, 4, 6, 5), lambda F, x: F.max_pool3d(x, 2)),
    "max3d_all": ((2, 2, 5, 6, 7), lambda F, x: F.max_pool3d(x, (2, 3, 2), (1, 2, 2), (1, 1, 0), ceil_mode=True)),
    "max3d_dilation_unbatched": ((2, 5, 6, 7), lambda F, x: F.max_pool3d(x, 2, dilation=2)),
    "max3d_indices": ((2, 2, 5, 6, 7), lambda F, x: F.max_pool3d(x, (2, 3, 2), (1, 2, 2), (1, 1, 0),
                                                                 return_indices=True)),
    "avg3d": ((2, 2, 4, 6, 5), lambda F, x: F.avg_pool3d(x, 2)),
    "avg3d_all": ((2, 2, 5, 6, 7), lambda F, x: F.avg_pool3d(x, (2, 3, 2), (1, 2, 2), (1, 1, 0), ceil_mode=True)),
    "avg3d_nopad": ((2, 2, 5, 6, 7), lambda F, x: F.avg_pool3d(x, 3, 2, 1, ceil_mode=True,
                                                               count_include_pad=False)),
    "avg3d_divisor": ((2, 2, 4, 4, 4), lambda F, x: F.avg_pool3d(x, 2, divisor_override=3)),
    "adaptive_avg1d": ((2, 3, 10), lambda F, x: F.adaptive_avg_pool1d(x, 4)),
    "adaptive_avg2d_uneven": ((2, 3, 7, 10), lambda F, x: F.adaptive_avg_pool2d(x, (3, 4))),
    "adaptive_avg2d_none": ((2, 3, 7, 10), lambda F, x: F.adaptive_avg_pool2d(x, (None, 3))),
    "adaptive_avg3d": ((2, 2, 5, 6, 7), lambda F, x: F.adaptive_avg_pool3d(x, (2, 3, 4))),
    "adaptive_max1d": ((2, 3, 10), lambda F, x: F.adaptive_max_pool1d(x, 4)),
    "adaptive_max2d_uneven": ((2, 3, 7, 10), lambda F, x: F.adaptive_max_pool2d(x, (3, 4), return_indices=True)),
    "adaptive_max2d_upsampling": ((2, 3, 4, 4), lambda F, x: F.adaptive_max_pool2d(x, (6, 5))),
    "adaptive_max2d_none_unbatched": ((3, 7, 10), lambda F, x: F.adaptive_max_pool2d(x, (None, 3))),
    "adaptive_max3d": ((2, 2, 5, 6, 7), lambda F, x: F.adaptive_max_pool3d(x, (2, 3, 4), return_indices=True)),
}


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", sorted(POOL))
def test_pool_matches_torch(name, dtype, device):
    shape, fn = POOL[name]
    check(lambda L, x: fn(L.nn.functional, x), rand(*shape, dtype=dtype, seed=1), device=device, **_tol(dtype))


@pytest.mark.parametrize("nd", [1, 2, 3])
def test_max_unpool_inverts_max_pool_like_torch(nd, device):
    shape = (2, 3) + (6, 4, 6)[:nd]
    x = rand(*shape, seed=1)
    pool, unpool = f"max_pool{nd}d", f"max_unpool{nd}d"
    out, idx = getattr(torch.nn.functional, pool)(torch.tensor(x), 2, return_indices=True)
    check(lambda L, v, i: getattr(L.nn.functional, unpool)(v, i, 2), out.numpy(), idx.numpy(), device=device)
    size = tuple(s + 1 for s in shape[2:])
    check(lambda L, v, i: getattr(L.nn.functional, unpool)(v, i, 2, output_size=size), out.numpy(), idx.numpy(),
          device=device)
    check(lambda L, v, i: getattr(L.nn, f"MaxUnpool{nd}d")(2)(v, i), out.numpy(), idx.numpy(), device=device)


@pytest.mark.parametrize("mode", ["constant", "reflect", "replicate", "circular"])
@pytest.mark.parametrize("pad", [(1, 2), (2, -1), (-1, -2), (1, 0, 2, 1), (2, -1, 1, 3), (1, 1, 0, 2, 2, 1)])
def test_pad_modes_match_torch(mode, pad, device):
    shape = {2: (2, 3, 6), 4: (2, 3, 5, 6), 6: (2, 3, 4, 5, 6)}[len(pad)]
    check(lambda L, x: L.nn.functional.pad(x, pad, mode=mode), rand(*shape, seed=1), device=device)


def test_pad_constant_value_any_dims_and_errors():
    check(lambda L, x: L.nn.functional.pad(x, (1, 2, 0, 1, 3, -1, 1, 1), value=2.5), rand(3, 4, 5, 6, seed=1))
    check(lambda L, x: L.nn.functional.pad(x, (1, 1), mode="reflect"), rand(3, 5, seed=1))      # (C, W)
    for L in (torch, minigrad):
        x = L.zeros(1, 2, 3)
        with pytest.raises(RuntimeError):
            L.nn.functional.pad(x, (3, 0), mode="reflect")
        with pytest.raises(NotImplementedError):
            L.nn.functional.pad(L.zeros(3), (1, 1), mode="reflect")


INTERP = [
    ((2, 3, 5), dict(size=9, mode="nearest")),
    ((2, 3, 5), dict(scale_factor=2.5, mode="linear")),
    ((2, 3, 5), dict(scale_factor=0.6, mode="linear", align_corners=True)),
    ((2, 3, 5, 6), dict(scale_factor=2, mode="nearest")),
    ((2, 3, 5, 6), dict(scale_factor=1.7, mode="nearest")),
    ((2, 3, 5, 6), dict(size=(7, 4), mode="nearest-exact")),
    ((2, 3, 5, 6), dict(size=(7, 4), mode="bilinear")),
    ((2, 3, 5, 6), dict(size=(7, 4), mode="bilinear", align_corners=True)),
    ((2, 3, 5, 6), dict(scale_factor=(1.5, 0.5), mode="bilinear")),
    ((2, 3, 5, 6), dict(scale_factor=1.7, mode="bilinear", recompute_scale_factor=True)),
    ((2, 3, 5, 6), dict(size=(8, 3), mode="bicubic")),
    ((2, 3, 5, 6), dict(size=(8, 3), mode="bicubic", align_corners=True)),
    ((2, 3, 5, 6), dict(size=(3, 4), mode="area")),
    ((2, 2, 3, 4, 5), dict(size=(5, 3, 7), mode="trilinear")),
    ((2, 2, 3, 4, 5), dict(scale_factor=2, mode="nearest")),
]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape, kw", INTERP, ids=[f"{len(s) - 2}d-{k['mode']}-{i}" for i, (s, k) in
                                                   enumerate(INTERP)])
def test_interpolate_matches_torch(shape, kw, dtype, device):
    check(lambda L, x: L.nn.functional.interpolate(x, **kw), rand(*shape, dtype=dtype, seed=1), device=device,
          **_tol(dtype))


def test_interpolate_errors_like_torch():
    for L in (torch, minigrad):
        x = L.zeros(1, 2, 4, 4)
        with pytest.raises(ValueError):
            L.nn.functional.interpolate(x, scale_factor=2, mode="nearest", align_corners=True)
        with pytest.raises(ValueError):
            L.nn.functional.interpolate(x)
        with pytest.raises(NotImplementedError):
            L.nn.functional.interpolate(x, scale_factor=2, mode="trilinear")


def test_fold_unfold_match_torch(device):
    check(lambda L, x: L.nn.functional.unfold(x, (2, 3), padding=1, stride=2), rand(2, 3, 5, 6, seed=1),
          device=device)
    check(lambda L, x: L.nn.functional.fold(x, (5, 6), (2, 3), padding=1, stride=2), rand(2, 12, 9, seed=1),
          device=device)
    check(lambda L, x: L.nn.Fold((4, 5), 2)(L.nn.Unfold(2)(x)), rand(1, 2, 4, 5, seed=2), device=device)


# ---------------------------------------------------------------------------------------------
# Modules: torch's weights load, outputs and gradients agree, repr agrees
# ---------------------------------------------------------------------------------------------
MODULES = [
    ("Conv1d", (4, 6, 3), dict(stride=2, padding=1), (2, 4, 9)),
    ("Conv1d", (4, 6, 3), dict(padding="same", padding_mode="reflect", groups=2, bias=False), (2, 4, 9)),
    ("Conv1d", (4, 6, 3), dict(padding=2, padding_mode="circular"), (2, 4, 9)),
    ("Conv3d", (2, 4, (2, 3, 2)), dict(stride=(1, 2, 1), padding=1, dilation=(2, 1, 1)), (2, 2, 5, 6, 4)),
    ("Conv3d", (2, 4, 3), dict(padding=1, padding_mode="replicate"), (2, 2, 4, 4, 4)),
    ("ConvTranspose1d", (4, 6, 3), dict(stride=2, padding=1, output_padding=1, groups=2), (2, 4, 7)),
    ("ConvTranspose2d", (4, 3, 3), dict(stride=2, padding=1, output_padding=1), (2, 4, 5, 5)),
    ("ConvTranspose2d", (4, 6, (2, 3)), dict(stride=(2, 1), groups=2, dilation=2, bias=False), (2, 4, 3, 4)),
    ("ConvTranspose3d", (2, 3, 2), dict(stride=2), (2, 2, 3, 3, 3)),
]


def _torch_copy(tm, mm, device):
    sd = tm.state_dict()
    assert list(mm.state_dict()) == list(sd)
    for k, v in sd.items():
        assert tuple(mm.state_dict()[k].shape) == tuple(v.shape), k
    mm.load_state_dict({k: minigrad.tensor(v.numpy()) for k, v in sd.items()})
    return mm.to(device)


@pytest.mark.parametrize("cls, args, kw, xshape", MODULES, ids=[f"{c}-{i}" for i, (c, *_) in enumerate(MODULES)])
def test_conv_modules_load_torch_weights(cls, args, kw, xshape, device):
    torch.manual_seed(0)
    tm = getattr(torch.nn, cls)(*args, dtype=torch.float64, **kw)
    mm = _torch_copy(tm, getattr(minigrad.nn, cls)(*args, dtype=minigrad.float64, **kw), device)
    assert repr(mm) == repr(tm)
    x = rand(*xshape, seed=1)
    tx, mx = torch.tensor(x, requires_grad=True), minigrad.tensor(x, device=device, requires_grad=True)
    ty, my = tm(tx), mm(mx)
    np.testing.assert_allclose(my.detach().cpu().numpy(), ty.detach().numpy(), rtol=1e-9, atol=1e-10)
    up = rand(*ty.shape, seed=2)
    ty.backward(torch.tensor(up))
    my.backward(minigrad.tensor(up, device=device))
    np.testing.assert_allclose(mx.grad.cpu().numpy(), tx.grad.numpy(), rtol=1e-9, atol=1e-10)
    for (n, tp), (_, mp) in zip(tm.named_parameters(), mm.named_parameters()):
        np.testing.assert_allclose(mp.grad.cpu().numpy(), tp.grad.numpy(), rtol=1e-9, atol=1e-10, err_msg=n)


def test_conv_transpose_output_size_and_init():
    torch.manual_seed(0)
    tm = torch.nn.ConvTranspose2d(2, 3, 3, stride=2, padding=1, dtype=torch.float64)
    mm = _torch_copy(tm, minigrad.nn.ConvTranspose2d(2, 3, 3, stride=2, padding=1, dtype=minigrad.float64), "cpu")
    x = rand(1, 2, 4, 4, seed=1)
    for size in ([8, 8], [1, 3, 7, 8]):
        np.testing.assert_allclose(mm(minigrad.tensor(x), output_size=size).detach().numpy(),
                                   tm(torch.tensor(x), output_size=size).detach().numpy(), rtol=1e-10)
    for L in (torch, minigrad):
        m = L.nn.ConvTranspose2d(2, 3, 3, stride=2, padding=1)
        with pytest.raises(ValueError):
            m(L.zeros(1, 2, 4, 4), output_size=[10, 10])
    # torch's init: kaiming_uniform(a=√5) on the weight, whose fan-in is weight.size(1)·k·k
    w = minigrad.nn.ConvTranspose2d(16, 4, 3).weight.detach().numpy()
    bound = 1 / np.sqrt(4 * 9)
    assert w.shape == (16, 4, 3, 3) and np.abs(w).max() <= bound and np.abs(w).max() > 0.9 * bound


MISC = [
    ("MaxPool1d", (3,), dict(stride=2, padding=1), (2, 3, 9)),
    ("MaxPool3d", (2,), dict(), (2, 2, 4, 4, 6)),
    ("AvgPool1d", (3,), dict(), (2, 3, 9)),
    ("AvgPool3d", (2,), dict(stride=1, padding=1), (2, 2, 4, 4, 4)),
    ("AdaptiveAvgPool1d", (4,), dict(), (2, 3, 9)),
    ("AdaptiveAvgPool3d", ((2, 3, 2),), dict(), (2, 2, 4, 5, 6)),
    ("AdaptiveMaxPool1d", (3,), dict(), (2, 3, 8)),
    ("AdaptiveMaxPool2d", ((3, 2),), dict(), (2, 3, 7, 5)),
    ("AdaptiveMaxPool3d", (2,), dict(), (1, 2, 5, 4, 3)),
    ("Upsample", (), dict(scale_factor=2), (2, 3, 4, 5)),
    ("Upsample", (), dict(size=(7, 3), mode="bilinear"), (2, 3, 4, 5)),
    ("Upsample", (), dict(scale_factor=1.5, mode="linear", align_corners=True), (2, 3, 4)),
    ("UpsamplingNearest2d", (), dict(scale_factor=2), (2, 3, 4, 5)),
    ("UpsamplingBilinear2d", (), dict(size=(6, 7)), (2, 3, 4, 5)),
    ("ReflectionPad1d", (2,), dict(), (2, 3, 5)),
    ("ReflectionPad2d", ((1, 2, 0, 3),), dict(), (2, 3, 5, 6)),
    ("ReflectionPad3d", (1,), dict(), (1, 2, 3, 4, 5)),
    ("ReplicationPad1d", ((3, 1),), dict(), (2, 3, 5)),
    ("ReplicationPad2d", (2,), dict(), (2, 3, 5, 6)),
    ("ReplicationPad3d", ((1, 0, 2, 1, 0, 1),), dict(), (1, 2, 3, 4, 5)),
    ("CircularPad1d", (2,), dict(), (2, 3, 5)),
    ("CircularPad2d", ((1, 2, 2, 0),), dict(), (2, 3, 5, 6)),
    ("ZeroPad2d", ((1, 2, -1, 0),), dict(), (2, 3, 5, 6)),
    ("ConstantPad1d", (2, 3.5), dict(), (2, 3, 5)),
    ("ConstantPad3d", ((1, 0, 0, 1, 2, 2), -1.0), dict(), (1, 2, 3, 4, 5)),
]


@pytest.mark.parametrize("cls, args, kw, xshape", MISC, ids=[f"{c}-{i}" for i, (c, *_) in enumerate(MISC)])
def test_resampling_modules_match_torch(cls, args, kw, xshape, device):
    check(lambda L, x: getattr(L.nn, cls)(*args, **kw)(x), rand(*xshape, seed=1), device=device)
    assert repr(getattr(minigrad.nn, cls)(*args, **kw)) == repr(getattr(torch.nn, cls)(*args, **kw))


def test_segment_sums_both_ways_agree():
    """AddAlong's two ways of summing runs (reduceat on the CPU, a running sum elsewhere) agree."""
    from minigrad.ops.convnd import segment_sums
    g = rand(3, 7, 2, seed=1)
    starts = np.array([0, 2, 3, 6])
    for dim in (1,):
        a = segment_sums(g, starts, dim, reduceat=True)
        b = segment_sums(g, starts, dim, reduceat=False)
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(a[:, 1], g[:, 2:3].sum(1))


@pytest.mark.parametrize("fn", [lambda F, x: F.pad(x, (2, 1, 1, 2), mode="reflect"),
                                lambda F, x: F.pad(x, (3, 1, 0, 2), mode="circular"),
                                lambda F, x: F.interpolate(x, scale_factor=1.7, mode="bilinear"),
                                lambda F, x: F.interpolate(x, size=(3, 7), mode="bicubic", align_corners=True)])
def test_resampling_second_derivatives_match_torch(fn):
    x = rand(2, 3, 4, 5, seed=1)

    def second(L):
        t = L.tensor(x, requires_grad=True)
        out = fn(L.nn.functional, t * t)
        g, = L.autograd.grad((out * out).sum(), t, create_graph=True)
        return L.autograd.grad((g * g * g).sum(), t)[0].numpy()
    np.testing.assert_allclose(second(minigrad), second(torch), rtol=1e-8, atol=1e-10)
