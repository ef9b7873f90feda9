"""einsum, diagonal/unfold/meshgrid/outer, scaled_dot_product_attention, MultiheadAttention and the
Transformer layers: forward and gradients against torch (the modules with torch's own weights)."""
import numpy as np
import pytest
import torch

import minigrad
from helpers import check, rand

DTYPES = [np.float64, np.float32]

EINSUM = [
    ("bij,bjk->bik", [(2, 3, 4), (2, 4, 5)]),
    ("ij,jk", [(3, 4), (4, 5)]),
    ("i,i->", [(4,), (4,)]),
    ("i,j->ij", [(3,), (4,)]),
    ("ii->i", [(4, 4)]),
    ("ii", [(4, 4)]),
    ("iij->ji", [(3, 3, 2)]),
    ("ij->", [(3, 4)]),
    ("ij->j", [(3, 4)]),
    ("ji", [(3, 4)]),
    ("...ij,...jk->...ik", [(2, 1, 3, 4), (5, 4, 2)]),
    ("b...,b...->b", [(2, 3, 4), (2, 3, 4)]),
    ("bhld,bhsd->bhls", [(2, 3, 4, 5), (2, 3, 6, 5)]),
    ("ij,jk,kl->il", [(2, 3), (3, 4), (4, 5)]),
    ("i,i,i->i", [(4,), (4,), (4,)]),
    ("ab,cd->abcd", [(2, 3), (1, 2)]),
    ("Ab,bC->AC", [(2, 3), (3, 2)]),
    ("ij,ij->ij", [(3, 1), (3, 4)]),
]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("eq, shapes", EINSUM, ids=[e for e, _ in EINSUM])
def test_einsum_matches_torch(eq, shapes, dtype, device):
    arrays = [rand(*s, dtype=dtype, seed=i) for i, s in enumerate(shapes)]
    check(lambda L, *ts: L.einsum(eq, *ts), *arrays, device=device)


def test_einsum_list_operands_strided_input_and_second_derivative():
    a, b = rand(4, 3, seed=1), rand(4, 5, seed=2)
    check(lambda L, x, y: L.einsum("ji,jk->ik", [x.t().t(), y]), a, b)
    check(lambda L, x, y: L.einsum("ij,jk->ik", x.t(), y), a, b)

    def second(L):
        x, y = L.tensor(a, requires_grad=True), L.tensor(b, requires_grad=True)
        out = L.einsum("ji,jk->ik", x * x, y)
        gx, = L.autograd.grad((out * out).sum(), x, create_graph=True)
        return [g.numpy() for g in L.autograd.grad((gx ** 3).sum(), (x, y))]
    for m, t in zip(second(minigrad), second(torch)):
        np.testing.assert_allclose(m, t, rtol=1e-9)


@pytest.mark.parametrize("eq, shapes", [("ij,jk->ik", [(2, 3), (4, 5)]), ("ij->ii", [(2, 2)]),
                                        ("ij,jk", [(2, 3)]), ("i->j", [(3,)]), ("ijk->", [(2, 3)])])
def test_einsum_bad_equations_raise(eq, shapes):
    ts = [torch.zeros(s) for s in shapes]
    with pytest.raises(RuntimeError):
        torch.einsum(eq, *ts)
    with pytest.raises((RuntimeError, ValueError)):
        minigrad.einsum(eq, *[minigrad.zeros(s) for s in shapes])


@pytest.mark.parametrize("offset, d1, d2", [(0, 0, 1), (1, 0, 1), (-2, 1, 0), (0, 0, 2), (1, -1, 1), (5, 0, 1)])
def test_diagonal_matches_torch(offset, d1, d2, device):
    check(lambda L, x: L.diagonal(x, offset, d1, d2), rand(3, 4, 5, seed=1), device=device)
    check(lambda L, x: x.diagonal(offset=offset, dim1=d1, dim2=d2), rand(3, 4, 5, seed=1), device=device)


@pytest.mark.parametrize("dim, size, step", [(0, 2, 1), (1, 3, 2), (-1, 5, 5), (2, 1, 3), (1, 6, 1)])
def test_tensor_unfold_matches_torch(dim, size, step, device):
    check(lambda L, x: x.unfold(dim, size, step), rand(3, 6, 5, seed=1), device=device)


