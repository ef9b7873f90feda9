"""Tensor algebra helpers, distances, normalisation layers, shuffles, dropout variants and more losses:
against torch (forward and every gradient)."""
import numpy as np
import pytest
import torch

import minigrad
from helpers import check, rand

ALGEBRA = {
    "tensordot_int": (lambda L, a, b: L.tensordot(a, b, 2), [(2, 3, 4), (3, 4, 5)]),
    "tensordot_lists": (lambda L, a, b: L.tensordot(a, b, dims=([0, 2], [2, 0])), [(2, 3, 4), (4, 5, 2)]),
    "tensordot_zero": (lambda L, a, b: L.tensordot(a, b, 0), [(2, 3), (4,)]),
    "kron": (lambda L, a, b: L.kron(a, b), [(2, 3), (3, 2)]),
    "kron_mixed_dims": (lambda L, a, b: a.kron(b), [(2,), (3, 2)]),
    "cross": (lambda L, a, b: L.cross(a, b, dim=1), [(4, 3, 2), (4, 3, 2)]),
    "cross_broadcast": (lambda L, a, b: L.linalg.cross(a, b) if L is torch else L.cross(a, b, dim=-1),
                        [(4, 3), (1, 3)]),
    "cdist": (lambda L, a, b: L.cdist(a, b), [(2, 4, 3), (2, 5, 3)]),
    "cdist_p1": (lambda L, a, b: L.cdist(a, b, p=1.0), [(4, 3), (5, 3)]),
    "cdist_p3": (lambda L, a, b: L.cdist(a, b, p=3.0), [(4, 3), (5, 3)]),
    "cdist_inf": (lambda L, a, b: L.cdist(a, b, p=float("inf")), [(4, 3), (5, 3)]),
    "block_diag": (lambda L, a, b, c: L.block_diag(a, b, c), [(2, 3), (1, 2), (3,)]),
    "cartesian_prod": (lambda L, a, b: L.cartesian_prod(a, b), [(3,), (2,)]),
    "diff": (lambda L, a: L.diff(a, dim=1), [(3, 5)]),
    "diff_n2": (lambda L, a: a.diff(n=2, dim=0), [(5, 3)]),
    "diff_prepend": (lambda L, a, b: L.diff(a, prepend=b, append=b), [(3, 4), (3, 2)]),
    "diag_embed": (lambda L, a: L.diag_embed(a), [(2, 3)]),
    "diag_embed_offset": (lambda L, a: L.diag_embed(a, offset=-1, dim1=0, dim2=2), [(2, 3)]),
    "diagflat": (lambda L, a: L.diagflat(a, 2), [(2, 2)]),
    "rot90": (lambda L, a: L.rot90(a, 1, (0, 2)), [(2, 3, 4)]),
    "rot90_k3": (lambda L, a: a.rot90(-1, [1, 0]), [(2, 3)]),
    "trapezoid": (lambda L, a: L.trapezoid(a, dx=0.5), [(3, 5)]),
    "trapezoid_x": (lambda L, y, x: L.trapezoid(y, x), [(3, 5), (5,)]),
    "cov": (lambda L, a: L.cov(a), [(3, 6)]),
    "cov_weights": (lambda L, a, w: L.cov(a, correction=0, aweights=w.abs()), [(3, 6), (6,)]),
    "corrcoef": (lambda L, a: L.corrcoef(a), [(3, 6)]),
    "dstack": (lambda L, a, b: L.dstack([a, b]), [(2, 3), (2, 3)]),
    "column_stack": (lambda L, a, b: L.column_stack([a, b]), [(3,), (3, 2)]),
    "atleast_3d": (lambda L, a: L.atleast_3d(a), [(4,)]),
    "bilinear": (lambda L, a, b, w, c: L.nn.functional.bilinear(a, b, w, c), [(4, 2), (4, 3), (5, 2, 3), (5,)]),
    "cosine_similarity": (lambda L, a, b: L.nn.functional.cosine_similarity(a, b), [(4, 3, 2), (1, 3, 2)]),
    "cosine_similarity_dim": (lambda L, a, b: L.nn.functional.cosine_similarity(a, b, dim=-1), [(4, 3), (4, 3)]),
    "pairwise_distance": (lambda L, a, b: L.nn.functional.pairwise_distance(a, b), [(4, 3), (4, 3)]),
    "pairwise_distance_p1": (lambda L, a, b: L.nn.functional.pairwise_distance(a, b, 1.0, keepdim=True),
                             [(4, 3), (4, 3)]),
    "pdist": (lambda L, a: L.nn.functional.pdist(a), [(5, 3)]),
}


