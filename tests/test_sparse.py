"""Sparse COO tensors (minigrad/sparse.py) against torch's: construction, printing, coalescing, products with
a dense matrix and their gradients (random upstream gradient), sums, and the errors of what is not there."""
import warnings

import numpy as np
import pytest
import torch

import minigrad

RNG = np.random.default_rng(7)
IDX = np.array([[0, 1, 1, 2, 1], [2, 0, 2, 1, 0]])          # (1, 0) twice: a duplicate to sum
VALS = np.array([3., 4., 5., 6., 7.], np.float32)


def _both(idx=IDX, vals=VALS, size=(3, 3), **kw):
    return (torch.sparse_coo_tensor(torch.tensor(idx), torch.tensor(vals), size, **kw),
            minigrad.sparse_coo_tensor(minigrad.tensor(idx), minigrad.tensor(vals), size, **kw))


def _same(m, t, **kw):
    np.testing.assert_allclose(m.detach().numpy(), t.detach().numpy(), rtol=1e-6, atol=1e-6, **kw)


@pytest.mark.parametrize("make", [
    lambda lib: lib.sparse_coo_tensor(lib.tensor(IDX), lib.tensor(VALS), (3, 3)),
    lambda lib: lib.sparse_coo_tensor(lib.tensor(IDX), lib.tensor(VALS), (3, 3)).coalesce(),
    lambda lib: lib.sparse_coo_tensor(lib.tensor(IDX), lib.tensor(VALS), (3, 4), dtype=lib.float64),
    lambda lib: lib.sparse_coo_tensor(lib.tensor(IDX), lib.tensor(VALS), requires_grad=True),
    lambda lib: lib.sparse_coo_tensor(lib.tensor(IDX), lib.tensor(VALS).requires_grad_() * 1, (3, 3)),
    lambda lib: lib.sparse_coo_tensor(lib.zeros(2, 0, dtype=lib.long), lib.zeros(0), (2, 2)),
    lambda lib: lib.tensor([[0., 1.], [2., 0.]]).to_sparse(),
    lambda lib: lib.sparse.sum(lib.sparse_coo_tensor(lib.tensor(IDX), lib.tensor(VALS), (3, 3)), dim=1),
    lambda lib: lib.sparse_coo_tensor(lib.tensor(IDX), lib.tensor(VALS), (3, 3))[1],
    lambda lib: lib.sparse_coo_tensor(lib.tensor(IDX), lib.tensor(VALS), (3, 3)).t(),
    lambda lib: lib.sparse_coo_tensor(lib.tensor(IDX), lib.tensor(VALS), (3, 3)) * 2,
    lambda lib: (lib.sparse_coo_tensor(lib.tensor(IDX), lib.tensor(VALS), (3, 3)) * 2
                 + lib.sparse_coo_tensor(lib.tensor(IDX), lib.tensor(VALS), (3, 3))).coalesce(),
])
def test_sparse_tensors_print_and_describe_themselves_as_torchs(make):
    t, m = make(torch), make(minigrad)
    assert repr(m).replace("minigrad.", "torch.") == repr(t)
    assert (tuple(m.shape), m.is_sparse, str(m.layout).replace("minigrad", "torch"), m._nnz(), m.is_coalesced(),
            m.requires_grad, str(m.dtype).replace("minigrad", "torch")) == \
           (tuple(t.shape), t.is_sparse, str(t.layout), t._nnz(), t.is_coalesced(), t.requires_grad, str(t.dtype))
    _same(m.to_dense(), t.to_dense())
    _same(m._indices(), t._indices())
    _same(m._values(), t._values())


def test_coalesce_sums_duplicates_and_sorts_and_uncoalesced_parts_are_refused():
    t, m = _both()
    with pytest.raises(RuntimeError, match="Cannot get indices on an uncoalesced tensor"):
        m.indices()
    with pytest.raises(RuntimeError, match="Cannot get indices on an uncoalesced tensor"):
        t.indices()
    _same(m.coalesce().indices(), t.coalesce().indices())
    _same(m.coalesce().values(), t.coalesce().values())
    assert m.coalesce().is_coalesced()


@pytest.mark.parametrize("call", ["sparse.mm", "spmm", "mm", "matmul", "method", "at", "to_dense_mm", "addmm"])
def test_products_with_a_dense_matrix_and_their_gradients(call):
    dense = RNG.standard_normal((3, 4)).astype(np.float32)
    up = RNG.standard_normal((3, 4)).astype(np.float32)
    bias = RNG.standard_normal((3, 4)).astype(np.float32)
    results = []
    for lib in (torch, minigrad):
        vals = lib.tensor(VALS, requires_grad=True)
        s = lib.sparse_coo_tensor(lib.tensor(IDX), vals, (3, 3))
        d = lib.tensor(dense, requires_grad=True)
        out = {"sparse.mm": lambda: lib.sparse.mm(s, d), "spmm": lambda: lib.spmm(s, d), "mm": lambda: lib.mm(s, d),
               "matmul": lambda: lib.matmul(s, d), "method": lambda: s.mm(d), "at": lambda: s @ d,
               "to_dense_mm": lambda: s.to_dense() @ d,
               "addmm": lambda: lib.sparse.addmm(lib.tensor(bias), s, d, beta=0.5, alpha=2.0)}[call]()
        out.backward(lib.tensor(up))
        results.append((out, vals.grad, d.grad, type(out.grad_fn).__name__ if lib is torch else out.grad_fn.name()))
    (to, tv, td, tn), (mo, mv, md, mn) = results
    _same(mo, to)
    _same(mv, tv)
    _same(md, td)
    if call != "addmm":
        assert mn == tn