@pytest.mark.parametrize("indexing", ["ij", "xy"])
def test_meshgrid_matches_torch(indexing, device):
    check(lambda L, a, b, c: L.meshgrid(a, b, c, indexing=indexing), rand(2, seed=1), rand(3, seed=2),
          rand(4, seed=3), device=device)
    check(lambda L, a, b: L.meshgrid([a, b], indexing=indexing), rand(2, seed=1), rand(3, seed=2), device=device)


def test_outer_is_one_d_only():
    check(lambda L, a, b: L.outer(a, b), rand(3, seed=1), rand(4, seed=2))
    check(lambda L, a, b: a.outer(b), rand(3, seed=1), rand(4, seed=2))
    for L in (torch, minigrad):
        with pytest.raises(RuntimeError, match="1-D"):
            L.outer(L.ones(2, 2), L.ones(2))


# ---------------------------------------------------------------------------------------------
# scaled_dot_product_attention
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("case", ["plain", "causal", "causal_rect", "bool_mask", "float_mask", "scale", "3d",
                                  "broadcast_mask"])
def test_sdpa_matches_torch(case, dtype, device):
    q, k, v = rand(2, 3, 4, 8, dtype=dtype, seed=1), rand(2, 3, 6, 8, dtype=dtype, seed=2), \
        rand(2, 3, 6, 5, dtype=dtype, seed=3)
    kw = {}
    if case == "causal":
        k, v = k[:, :, :4], v[:, :, :4]
        kw = dict(is_causal=True)
    if case == "causal_rect":
        kw = dict(is_causal=True)
    if case == "scale":
        kw = dict(scale=0.3)
    if case == "3d":
        q, k, v = q[0], k[0], v[0]
    if case in ("bool_mask", "float_mask", "broadcast_mask"):
        rng = np.random.default_rng(4)
        shape = (4, 6) if case != "broadcast_mask" else (2, 1, 4, 6)
        mask = rng.random(shape) > 0.3
        mask[..., 0] = True                                       # every query sees at least one key
        if case == "float_mask":
            mask = rng.standard_normal(shape).astype(dtype)
        check(lambda L, a, b, c, m: L.nn.functional.scaled_dot_product_attention(a, b, c, attn_mask=m), q, k, v,
              mask, device=device, grad=[True, True, True, case == "float_mask"])
        return
    check(lambda L, a, b, c: L.nn.functional.scaled_dot_product_attention(a, b, c, **kw), q, k, v, device=device)


def test_sdpa_grouped_query_heads_and_errors():
    q, k, v = rand(2, 4, 3, 8, seed=1), rand(2, 2, 5, 8, seed=2), rand(2, 2, 5, 8, seed=3)
    check(lambda L, a, b, c: L.nn.functional.scaled_dot_product_attention(a, b, c, enable_gqa=True), q, k, v)
    for L in (torch, minigrad):
        a = L.zeros(2, 3, 4)
        with pytest.raises(RuntimeError):
            L.nn.functional.scaled_dot_product_attention(a, a, a, attn_mask=L.ones(3, 3, dtype=L.bool),
                                                         is_causal=True)
        with pytest.raises(RuntimeError):
            L.nn.functional.scaled_dot_product_attention(a, L.zeros(2, 3, 5), a)


def test_sdpa_dropout_zeroes_weights_and_rescales():
    minigrad.manual_seed(0)
    q = minigrad.randn(1, 50, 4)
    v = minigrad.eye(50).unsqueeze(0)
    out = minigrad.nn.functional.scaled_dot_product_attention(q, q, v, dropout_p=0.5)
    plain = minigrad.nn.functional.scaled_dot_product_attention(q, q, v)
    kept = out.numpy() != 0
    assert 0.3 < kept.mean() < 0.7
    np.testing.assert_allclose(out.numpy()[kept], 2 * plain.numpy()[kept], rtol=1e-5)


# ---------------------------------------------------------------------------------------------
# The modules, with torch's own weights
# ---------------------------------------------------------------------------------------------
def _load(tm, mm, device):
    """Copy torch's state_dict into the minigrad module (the keys must be the same)."""
    sd = tm.state_dict()
    assert list(mm.state_dict()) == list(sd), (list(mm.state_dict()), list(sd))
    for k, v in sd.items():
        assert tuple(mm.state_dict()[k].shape) == tuple(v.shape), k
    mm.load_state_dict({k: minigrad.tensor(v.numpy()) for k, v in sd.items()})
    return mm.to(device)