@pytest.mark.parametrize("name", sorted(ALGEBRA))
def test_algebra_matches_torch(name, device):
    fn, shapes = ALGEBRA[name]
    check(fn, *[rand(*s, seed=i) for i, s in enumerate(shapes)], device=device)


def test_index_helpers_and_errors():
    for off in (-1, 0, 2):
        for f in ("tril_indices", "triu_indices"):
            assert getattr(minigrad, f)(3, 4, off).tolist() == getattr(torch, f)(3, 4, off).tolist()
    for L in (torch, minigrad):
        with pytest.raises(RuntimeError):
            L.cross(L.zeros(2, 4), L.zeros(2, 4), dim=1)
        with pytest.raises(RuntimeError):
            L.tensordot(L.zeros(2, 3), L.zeros(4, 3), dims=([1], [0]))
        with pytest.raises(RuntimeError):
            L.rot90(L.zeros(2, 3), 1, (0, 0))


NORM = {
    "group_norm": (lambda L, x, w, b: L.nn.functional.group_norm(x, 2, w, b), [(3, 4, 5, 2), (4,), (4,)]),
    "instance_norm": (lambda L, x, w, b: L.nn.functional.instance_norm(x, weight=w, bias=b), [(3, 4, 5), (4,), (4,)]),
    "rms_norm": (lambda L, x, w: L.nn.functional.rms_norm(x, (3, 4), w), [(2, 3, 4), (3, 4)]),
    "rms_norm_eps": (lambda L, x: L.nn.functional.rms_norm(x, (4,), eps=1e-3), [(2, 3, 4)]),
    "local_response_norm": (lambda L, x: L.nn.functional.local_response_norm(x, 3, alpha=0.1), [(2, 5, 4, 3)]),
    "local_response_norm_even": (lambda L, x: L.nn.functional.local_response_norm(x, 4, 0.2, 0.5, 2.0), [(2, 6, 5)]),
    "pixel_shuffle": (lambda L, x: L.nn.functional.pixel_shuffle(x, 2), [(2, 8, 3, 4)]),
    "pixel_unshuffle": (lambda L, x: L.nn.functional.pixel_unshuffle(x, 2), [(2, 3, 4, 6)]),
    "channel_shuffle": (lambda L, x: L.nn.functional.channel_shuffle(x, 3) if L is torch else
                        L.nn.functional.channel_shuffle(x, 3), [(2, 6, 3)]),
    "lp_pool1d": (lambda L, x: L.nn.functional.lp_pool1d(x.abs() + 0.1, 2.0, 3, 2), [(2, 3, 9)]),
    "lp_pool2d": (lambda L, x: L.nn.functional.lp_pool2d(x.abs() + 0.1, 3.0, 2), [(2, 3, 4, 6)]),
    "rrelu_eval": (lambda L, x: L.nn.functional.rrelu(x), [(3, 4)]),
}


@pytest.mark.parametrize("name", sorted(NORM))
def test_normalisation_and_rearranging_match_torch(name, device):
    fn, shapes = NORM[name]
    check(fn, *[rand(*s, seed=i) for i, s in enumerate(shapes)], device=device)


