"""RNN, LSTM, GRU and their cells with torch's own weights: outputs, final states and every gradient."""
import numpy as np
import pytest
import torch

import minigrad
from helpers import rand


def _pair(cls, args, kw, device="cpu"):
    torch.manual_seed(0)
    tm = getattr(torch.nn, cls)(*args, dtype=torch.float64, **kw)
    mm = getattr(minigrad.nn, cls)(*args, dtype=minigrad.float64, **kw)
    sd = tm.state_dict()
    assert list(mm.state_dict()) == list(sd)
    mm.load_state_dict({k: minigrad.tensor(v.numpy()) for k, v in sd.items()})
    assert repr(mm) == repr(tm)
    return tm, mm.to(device)


def _flat(out):
    if isinstance(out, (tuple, list)):
        return [x for o in out for x in _flat(o)]
    return [out]


def _compare(tm, mm, inputs, device):
    t_in = [torch.tensor(x, requires_grad=True) for x in inputs]
    m_in = [minigrad.tensor(x, device=device, requires_grad=True) for x in inputs]
    if len(inputs) == 3 and isinstance(tm, (torch.nn.LSTM,)):
        t_out, m_out = tm(t_in[0], (t_in[1], t_in[2])), mm(m_in[0], (m_in[1], m_in[2]))
    elif len(inputs) == 3:                                            # LSTMCell
        t_out, m_out = tm(t_in[0], (t_in[1], t_in[2])), mm(m_in[0], (m_in[1], m_in[2]))
    else:
        t_out, m_out = tm(*t_in), mm(*m_in)
    t_flat, m_flat = _flat(t_out), _flat(m_out)
    assert len(t_flat) == len(m_flat)
    rng = np.random.default_rng(1)
    tl = ml = 0
    for t, m in zip(t_flat, m_flat):
        assert tuple(m.shape) == tuple(t.shape)
        np.testing.assert_allclose(m.detach().cpu().numpy(), t.detach().numpy(), rtol=1e-9, atol=1e-10)
        up = rng.standard_normal(tuple(t.shape))
        tl = tl + (t * torch.tensor(up)).sum()
        ml = ml + (m * minigrad.tensor(up, device=device)).sum()
    tl.backward()
    ml.backward()
    for t, m in zip(t_in, m_in):
        np.testing.assert_allclose(m.grad.cpu().numpy(), t.grad.numpy(), rtol=1e-9, atol=1e-10)
    for (n, tp), (_, mp) in zip(tm.named_parameters(), mm.named_parameters()):
        np.testing.assert_allclose(mp.grad.cpu().numpy(), tp.grad.numpy(), rtol=1e-8, atol=1e-10, err_msg=n)


CASES = [
    ("RNN", (3, 4), dict()),
    ("RNN", (3, 4, 2), dict(nonlinearity="relu", bidirectional=True)),
    ("LSTM", (3, 4), dict()),
    ("LSTM", (3, 5, 2), dict(bidirectional=True, batch_first=True)),
    ("LSTM", (3, 4), dict(bias=False)),
    ("GRU", (3, 4), dict()),
    ("GRU", (3, 4, 3), dict(batch_first=True, bidirectional=True)),
]


@pytest.mark.parametrize("cls, args, kw", CASES, ids=[f"{c}-{i}" for i, (c, *_) in enumerate(CASES)])
def test_recurrent_layers_match_torch(cls, args, kw, device):
    tm, mm = _pair(cls, args, kw, device)
    first = kw.get("batch_first", False)
    x = rand(*((2, 5, 3) if first else (5, 2, 3)), seed=1)
    _compare(tm, mm, [x], device)
    dirs = 2 if kw.get("bidirectional") else 1
    layers = args[2] if len(args) > 2 else 1
    h = rand(layers * dirs, 2, args[1], seed=2)
    if cls == "LSTM":
        _compare(tm, mm, [x, h, rand(layers * dirs, 2, args[1], seed=3)], device)
    else:
        _compare(tm, mm, [x, h], device)
    _compare(tm, mm, [rand(4, 3, seed=4)], device)                       # unbatched


@pytest.mark.parametrize("cls", ["RNNCell", "LSTMCell", "GRUCell"])
def test_cells_match_torch(cls, device):
    tm, mm = _pair(cls, (3, 4), {}, device)
    x, h, c = rand(2, 3, seed=1), rand(2, 4, seed=2), rand(2, 4, seed=3)
    _compare(tm, mm, [x], device)
    _compare(tm, mm, [x, h, c] if cls == "LSTMCell" else [x, h], device)
    _compare(tm, mm, [rand(3, seed=5)], device)