def _compare(tm, mm, inputs, device, call=lambda mod, *xs: mod(*xs), rtol=1e-7, atol=1e-9):
    t_in = [torch.tensor(x, requires_grad=x.dtype.kind == "f") if isinstance(x, np.ndarray) else x for x in inputs]
    m_in = [minigrad.tensor(x, device=device, requires_grad=x.dtype.kind == "f") if isinstance(x, np.ndarray)
            else x for x in inputs]
    t_out, m_out = call(tm, *t_in), call(mm, *m_in)
    t_out = t_out if isinstance(t_out, tuple) else (t_out,)
    m_out = m_out if isinstance(m_out, tuple) else (m_out,)
    rng = np.random.default_rng(0)
    t_loss = m_loss = 0
    for to, mo in zip(t_out, m_out):
        if to is None:
            assert mo is None
            continue
        assert not np.isnan(to.detach().numpy()).any()
        np.testing.assert_allclose(mo.detach().cpu().numpy(), to.detach().numpy(), rtol=rtol, atol=atol)
        up = rng.standard_normal(tuple(to.shape))
        t_loss = t_loss + (to * torch.tensor(up)).sum()
        m_loss = m_loss + (mo * minigrad.tensor(up, device=device)).sum()
    t_loss.backward()
    m_loss.backward()
    for (name, tp), (mname, mp) in zip(tm.named_parameters(), mm.named_parameters()):
        assert name == mname
        if tp.grad is None:
            assert mp.grad is None or not mp.grad.cpu().numpy().any(), name
            continue
        np.testing.assert_allclose(mp.grad.cpu().numpy(), tp.grad.numpy(), rtol=rtol * 10, atol=atol * 10,
                                   err_msg=name)
    for t, m in zip(t_in, m_in):
        if isinstance(t, torch.Tensor) and t.requires_grad:
            np.testing.assert_allclose(m.grad.cpu().numpy(), t.grad.numpy(), rtol=rtol * 10, atol=atol * 10)


MHA_CASES = {
    "plain": (dict(), dict()),
    "batch_first": (dict(batch_first=True), dict()),
    "no_weights": (dict(), dict(need_weights=False)),
    "per_head_weights": (dict(), dict(average_attn_weights=False)),
    "bias_kv_zero_attn": (dict(add_bias_kv=True, add_zero_attn=True), dict()),
    "no_bias": (dict(bias=False), dict()),
    "kdim_vdim": (dict(kdim=5, vdim=3), dict()),
    "causal_mask": (dict(), dict(attn_mask="causal")),
    "bool_mask_padding": (dict(), dict(attn_mask="bool", key_padding_mask="bool")),
    "float_padding_no_weights": (dict(), dict(key_padding_mask="float", need_weights=False)),
}


@pytest.mark.parametrize("case", sorted(MHA_CASES))
def test_multihead_attention_matches_torch(case, device):
    ctor, call_kw = MHA_CASES[case]
    torch.manual_seed(0)
    tm = torch.nn.MultiheadAttention(8, 2, dtype=torch.float64, **ctor)
    mm = _load(tm, minigrad.nn.MultiheadAttention(8, 2, dtype=minigrad.float64, **ctor), device)
    L, S, N = 4, 5, 3
    kd, vd = ctor.get("kdim", 8), ctor.get("vdim", 8)
    first = ctor.get("batch_first", False)
    q = rand(*((N, L, 8) if first else (L, N, 8)), seed=1)
    k = rand(*((N, S, kd) if first else (S, N, kd)), seed=2)
    v = rand(*((N, S, vd) if first else (S, N, vd)), seed=3)
    rng = np.random.default_rng(5)
    extra = {}
    if call_kw.get("attn_mask") == "causal":
        k, v = k[:L], v[:L]
        extra["attn_mask"] = np.triu(np.ones((L, L), bool), 1)
    elif call_kw.get("attn_mask") == "bool":
        m = rng.random((N * 2, L, S)) > 0.7
        m[..., 0] = False
        extra["attn_mask"] = m
    if call_kw.get("key_padding_mask") == "bool":
        m = rng.random((N, S)) > 0.6
        m[:, 0] = False                                  # every query keeps at least key 0
        extra["key_padding_mask"] = m
    elif call_kw.get("key_padding_mask") == "float":
        extra["key_padding_mask"] = rng.standard_normal((N, S))
    kw = {k_: v_ for k_, v_ in call_kw.items() if k_ not in ("attn_mask", "key_padding_mask")}
    names = list(extra)

    def call(mod, a, b, c, *masks):
        lib = torch if isinstance(mod, torch.nn.Module) else minigrad
        ms = {n: lib.tensor(m) if isinstance(m, np.ndarray) else m for n, m in zip(names, masks)}
        return mod(a, b, c, **ms, **kw)
    _compare(tm, mm, [q, k, v] + [extra[n] for n in names], device, call)