LOSSES = {
    "margin_ranking": (lambda L, a, b, y, r: L.nn.functional.margin_ranking_loss(a, b, y, 0.3, reduction=r),
                       [(6,), (6,), "sign"]),
    "hinge_embedding": (lambda L, a, y, r: L.nn.functional.hinge_embedding_loss(a, y, 0.7, reduction=r),
                        [(6, 2), "sign"]),
    "soft_margin": (lambda L, a, y, r: L.nn.functional.soft_margin_loss(a, y, reduction=r), [(6, 2), "sign"]),
    "multilabel_soft_margin": (lambda L, a, y, r: L.nn.functional.multilabel_soft_margin_loss(a, y, reduction=r),
                               [(4, 3), "binary"]),
    "cosine_embedding": (lambda L, a, b, y, r: L.nn.functional.cosine_embedding_loss(a, b, y, 0.1, reduction=r),
                         [(6, 3), (6, 3), "sign6"]),
    "triplet_margin": (lambda L, a, p, n, r: L.nn.functional.triplet_margin_loss(a, p, n, reduction=r),
                       [(5, 3), (5, 3), (5, 3)]),
    "triplet_margin_swap": (lambda L, a, p, n, r: L.nn.functional.triplet_margin_loss(a, p, n, 0.5, 1.0, swap=True,
                                                                                      reduction=r),
                            [(5, 3), (5, 3), (5, 3)]),
    "poisson_nll": (lambda L, a, y, r: L.nn.functional.poisson_nll_loss(a, y.abs() * 3, reduction=r),
                    [(5, 3), (5, 3)]),
    "poisson_nll_full": (lambda L, a, y, r: L.nn.functional.poisson_nll_loss(a.abs(), y.abs() * 3, log_input=False,
                                                                             full=True, reduction=r),
                         [(5, 3), (5, 3)]),
    "gaussian_nll": (lambda L, a, y, v, r: L.nn.functional.gaussian_nll_loss(a, y, v.abs() + 0.1, reduction=r),
                     [(5, 3), (5, 3), (5, 3)]),
    "gaussian_nll_full_eps": (lambda L, a, y, v, r: L.nn.functional.gaussian_nll_loss(a, y, v.abs(), full=True,
                                                                                      eps=0.5, reduction=r),
                              [(5, 3), (5, 3), (5, 1)]),
    "multi_margin": (lambda L, a, y, r: L.nn.functional.multi_margin_loss(a, y, reduction=r), [(5, 4), "class4"]),
    "multi_margin_p2_weight": (lambda L, a, y, w, r: L.nn.functional.multi_margin_loss(a, y, 2, 0.5, w,
                                                                                        reduction=r),
                               [(5, 4), "class4", "weight4"]),
}


def _arg(s, i):
    rng = np.random.default_rng(10 + i)
    if s == "sign":
        return np.where(rng.random(6 if i == 2 else (6, 2)) > 0.5, 1.0, -1.0)
    if s == "sign6":
        return np.where(rng.random(6) > 0.5, 1.0, -1.0)
    if s == "binary":
        return (rng.random((4, 3)) > 0.5).astype(np.float64)
    if s == "weight4":                       # a class weight (torch gives it no gradient)
        return rng.uniform(0.5, 2.0, size=4)
    if s == "class4":
        return rng.integers(0, 4, size=5)
    return rand(*s, seed=i)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("name", sorted(LOSSES))
def test_more_losses_match_torch(name, reduction, device):
    fn, shapes = LOSSES[name]
    args = [_arg(s, i) for i, s in enumerate(shapes)]
    grad = [isinstance(s, tuple) for s in shapes]
    check(lambda L, *ts: fn(L, *ts, reduction), *args, device=device, grad=grad)


MODULES = [
    ("GroupNorm", (2, 4), dict(), [(3, 4, 5)]),
    ("GroupNorm", (2, 4), dict(affine=False), [(3, 4, 5)]),
    ("InstanceNorm1d", (4,), dict(affine=True), [(3, 4, 5)]),
    ("InstanceNorm2d", (4,), dict(), [(3, 4, 5, 2)]),
    ("InstanceNorm3d", (2,), dict(affine=True, bias=False), [(2, 2, 3, 4, 2)]),
    ("RMSNorm", ((3, 4),), dict(), [(2, 3, 4)]),
    ("LocalResponseNorm", (2,), dict(), [(2, 5, 3)]),
    ("BatchNorm3d", (3,), dict(), [(2, 3, 2, 3, 2)]),
    ("Bilinear", (2, 3, 4), dict(), [(5, 2), (5, 3)]),
    ("CosineSimilarity", (), dict(dim=0), [(3, 4), (3, 4)]),
    ("PairwiseDistance", (), dict(p=3.0), [(3, 4), (3, 4)]),
    ("PixelShuffle", (2,), dict(), [(1, 8, 2, 3)]),
    ("PixelUnshuffle", (3,), dict(), [(1, 2, 3, 6)]),
    ("ChannelShuffle", (2,), dict(), [(1, 4, 2, 3)]),
    ("LPPool2d", (2, 2), dict(), [(1, 2, 4, 4)]),
    ("LPPool1d", (1, 3), dict(stride=1), [(1, 2, 6)]),
]