def test_init_dropout_and_errors():
    m = minigrad.nn.LSTM(3, 16)
    bound = 1 / 4
    w = m.weight_hh_l0.detach().numpy()
    assert w.shape == (64, 16) and np.abs(w).max() <= bound and np.abs(w).max() > 0.9 * bound
    minigrad.manual_seed(0)
    d = minigrad.nn.GRU(3, 4, 2, dropout=0.5)
    x = minigrad.randn(5, 2, 3)
    a, b = d(x)[0], d(x)[0]
    assert not np.allclose(a.detach().numpy(), b.detach().numpy())       # dropout between layers when training
    d.eval()
    np.testing.assert_array_equal(d(x)[0].detach().numpy(), d(x)[0].detach().numpy())
    for L in (torch, minigrad):
        with pytest.raises(RuntimeError):
            L.nn.LSTM(3, 4)(L.zeros(5, 2, 2))
        with pytest.raises(RuntimeError):
            L.nn.GRU(3, 4)(L.zeros(5, 2, 3), L.zeros(2, 2, 4))
        with pytest.raises(ValueError):
            L.nn.RNN(3, 4, nonlinearity="sigmoid")


def _utils(L):
    return L.nn.utils.rnn


@pytest.mark.parametrize("batch_first", [False, True])
def test_pad_pack_unpack_match_torch(batch_first):
    seqs = [rand(n, 3, seed=n) for n in (4, 2, 5)]
    res = {}
    for L in (torch, minigrad):
        ts = [L.tensor(s, requires_grad=True) for s in seqs]
        padded = _utils(L).pad_sequence(ts, batch_first=batch_first, padding_value=-1.0)
        packed = _utils(L).pack_padded_sequence(padded, [4, 2, 5], batch_first=batch_first, enforce_sorted=False)
        back, lengths = _utils(L).pad_packed_sequence(packed, batch_first=batch_first, total_length=6)
        (back * L.tensor(rand(*back.shape, seed=9))).sum().backward()
        res[L.__name__] = (padded, packed, back, lengths, [t.grad for t in ts])
    (tp, tk, tb, tl, tg), (mp, mk, mb, ml, mg) = res["torch"], res["minigrad"]
    np.testing.assert_allclose(mp.detach().numpy(), tp.detach().numpy())
    np.testing.assert_allclose(mk.data.detach().numpy(), tk.data.detach().numpy())
    assert mk.batch_sizes.tolist() == tk.batch_sizes.tolist()
    assert mk.sorted_indices.tolist() == tk.sorted_indices.tolist()
    assert mk.unsorted_indices.tolist() == tk.unsorted_indices.tolist()
    np.testing.assert_allclose(mb.detach().numpy(), tb.detach().numpy())
    assert ml.tolist() == tl.tolist() and str(ml.dtype) == "torch.int64"
    for a, b in zip(mg, tg):
        np.testing.assert_allclose(a.numpy(), b.numpy())
    for L in (torch, minigrad):
        with pytest.raises(RuntimeError):
            _utils(L).pack_padded_sequence(L.zeros(5, 3, 2), [2, 4, 5])


@pytest.mark.parametrize("cls, kw", [("LSTM", dict(bidirectional=True, num_layers=2)), ("GRU", dict()),
                                     ("RNN", dict(bidirectional=True))])
@pytest.mark.parametrize("enforce_sorted", [True, False])
def test_recurrent_layers_on_packed_sequences_match_torch(cls, kw, enforce_sorted):
    lengths = [5, 3, 2] if enforce_sorted else [3, 5, 2]
    x = rand(5, 3, 4, seed=1)
    dirs = 2 if kw.get("bidirectional") else 1
    h = rand(kw.get("num_layers", 1) * dirs, 3, 6, seed=2)
    tm, mm = _pair(cls, (4, 6), kw)
    outs = {}
    for L, mod in ((torch, tm), (minigrad, mm)):
        tx, th = L.tensor(x, requires_grad=True), L.tensor(h, requires_grad=True)
        packed = _utils(L).pack_padded_sequence(tx, lengths, enforce_sorted=enforce_sorted)
        hx = (th, th * 0.5) if cls == "LSTM" else th
        out, state = mod(packed, hx)
        padded, _ = _utils(L).pad_packed_sequence(out)
        hn = state[0] if cls == "LSTM" else state
        loss = (padded * L.tensor(rand(*padded.shape, seed=3))).sum() + (hn * L.tensor(rand(*hn.shape, seed=4))).sum()
        loss.backward()
        outs[L.__name__] = (padded, hn, tx.grad, th.grad, [p.grad for p in mod.parameters()])
    for a, b in zip(_flat(outs["minigrad"]), _flat(outs["torch"])):
        np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), rtol=1e-9, atol=1e-10)