@pytest.mark.parametrize("dim", [None, 0, 1, (0, 1), -1])
def test_sparse_sum(dim):
    t, m = _both()
    tr, mr = torch.sparse.sum(t, dim=dim) if dim is not None else torch.sparse.sum(t), \
        minigrad.sparse.sum(m, dim=dim) if dim is not None else minigrad.sparse.sum(m)
    assert mr.is_sparse == tr.is_sparse
    _same(mr.to_dense() if mr.is_sparse else mr, tr.to_dense() if tr.is_sparse else tr)
    _same(m.sum(), t.sum())


def test_adding_a_dense_tensor_gives_a_dense_one_and_a_sparse_one_a_sparse_one():
    t, m = _both()
    dense = RNG.standard_normal((3, 3)).astype(np.float32)
    tr, mr = torch.tensor(dense) + t, minigrad.tensor(dense) + m
    assert not mr.is_sparse and not tr.is_sparse
    _same(mr, tr)
    _same((m + m).to_dense(), (t + t).to_dense())
    with pytest.raises(RuntimeError, match=r"add\(sparse, dense\) is not supported"):
        m + minigrad.tensor(dense)
    with pytest.raises(RuntimeError, match="same size"):
        m + minigrad.sparse_coo_tensor(minigrad.tensor(IDX), minigrad.tensor(VALS), (4, 3))


def test_legacy_float_tensor_constructor_and_conversions():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t = torch.sparse.FloatTensor(torch.tensor(IDX), torch.tensor(VALS.astype(np.float64)), torch.Size([3, 3]))
    m = minigrad.sparse.FloatTensor(minigrad.tensor(IDX), minigrad.tensor(VALS.astype(np.float64)),
                                    minigrad.Size([3, 3]))
    assert repr(m) == repr(t) and m.dtype == minigrad.float64
    assert m.double().dtype == minigrad.float64 and m.double().is_sparse and m.to("cpu").is_sparse


def test_ops_without_a_sparse_form_raise_not_implemented_naming_to_dense():
    _, m = _both()
    for call in (lambda: m.exp(), lambda: m.view(9), lambda: minigrad.relu(m), lambda: m * m):
        with pytest.raises(NotImplementedError, match="to_dense"):
            call()
    with pytest.raises(RuntimeError, match="cannot be multiplied"):
        minigrad.sparse.mm(m, minigrad.ones(4, 2))
    with pytest.raises(RuntimeError, match="size is inconsistent with indices"):
        minigrad.sparse_coo_tensor(minigrad.tensor([[0, 5]]), minigrad.tensor([1., 2.]), (3,))
    with pytest.raises(TypeError, match="sparse_csr_tensor.*sparse_coo_tensor"):
        minigrad.sparse_csr_tensor(minigrad.tensor([0, 1]), minigrad.tensor([0]), minigrad.tensor([1.]))


def test_a_graph_convolution_trains_as_torchs():
    """pygcn's layer: support = x @ W; out = spmm(adj, support) + b, with Adam, against torch."""
    n, f = 12, 5
    a = (RNG.random((n, n)) < 0.3).astype(np.float32) + np.eye(n, dtype=np.float32)
    a /= a.sum(1, keepdims=True)
    idx = np.stack(np.nonzero(a)).astype(np.int64)
    x = RNG.standard_normal((n, f)).astype(np.float32)
    w0 = RNG.standard_normal((f, 3)).astype(np.float32)
    y = RNG.integers(0, 3, n)
    losses = []
    for lib in (torch, minigrad):
        adj = lib.sparse_coo_tensor(lib.tensor(idx), lib.tensor(a[tuple(idx)]), (n, n))
        w = lib.nn.Parameter(lib.tensor(w0))
        opt = lib.optim.Adam([w], lr=0.05)
        run = []
        for _ in range(5):
            opt.zero_grad()
            loss = lib.nn.functional.cross_entropy(lib.spmm(adj, lib.mm(lib.tensor(x), w)), lib.tensor(y))
            loss.backward()
            opt.step()
            run.append(loss.item())
        losses.append(run)
    np.testing.assert_allclose(losses[1], losses[0], rtol=1e-5)


def test_sparse_tensors_save_and_load_in_torchs_format_both_ways(tmp_path):
    t, m = _both()
    minigrad.save({"s": m, "sc": m.coalesce()}, tmp_path / "m.pt")
    torch.save({"s": t, "sc": t.coalesce()}, tmp_path / "t.pt")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from_m = torch.load(tmp_path / "m.pt", weights_only=True)
    from_t = minigrad.load(tmp_path / "t.pt", weights_only=True)
    for k in ("s", "sc"):
        assert repr(from_t[k]) == repr(from_m[k]) == repr({"s": t, "sc": t.coalesce()}[k])