@pytest.mark.parametrize("cls, args, kw, shapes", MODULES, ids=[f"{c}-{i}" for i, (c, *_) in enumerate(MODULES)])
def test_modules_load_torch_weights(cls, args, kw, shapes, device):
    torch.manual_seed(0)
    tm = getattr(torch.nn, cls)(*args, **kw).double()
    mm = getattr(minigrad.nn, cls)(*args, **kw).double()
    sd = tm.state_dict()
    assert list(mm.state_dict()) == list(sd)
    with torch.no_grad():
        for p in tm.parameters():
            p.uniform_(-1, 1)
    mm.load_state_dict({k: minigrad.tensor(v.numpy()) for k, v in tm.state_dict().items()})
    mm.to(device)
    xs = [rand(*s, seed=i) for i, s in enumerate(shapes)]
    t_in = [torch.tensor(x, requires_grad=True) for x in xs]
    m_in = [minigrad.tensor(x, device=device, requires_grad=True) for x in xs]
    ty, my = tm(*t_in), mm(*m_in)
    np.testing.assert_allclose(my.detach().cpu().numpy(), ty.detach().numpy(), rtol=1e-9, atol=1e-10)
    up = rand(*ty.shape, seed=9)
    ty.backward(torch.tensor(up))
    my.backward(minigrad.tensor(up, device=device))
    for t, m in zip(t_in, m_in):
        np.testing.assert_allclose(m.grad.cpu().numpy(), t.grad.numpy(), rtol=1e-9, atol=1e-10)
    for (n, tp), (_, mp) in zip(tm.named_parameters(), mm.named_parameters()):
        np.testing.assert_allclose(mp.grad.cpu().numpy(), tp.grad.numpy(), rtol=1e-9, atol=1e-10, err_msg=n)
    if cls not in ("BatchNorm3d",):                       # BatchNorm's repr lives in layers.py
        assert repr(mm) == repr(tm)


def test_instance_norm_running_stats_match_torch():
    tm = torch.nn.InstanceNorm1d(3, track_running_stats=True).double()
    mm = minigrad.nn.InstanceNorm1d(3, track_running_stats=True).double()
    x = rand(4, 3, 5, seed=1)
    tm(torch.tensor(x))
    mm(minigrad.tensor(x))
    np.testing.assert_allclose(mm.running_mean.numpy(), tm.running_mean.numpy(), rtol=1e-10)
    np.testing.assert_allclose(mm.running_var.numpy(), tm.running_var.numpy(), rtol=1e-10)
    tm.eval()
    mm.eval()
    np.testing.assert_allclose(mm(minigrad.tensor(x)).numpy(), tm(torch.tensor(x)).numpy(), rtol=1e-9)


# (dropout2d reads a 3-D input as (N, C, L), as torch, with a warning)
@pytest.mark.filterwarnings("ignore:dropout2d")
@pytest.mark.parametrize("fn, shape, channel_dims", [("dropout1d", (4, 6, 50), 2), ("dropout2d", (4, 6, 5, 10), 2),
                                                     ("dropout3d", (4, 6, 2, 5, 5), 2), ("dropout2d", (6, 5, 10), 2)])
def test_channel_dropout_zeroes_whole_channels(fn, shape, channel_dims):
    minigrad.manual_seed(0)
    x = minigrad.ones(*shape)
    y = getattr(minigrad.nn.functional, fn)(x, 0.5).numpy()
    per_channel = y.reshape(*shape[:channel_dims], -1)
    assert np.all((per_channel == 0).all(-1) | (per_channel == 2.0).all(-1))    # whole channels, rescaled
    assert 0.2 < (per_channel[..., 0] == 0).mean() < 0.8
    assert getattr(minigrad.nn.functional, fn)(x, 0.5, training=False) is x


def test_alpha_dropout_keeps_mean_and_variance():
    minigrad.manual_seed(0)
    x = minigrad.randn(200000, dtype=minigrad.float64)
    y = minigrad.nn.functional.alpha_dropout(x, 0.3, training=True).numpy()
    assert abs(y.mean()) < 0.02 and abs(y.std() - 1) < 0.02
    assert minigrad.nn.AlphaDropout(0.3).eval()(x) is x