def test_multihead_attention_unbatched_and_init():
    torch.manual_seed(0)
    tm = torch.nn.MultiheadAttention(6, 3, dtype=torch.float64)
    mm = _load(tm, minigrad.nn.MultiheadAttention(6, 3, dtype=minigrad.float64), "cpu")
    _compare(tm, mm, [rand(4, 6, seed=1), rand(5, 6, seed=2), rand(5, 6, seed=3)], "cpu")
    fresh = minigrad.nn.MultiheadAttention(64, 4)
    assert not fresh.in_proj_bias.detach().numpy().any() and not fresh.out_proj.bias.detach().numpy().any()
    bound = np.sqrt(6 / (64 + 3 * 64))                         # xavier_uniform on (3E, E)
    w = fresh.in_proj_weight.detach().numpy()
    assert np.abs(w).max() <= bound and np.abs(w).max() > 0.9 * bound
    with pytest.raises(AssertionError):
        minigrad.nn.MultiheadAttention(6, 4)


@pytest.mark.parametrize("kw", [dict(), dict(norm_first=True), dict(activation="gelu", batch_first=True),
                                dict(bias=False)], ids=["post_norm", "pre_norm", "gelu_batch_first", "no_bias"])
def test_transformer_encoder_layer_matches_torch(kw, device):
    torch.manual_seed(0)
    tm = torch.nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0, dtype=torch.float64, **kw)
    mm = _load(tm, minigrad.nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0, dtype=minigrad.float64, **kw), device)
    x = rand(3, 4, 8, seed=1)
    _compare(tm, mm, [x], device)
    mask = np.triu(np.ones((3, 3), bool), 1)
    pad = np.array([[False, False, True], [False, False, False], [False, True, False], [False, False, False]])
    if kw.get("batch_first"):
        x = rand(4, 3, 8, seed=1)
    _compare(tm, mm, [x, mask, pad], device, lambda mod, a, m, p: mod(a, src_mask=m, src_key_padding_mask=p))


def test_transformer_encoder_and_decoder_stacks_match_torch():
    torch.manual_seed(0)
    tl = torch.nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0, dtype=torch.float64)
    te = torch.nn.TransformerEncoder(tl, 2, norm=torch.nn.LayerNorm(8, dtype=torch.float64),
                                     enable_nested_tensor=False)
    ml = minigrad.nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0, dtype=minigrad.float64)
    me = _load(te, minigrad.nn.TransformerEncoder(ml, 2, norm=minigrad.nn.LayerNorm(8, dtype=minigrad.float64)),
               "cpu")
    _compare(te, me, [rand(5, 2, 8, seed=1)], "cpu")
    td = torch.nn.TransformerDecoder(torch.nn.TransformerDecoderLayer(8, 2, 16, dropout=0.0, dtype=torch.float64), 2)
    md = _load(td, minigrad.nn.TransformerDecoder(
        minigrad.nn.TransformerDecoderLayer(8, 2, 16, dropout=0.0, dtype=minigrad.float64), 2), "cpu")
    causal = torch.nn.Transformer.generate_square_subsequent_mask(4, dtype=torch.float64)
    m_causal = minigrad.nn.Transformer.generate_square_subsequent_mask(4, dtype=minigrad.float64)
    np.testing.assert_array_equal(m_causal.numpy(), causal.numpy())
    _compare(td, md, [rand(4, 2, 8, seed=1), rand(5, 2, 8, seed=2)], "cpu",
             lambda mod, t, m: mod(t, m, tgt_mask=causal if isinstance(mod, torch.nn.Module) else m_causal))


@pytest.mark.filterwarnings("ignore:enable_nested_tensor")
def test_full_transformer_matches_torch():
    torch.manual_seed(0)
    kw = dict(d_model=8, nhead=2, num_encoder_layers=1, num_decoder_layers=1, dim_feedforward=16, dropout=0.0)
    tm = torch.nn.Transformer(dtype=torch.float64, **kw)
    mm = _load(tm, minigrad.nn.Transformer(dtype=minigrad.float64, **kw), "cpu")
    _compare(tm, mm, [rand(5, 2, 8, seed=1), rand(4, 2, 8, seed=2)], "cpu")
