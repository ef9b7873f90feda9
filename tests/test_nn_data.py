"""minigrad.utils.data against torch.utils.data: batches, samplers, collation, random_split, the
arguments torch rejects, and the seeded shuffle (under manual_seed, torch's orders: minigrad's default
generator is torch's stream, and an epoch draws from it what torch's does)."""
import collections

import numpy as np
import pytest
import torch

import minigrad

D = {"torch": torch.utils.data, "minigrad": minigrad.utils.data}


def _np(batch):
    if isinstance(batch, (list, tuple)):
        return [_np(b) for b in batch]
    if isinstance(batch, dict):
        return {k: _np(v) for k, v in batch.items()}
    return (batch.numpy(), str(batch.dtype).split(".")[1]) if hasattr(batch, "numpy") else batch


def _batches(lib, make_ds, **kw):
    d = D[lib.__name__]
    return [_np(b) for b in d.DataLoader(make_ds(lib), **kw)]


def _equal(a, b):
    if isinstance(a, tuple) and len(a) == 2 and isinstance(a[0], np.ndarray):
        return np.array_equal(a[0], b[0]) and a[1] == b[1]
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    return a == b


Point = collections.namedtuple("Point", "x y")
DATASETS = {
    "tensors": lambda t: D[t.__name__].TensorDataset(t.arange(10.0).reshape(10, 1), t.arange(10)),
    "floats-and-ints": lambda t: [(float(i) / 2, i) for i in range(7)],
    "dicts": lambda t: [{"a": t.ones(2) * i, "b": i} for i in range(5)],
    "numpy": lambda t: [np.full(3, i, dtype=np.float32) for i in range(5)],
    "strings": lambda t: [(str(i), i) for i in range(5)],
    "namedtuple": lambda t: [Point(float(i), i) for i in range(4)],
}


@pytest.mark.parametrize("ds", list(DATASETS))
@pytest.mark.parametrize("kw", [dict(batch_size=3), dict(batch_size=3, drop_last=True), dict(batch_size=None),
                                dict(batch_size=10)], ids=str)
def test_batches_equal_torch(ds, kw):
    t = _batches(torch, DATASETS[ds], **kw)
    m = _batches(minigrad, DATASETS[ds], **kw)
    assert _equal(m, t), (m, t)
    assert len(D["minigrad"].DataLoader(DATASETS[ds](minigrad), **kw)) == len(t)


def test_samplers_and_batch_sampler_as_torch():
    for lib in ("torch", "minigrad"):
        d = D[lib]
        seq = list(d.BatchSampler(d.SequentialSampler(range(7)), 3, drop_last=False))
        assert seq == [[0, 1, 2], [3, 4, 5], [6]]
        loader = d.DataLoader(list(range(7)), batch_sampler=d.BatchSampler(d.SequentialSampler(range(7)), 2, True))
        assert [b.tolist() for b in loader] == [[0, 1], [2, 3], [4, 5]]
        assert sorted(d.SubsetRandomSampler([3, 5, 9])) == [3, 5, 9]
        assert sorted(d.RandomSampler(range(5))) == list(range(5))
        assert len(list(d.RandomSampler(range(5), replacement=True, num_samples=12))) == 12
        assert len(list(d.RandomSampler(range(5), num_samples=12))) == 12


def test_seeded_shuffle_is_deterministic_and_covers_every_sample():
    ds = list(range(50))

    def epochs(seed):
        minigrad.manual_seed(seed)
        loader = minigrad.utils.data.DataLoader(ds, batch_size=8, shuffle=True)
        return [[b.tolist() for b in loader] for _ in range(3)]
    a, b, c = epochs(0), epochs(0), epochs(1)
    assert a == b and a != c
    assert a[0] != a[1]                                        # each epoch draws a new order
    for ep in a:
        assert sorted(sum(ep, [])) == ds


@pytest.mark.parametrize("shuffle", [True, False])
def test_an_epoch_draws_from_the_default_generator_as_torch(shuffle):
    """An epoch draws what torch's does (its iterator's base seed, and the sampler's seed when shuffling), so
    the order and every later draw are torch's."""
    out = {}
    for lib in (torch, minigrad):
        lib.manual_seed(3)
        order = [b.tolist() for b in lib.utils.data.DataLoader(list(range(50)), batch_size=10, shuffle=shuffle)]
        out[lib.__name__] = order, lib.rand(3).numpy()
    assert out["minigrad"][0] == out["torch"][0]
    np.testing.assert_array_equal(out["minigrad"][1], out["torch"][1])


def test_random_split_lengths_and_fractions_as_torch():
    for lengths in ([3, 7], [0.33, 0.33, 0.34], [0.25, 0.75], [0.1] * 10, [0.5, 0.5, 0.0]):
        t = [len(s) for s in torch.utils.data.random_split(range(10), lengths)]
        m = [len(s) for s in minigrad.utils.data.random_split(range(10), lengths)]
        assert m == t, lengths
    minigrad.manual_seed(0)
    parts = minigrad.utils.data.random_split(list(range(10)), [4, 6])
    picked = [parts[0][i] for i in range(4)] + [parts[1][i] for i in range(6)]
    assert sorted(picked) == list(range(10)) and picked != list(range(10))
    minigrad.manual_seed(0)
    again = minigrad.utils.data.random_split(list(range(10)), [4, 6])
    assert [again[0][i] for i in range(4)] == picked[:4]


def test_concat_and_subset():
    for lib in ("torch", "minigrad"):
        d = D[lib]
        cat = d.ConcatDataset([list(range(3)), list(range(10, 14))])
        assert len(cat) == 7 and cat[3] == 10 and cat[-1] == 13
        assert d.Subset(list(range(10)), [2, 4])[1] == 4


BAD = [
    "d.DataLoader(ds, batch_size=0)", "d.DataLoader(ds, batch_size=-1)", "d.DataLoader(ds, batch_size=1.5)",
    "d.DataLoader(ds, shuffle=True, sampler=d.SequentialSampler(ds))",
    "d.DataLoader(ds, batch_sampler=d.BatchSampler(d.SequentialSampler(ds), 2, False), batch_size=3)",
    "d.DataLoader(ds, batch_size=None, drop_last=True)", "d.DataLoader(ds, num_workers=-1)",
    "d.random_split(ds, [3, 3])", "d.random_split(ds, [0.5, 0.6])", "d.RandomSampler(ds, num_samples=0)",
    "d.BatchSampler(d.SequentialSampler(ds), 0, False)", "d.TensorDataset(lib.arange(3), lib.arange(4))",
    "d.ConcatDataset([])", "d.RandomSampler(ds, replacement=1)",
]


@pytest.mark.parametrize("expr", BAD)
def test_bad_arguments_raise_as_torch(expr):
    def attempt(lib):
        env = {"d": D[lib.__name__], "lib": lib, "ds": list(range(10))}
        try:
            eval(expr, env)
        except Exception as e:  # noqa: BLE001 -- the type is what is compared
            return e
        return None
    te, me = attempt(torch), attempt(minigrad)
    assert te is not None, "torch accepted it: the case is mis-listed"
    assert type(me).__name__ == type(te).__name__ and isinstance(me, type(te)), f"{expr}: {me!r} vs torch {te!r}"
    assert str(me).startswith(str(te)), f"{expr}: {me} vs torch's {te}"