def test_gumbel_softmax_samples_and_straight_through():
    minigrad.manual_seed(0)
    logits = minigrad.tensor(np.log([[0.7, 0.2, 0.1]] * 4000), requires_grad=True)
    soft = minigrad.nn.functional.gumbel_softmax(logits, tau=0.5)
    np.testing.assert_allclose(soft.detach().numpy().sum(-1), 1.0, rtol=1e-12)
    hard = minigrad.nn.functional.gumbel_softmax(logits, hard=True)
    h = hard.detach().numpy()
    assert set(np.unique(h)) <= {0.0, 1.0} and (h.sum(-1) == 1).all()
    np.testing.assert_allclose(h.mean(0), [0.7, 0.2, 0.1], atol=0.03)         # argmax of Gumbel-perturbed logits
    (hard * minigrad.tensor([1.0, 2.0, 3.0], dtype=minigrad.float64)).sum().backward()
    assert logits.grad is not None and np.abs(logits.grad.numpy()).sum() > 0


@pytest.mark.parametrize("cls, args", [("MarginRankingLoss", (0.2,)), ("HingeEmbeddingLoss", ()),
                                       ("SoftMarginLoss", ()), ("CosineEmbeddingLoss", (0.1,)),
                                       ("TripletMarginLoss", ()), ("MultiMarginLoss", ()),
                                       ("MultiLabelSoftMarginLoss", ()), ("PoissonNLLLoss", ()),
                                       ("GaussianNLLLoss", ())])
def test_loss_modules_match_torch(cls, args):
    rng = np.random.default_rng(0)
    inputs = {
        "MarginRankingLoss": [rand(6, seed=1), rand(6, seed=2), np.where(rng.random(6) > 0.5, 1.0, -1.0)],
        "HingeEmbeddingLoss": [rand(6, seed=1), np.where(rng.random(6) > 0.5, 1.0, -1.0)],
        "SoftMarginLoss": [rand(6, seed=1), np.where(rng.random(6) > 0.5, 1.0, -1.0)],
        "CosineEmbeddingLoss": [rand(6, 3, seed=1), rand(6, 3, seed=2), np.where(rng.random(6) > 0.5, 1.0, -1.0)],
        "TripletMarginLoss": [rand(6, 3, seed=1), rand(6, 3, seed=2), rand(6, 3, seed=3)],
        "MultiMarginLoss": [rand(6, 4, seed=1), rng.integers(0, 4, 6)],
        "MultiLabelSoftMarginLoss": [rand(6, 4, seed=1), (rng.random((6, 4)) > 0.5).astype(np.float64)],
        "PoissonNLLLoss": [rand(6, seed=1), np.abs(rand(6, seed=2))],
        "GaussianNLLLoss": [rand(6, seed=1), rand(6, seed=2), np.abs(rand(6, seed=3)) + 0.1],
    }[cls]
    grad = [a.dtype.kind == "f" for a in inputs]
    if cls in ("MarginRankingLoss", "HingeEmbeddingLoss", "SoftMarginLoss", "CosineEmbeddingLoss",
               "MultiLabelSoftMarginLoss", "PoissonNLLLoss"):
        grad[-1] = False
    check(lambda L, *ts: getattr(L.nn, cls)(*args)(*ts), *inputs, grad=grad)


@pytest.mark.parametrize("align_corners", [False, True])
@pytest.mark.parametrize("shape", [(2, 3, 4, 5), (2, 3, 3, 4, 5)])
def test_affine_grid_matches_torch(shape, align_corners, device):
    nd = len(shape) - 2
    check(lambda L, th: L.nn.functional.affine_grid(th, shape, align_corners=align_corners),
          rand(2, nd, nd + 1, seed=1), device=device)


@pytest.mark.parametrize("align_corners", [False, True])
@pytest.mark.parametrize("padding_mode", ["zeros", "border", "reflection"])
@pytest.mark.parametrize("mode", ["bilinear", "nearest"])
def test_grid_sample_matches_torch(mode, padding_mode, align_corners, device):
    # grid points reach outside [-1, 1] so that every padding mode matters
    check(lambda L, x, g: L.nn.functional.grid_sample(x, g, mode=mode, padding_mode=padding_mode,
                                                      align_corners=align_corners),
          rand(2, 3, 4, 5, seed=1), rand(2, 6, 7, 2, seed=2, low=-1.3, high=1.3), device=device,
          grad=[True, mode == "bilinear"])


