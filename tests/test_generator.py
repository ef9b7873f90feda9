"""``minigrad.Generator`` and ``generator=``: the same seed gives the same draws, the global stream
(``manual_seed``) is left alone, state can be saved and restored; ``utils.data`` (random_split,
samplers, DataLoader, WeightedRandomSampler) draws from the generator it is given. The numbers are not
torch's (PCG64, not Mersenne Twister): torch is the reference only for the API and the errors."""
import numpy as np
import pytest
import torch

import minigrad
from minigrad.utils import data

DRAWS = {
    "rand": lambda lib, g: lib.rand(4, 3, generator=g),
    "randn": lambda lib, g: lib.randn(5, generator=g, dtype=lib.float64),
    "randint": lambda lib, g: lib.randint(0, 100, (6,), generator=g),
    "randperm": lambda lib, g: lib.randperm(20, generator=g),
    "normal": lambda lib, g: lib.normal(2.0, 3.0, (4,), generator=g),
    "normal_tensor": lambda lib, g: lib.normal(lib.zeros(3), lib.ones(3), generator=g),
    "bernoulli": lambda lib, g: lib.bernoulli(lib.full((30,), 0.5), generator=g),
    "multinomial": lambda lib, g: lib.multinomial(lib.tensor([[0.2, 0.3, 0.5], [1.0, 1.0, 0.0]]), 2, generator=g),
}


@pytest.mark.parametrize("op", DRAWS)
def test_same_seed_same_draws_and_the_global_stream_untouched(op):
    draw = DRAWS[op]
    g = minigrad.Generator().manual_seed(123)
    first = draw(minigrad, g).numpy()
    second = draw(minigrad, g).numpy()
    minigrad.manual_seed(0)
    expected_global = minigrad.rand(8).numpy()
    minigrad.manual_seed(0)
    again = draw(minigrad, g.manual_seed(123)).numpy()          # the global seed plays no part
    assert minigrad.rand(8).numpy().tolist() == expected_global.tolist()   # ...and the stream did not move
    np.testing.assert_array_equal(again, first)
    assert not np.array_equal(first, second) or op == "multinomial"      # the stream moves on
    other = draw(minigrad, minigrad.Generator().manual_seed(124)).numpy()
    assert first.shape == other.shape
    draw(torch, torch.Generator().manual_seed(123))            # torch takes the same call


def test_seed_api_as_torch():
    for lib in (torch, minigrad):
        g = lib.Generator()
        assert g.initial_seed() == 67280421310721                  # torch's default seed
        assert g.manual_seed(5) is g and g.initial_seed() == 5
        assert g.manual_seed(-1).initial_seed() == 2 ** 64 - 1
        assert str(g.device) == "cpu"
        for bad in ("a", 1.5, None):
            with pytest.raises(RuntimeError, match="manual_seed expected a long"):
                g.manual_seed(bad)
        s = g.seed()
        assert isinstance(s, int) and g.initial_seed() == s
    # two fresh generators give the same numbers, as torch's do
    a, b = minigrad.Generator(), minigrad.Generator()
    assert minigrad.rand(5, generator=a).tolist() == minigrad.rand(5, generator=b).tolist()


def test_get_state_set_state():
    g = minigrad.Generator().manual_seed(9)
    minigrad.randn(3, generator=g)
    state = g.get_state()
    assert state.dtype == minigrad.uint8 and state.dim() == 1
    x = minigrad.randn(7, generator=g)
    minigrad.randint(0, 5, (3,), generator=g)
    assert g.set_state(state) is g
    np.testing.assert_array_equal(minigrad.randn(7, generator=g).numpy(), x.numpy())
    h = minigrad.Generator().set_state(state)                  # another generator resumes the same stream
    np.testing.assert_array_equal(minigrad.randn(7, generator=h).numpy(), x.numpy())
    assert h.initial_seed() == 9
    for lib in (torch, minigrad):
        g = lib.Generator()
        with pytest.raises(TypeError, match="RNG state must be a"):
            g.set_state(lib.zeros(3))
        with pytest.raises(RuntimeError):
            g.set_state(lib.zeros(3, dtype=lib.uint8))


def test_default_generator_is_the_global_stream():
    assert minigrad.default_generator.manual_seed(4) is minigrad.default_generator
    a = minigrad.rand(3).tolist()
    minigrad.manual_seed(4)
    assert minigrad.rand(3).tolist() == a and minigrad.default_generator.initial_seed() == 4
    state = minigrad.default_generator.get_state()
    b = minigrad.randn(4).tolist()
    minigrad.default_generator.set_state(state)
    assert minigrad.randn(4).tolist() == b
    assert minigrad.rand(2, generator=minigrad.default_generator).tolist() != minigrad.rand(2).tolist()


@pytest.mark.parametrize("op", ["rand", "randn", "randint", "randperm", "normal", "bernoulli", "multinomial"])
def test_wrong_generator_type_is_a_type_error(op):
    for lib in (torch, minigrad):
        with pytest.raises(TypeError, match=op):
            DRAWS[op](lib, 5)
        with pytest.raises(TypeError):
            DRAWS[op](lib, np.random.default_rng(0))


def test_uniform_and_normal_statistics():
    g = minigrad.Generator().manual_seed(0)
    n = 20000
    u = minigrad.rand(n, generator=g, dtype=minigrad.float64).numpy()
    z = minigrad.randn(n, generator=g, dtype=minigrad.float64).numpy()
    assert abs(u.mean() - 0.5) < 5 * np.sqrt(1 / 12 / n) and 0 <= u.min() and u.max() < 1
    assert abs(z.mean()) < 5 / np.sqrt(n) and abs(z.std() - 1) < 5 / np.sqrt(2 * n)