def test_spatial_transformer_step_matches_torch():
    """affine_grid then grid_sample, differentiated with respect to theta (the STN tutorial's path)."""
    theta = np.array([[[0.9, 0.2, 0.1], [-0.1, 1.1, -0.2]]] * 2)
    check(lambda L, x, th: L.nn.functional.grid_sample(x, L.nn.functional.affine_grid(th, (2, 1, 6, 6),
                                                                                       align_corners=False),
                                                       align_corners=False),
          rand(2, 1, 6, 6, seed=1), theta)


BAGS = {
    "2d_mean": (lambda F, i, w: F.embedding_bag(i, w), [np.array([[1, 2, 4], [4, 3, 2]]), (10, 3)]),
    "offsets_sum": (lambda F, i, w, o: F.embedding_bag(i, w, o, mode="sum"),
                    [np.array([1, 2, 4, 5, 4, 3, 2, 9]), (10, 3), np.array([0, 4])]),
    "offsets_max_empty_bag": (lambda F, i, w, o: F.embedding_bag(i, w, o, mode="max"),
                              [np.array([1, 2, 4, 5, 4, 3, 2, 9]), (10, 3), np.array([0, 3, 3, 6])]),
    "offsets_mean_last_offset": (lambda F, i, w, o: F.embedding_bag(i, w, o, include_last_offset=True),
                                 [np.array([1, 2, 4, 5, 4, 3, 2, 9]), (10, 3), np.array([0, 2, 5, 8])]),
    "per_sample_weights": (lambda F, i, w, o, p: F.embedding_bag(i, w, o, mode="sum", per_sample_weights=p),
                           [np.array([1, 2, 4, 5, 4, 3]), (10, 3), np.array([0, 2]), (6,)]),
    "padding_idx_mean": (lambda F, i, w: F.embedding_bag(i, w, padding_idx=2), [np.array([[1, 2, 2], [2, 3, 4]]),
                                                                                (10, 3)]),
}


@pytest.mark.parametrize("name", sorted(BAGS))
def test_embedding_bag_matches_torch(name, device):
    fn, spec = BAGS[name]
    arrays = [rand(*s, seed=i) if isinstance(s, tuple) else s for i, s in enumerate(spec)]
    check(lambda L, *ts: fn(L.nn.functional, *ts), *arrays, device=device)


def test_embedding_bag_module_loads_torch_weights():
    torch.manual_seed(0)
    tm = torch.nn.EmbeddingBag(10, 4, mode="sum", padding_idx=0)
    mm = minigrad.nn.EmbeddingBag(10, 4, mode="sum", padding_idx=0)
    assert list(mm.state_dict()) == ["weight"] and repr(mm) == repr(tm)
    assert not mm.weight.detach().numpy()[0].any()
    mm.load_state_dict({"weight": minigrad.tensor(tm.weight.detach().numpy())})
    text, offsets = [1, 0, 4, 5, 4, 3, 2, 9], [0, 3]
    ty = tm(torch.tensor(text), torch.tensor(offsets))
    my = mm(minigrad.tensor(text), minigrad.tensor(offsets))
    np.testing.assert_allclose(my.detach().numpy(), ty.detach().numpy(), rtol=1e-6)
    ty.sum().backward()
    my.sum().backward()
    np.testing.assert_allclose(mm.weight.grad.numpy(), tm.weight.grad.numpy(), rtol=1e-6)
    frozen = minigrad.nn.EmbeddingBag.from_pretrained(minigrad.ones(3, 2))
    assert not frozen.weight.requires_grad


@pytest.mark.parametrize("mode", ["use_mm_for_euclid_dist_if_necessary", "use_mm_for_euclid_dist",
                                  "donot_use_mm_for_euclid_dist"])
def test_cdist_large_uses_one_product_and_matches_torch(mode):
    check(lambda L, a, b: L.cdist(a, b, compute_mode=mode), rand(2, 30, 4, seed=1), rand(2, 27, 4, seed=2),
          rtol=1e-6, atol=1e-8)