def test_generator_on_the_device(device):
    g = minigrad.Generator(device).manual_seed(3)
    x = minigrad.rand(4, device=device, generator=g)
    assert x.device.type == device
    assert minigrad.rand(4, device=device, generator=g.manual_seed(3)).tolist() == x.tolist()
    if device == "cuda":
        with pytest.raises(RuntimeError, match="Expected a 'cuda' device type for generator but found 'cpu'"):
            minigrad.rand(4, device="cuda", generator=minigrad.Generator())


# ---------------------------------------------------------------------------------------------- data
def test_random_split_with_a_generator():
    parts = data.random_split(range(10), [7, 3], generator=minigrad.Generator().manual_seed(42))
    again = data.random_split(range(10), [7, 3], generator=minigrad.Generator().manual_seed(42))
    assert [list(p) for p in parts] == [list(p) for p in again]
    assert [len(p) for p in parts] == [7, 3] and sorted(list(parts[0]) + list(parts[1])) == list(range(10))
    fracs = data.random_split(range(10), [0.7, 0.3], generator=minigrad.Generator().manual_seed(42))
    assert [list(p) for p in fracs] == [list(p) for p in parts]
    others = [list(data.random_split(range(10), [7, 3], generator=minigrad.Generator().manual_seed(s))[0])
              for s in range(5)]
    assert len({tuple(o) for o in others}) > 1
    minigrad.manual_seed(1)
    a = minigrad.rand(3).tolist()
    minigrad.manual_seed(1)
    data.random_split(range(10), [5, 5], generator=minigrad.Generator().manual_seed(0))
    assert minigrad.rand(3).tolist() == a
    for lib in (torch, minigrad):
        with pytest.raises(TypeError):
            lib.utils.data.random_split(range(10), [7, 3], generator=5)


def test_dataloader_shuffle_with_a_generator():
    ds = data.TensorDataset(minigrad.arange(12))

    def epochs(seed, n=2):
        loader = data.DataLoader(ds, batch_size=5, shuffle=True, generator=minigrad.Generator().manual_seed(seed))
        return [[b[0].tolist() for b in loader] for _ in range(n)]
    minigrad.manual_seed(0)
    a = minigrad.rand(2).tolist()
    minigrad.manual_seed(0)
    first = epochs(7)
    assert minigrad.rand(2).tolist() == a                       # the global stream did not move
    assert first == epochs(7) and first[0] != first[1]          # epochs differ, runs repeat
    assert sorted(sum(first[0], [])) == list(range(12)) and [len(b) for b in first[0]] == [5, 5, 2]
    for lib in (torch, minigrad):
        d = lib.utils.data.TensorDataset(lib.arange(4))
        with pytest.raises(TypeError):
            list(lib.utils.data.DataLoader(d, shuffle=True, generator=5))


def test_samplers_with_a_generator():
    def run(seed):
        g = minigrad.Generator().manual_seed(seed)
        return (list(data.RandomSampler(range(6), generator=g)),
                list(data.RandomSampler(range(6), replacement=True, num_samples=9, generator=g)),
                list(data.SubsetRandomSampler([10, 20, 30, 40], generator=g)))
    perm, with_repl, subset = run(3)
    assert (perm, with_repl, subset) == run(3)
    assert sorted(perm) == list(range(6)) and len(with_repl) == 9 and set(with_repl) <= set(range(6))
    assert sorted(subset) == [10, 20, 30, 40]


def test_weighted_random_sampler_frequencies():
    w = [1.0, 2.0, 3.0, 0.0, 4.0]
    n = 20000
    s = data.WeightedRandomSampler(w, n, generator=minigrad.Generator().manual_seed(0))
    draws = np.array(list(s))
    assert len(s) == n and draws.shape == (n,)
    p = np.array(w) / sum(w)
    freq = np.bincount(draws, minlength=len(w)) / n
    se = np.sqrt(p * (1 - p) / n)
    assert np.all(np.abs(freq - p) <= 5 * se + 1e-12), (freq, p)
    assert freq[3] == 0
    assert draws.tolist() == list(data.WeightedRandomSampler(w, n, generator=minigrad.Generator().manual_seed(0)))
    once = list(data.WeightedRandomSampler(minigrad.tensor([0.1, 5.0, 1.0, 2.0]), 4, replacement=False))
    assert sorted(once) == [0, 1, 2, 3]
    batches = list(data.BatchSampler(data.WeightedRandomSampler(w, 7, generator=minigrad.Generator()), 3, False))
    assert [len(b) for b in batches] == [3, 3, 1]


@pytest.mark.parametrize("args, exc", [(([1.0, 2.0], 0), ValueError), (([1.0, 2.0], 2.5), ValueError),
                                       (([[1.0, 2.0]], 2), ValueError), (([1.0, 2.0], 3, "yes"), ValueError)])
def test_weighted_random_sampler_bad_arguments(args, exc):
    for lib in (torch, minigrad):
        with pytest.raises(exc):
            lib.utils.data.WeightedRandomSampler(*args)


def test_weighted_random_sampler_bad_weights_at_iteration():
    for lib in (torch, minigrad):
        s = lib.utils.data.WeightedRandomSampler([1.0, -2.0], 5)
        with pytest.raises(RuntimeError):
            list(s)
        with pytest.raises(RuntimeError):
            list(lib.utils.data.WeightedRandomSampler([1.0, 2.0], 3, replacement=False))