def test_addmv_addr_addbmm_histogram_match_torch(device):
    check(lambda L, i, m, v: L.addmv(i, m, v, beta=0.5, alpha=2.0), rand(3, seed=1), rand(3, 4, seed=2),
          rand(4, seed=3), device=device)
    check(lambda L, i, a, b: i.addr(a, b, alpha=3.0), rand(3, 4, seed=1), rand(3, seed=2), rand(4, seed=3),
          device=device)
    check(lambda L, i, a, b: L.addbmm(i, a, b, beta=0.0 + 2), rand(3, 5, seed=1), rand(4, 3, 2, seed=2),
          rand(4, 2, 5, seed=3), device=device)
    x = rand(100, seed=4)
    for kw in (dict(bins=7), dict(bins=5, range=(-1.0, 1.0)), dict(bins=4, density=True)):
        t = torch.histogram(torch.tensor(x), **kw)
        m = minigrad.histogram(minigrad.tensor(x, device=device), **kw)
        np.testing.assert_allclose(m.hist.cpu().numpy(), t.hist.numpy(), rtol=1e-12)
        np.testing.assert_allclose(m.bin_edges.cpu().numpy(), t.bin_edges.numpy(), rtol=1e-12)
    edges = np.array([-2.0, 0.0, 0.5, 2.0])
    t = torch.histogram(torch.tensor(x), torch.tensor(edges), weight=torch.tensor(x).abs())
    m = minigrad.histogram(minigrad.tensor(x), minigrad.tensor(edges), weight=minigrad.tensor(x).abs())
    np.testing.assert_allclose(m.hist.numpy(), t.hist.numpy(), rtol=1e-12)


@pytest.mark.parametrize("name, args", [("elu_", (0.5,)), ("selu_", ()), ("celu_", (0.7,)), ("leaky_relu_", (0.2,)),
                                        ("hardtanh_", (-0.5, 0.5)), ("threshold_", (0.1, 5.0)), ("rrelu_", ())])
def test_in_place_activations_match_torch(name, args):
    x = rand(3, 4, seed=1)
    t, m = torch.tensor(x), minigrad.tensor(x)
    rt = getattr(torch.nn.functional, name)(t, *args)
    rm = getattr(minigrad.nn.functional, name)(m, *args)
    assert rm is m
    np.testing.assert_allclose(m.numpy(), t.numpy(), rtol=1e-12)
    assert rt is t


def test_with_indices_names_feature_alpha_dropout_lp_pool3d():
    x = rand(2, 3, 4, 4, 4, seed=1)
    for nd, shape in ((1, (2, 3, 8)), (2, (2, 3, 4, 6)), (3, (2, 3, 4, 4, 4))):
        check(lambda L, t: getattr(L.nn.functional, f"max_pool{nd}d_with_indices")(t, 2), rand(*shape, seed=2))
        check(lambda L, t: getattr(L.nn.functional, f"adaptive_max_pool{nd}d_with_indices")(t, 3), rand(*shape, seed=2))
    check(lambda L, t: L.nn.functional.lp_pool3d(t.abs() + 0.1, 2.0, 2), x)
    check(lambda L, t: L.nn.LPPool3d(3, 2, stride=1)(t.abs() + 0.1), x)
    minigrad.manual_seed(0)
    y = minigrad.nn.functional.feature_alpha_dropout(minigrad.ones(8, 200, 5), 0.5, training=True).numpy()
    assert np.all(y.std(-1) == 0)                          # whole channels share one fate
    assert len(np.unique(np.round(y, 6))) == 2
    assert minigrad.nn.FeatureAlphaDropout(0.3).eval()(minigrad.ones(2, 3)).tolist() == [[1.0] * 3] * 2


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_multilabel_margin_and_triplet_with_distance_losses(reduction):
    target = np.array([[3, 0, -1, 1], [1, 2, 3, 0], [-1, 1, 2, 3]])
    check(lambda L, x, t: L.nn.functional.multilabel_margin_loss(x, t, reduction=reduction), rand(3, 4, seed=1), target)
    check(lambda L, x, t: L.nn.MultiLabelMarginLoss(reduction=reduction)(x, t), rand(4, seed=1), target[0])
    check(lambda L, a, p, n: L.nn.functional.triplet_margin_with_distance_loss(
        a, p, n, distance_function=lambda u, v: 1 - L.nn.functional.cosine_similarity(u, v), margin=0.5, swap=True,
        reduction=reduction), rand(5, 3, seed=1), rand(5, 3, seed=2), rand(5, 3, seed=3))
    check(lambda L, a, p, n: L.nn.TripletMarginWithDistanceLoss(reduction=reduction)(a, p, n), rand(5, 3, seed=1),
          rand(5, 3, seed=2), rand(5, 3, seed=3))
    assert minigrad.nn.NLLLoss2d is minigrad.nn.NLLLoss
