"""The same seed gives torch's random numbers (minigrad/backend/mt19937.py): each case seeds both libraries,
draws, and compares the draws AND a uniform drawn after them (so that each draw also took as many of the
stream's words as torch's). Integers, uniforms, permutations, masks and multinomial picks are equal bit for
bit, float32 normals too (torch's own float32 log and sine/cosine, step for step); float64 normals and values
computed from draws by other ops agree to rounding."""
import numpy as np
import pytest
import torch

import minigrad


def _run(lib, code):
    nn, F = lib.nn, lib.nn.functional
    data, D = lib.utils.data, lib.distributions
    lib.manual_seed(0)
    out = eval(code, {"lib": lib, "nn": nn, "F": F, "data": data, "D": D, "np": np})
    after = lib.rand(4)
    return out, after


def _arrays(x):
    if isinstance(x, (list, tuple)):
        return [a for item in x for a in _arrays(item)]
    if hasattr(x, "detach"):
        return [np.asarray(x.detach().numpy())]
    if isinstance(x, nn_module_types()):
        return [np.asarray(p.detach().numpy()) for p in x.parameters()]
    return [np.asarray(x)]


def nn_module_types():
    return (torch.nn.Module, minigrad.nn.Module)


EXACT = [
    "lib.rand(3, 5)", "lib.rand(7, dtype=lib.float64)", "lib.rand(20, dtype=lib.float16)",
    "lib.randint(0, 10, (17,))", "lib.randint(-5, 5, (3, 4))", "lib.randint(0, 2 ** 40, (6,))",
    "lib.randint(3, (5,), dtype=lib.int32)", "lib.randperm(1)", "lib.randperm(10)", "lib.randperm(257)",
    "lib.rand_like(lib.zeros(2, 3))", "lib.empty(9).uniform_(-0.3, 0.7)", "lib.empty(5, dtype=lib.float64).uniform_(2, 3)",
    "lib.empty(6).random_()", "lib.empty(6, dtype=lib.int64).random_()", "lib.empty(6, dtype=lib.int32).random_(3, 9)",
    "lib.empty(30).bernoulli_(0.3)", "lib.bernoulli(lib.rand(25))", "lib.bernoulli(lib.rand(9, dtype=lib.float64))",
    "lib.zeros(12).bernoulli_(lib.full((12,), 0.7))", "lib.bernoulli(lib.zeros(8), p=0.5)",
    "lib.empty(8).exponential_(2.0)", "lib.empty(8).cauchy_()", "lib.empty(20).geometric_(0.3)",
    "lib.empty(7, dtype=lib.int64).geometric_(0.5)", "lib.empty(20).log_normal_(0.5, 0.3)", "lib.empty(5).log_normal_()",
    "lib.multinomial(lib.tensor([0.1, 0.2, 0.3, 0.4]), 20, replacement=True)",
    "lib.multinomial(lib.tensor([0.1, 0.2, 0.3, 0.4]), 3)", "lib.multinomial(lib.tensor([1., 0., 3.]), 1)",
    "lib.multinomial(lib.tensor([[0.1, 0.9], [0.5, 0.5]]), 6, True)",
    "F.rrelu(lib.tensor(np.linspace(-2, 2, 41, dtype=np.float32)), training=True)",
    "F.dropout(lib.ones(50), 0.3)", "nn.Dropout(0.2)(lib.ones(4, 25))", "F.dropout2d(lib.ones(2, 6, 3, 3), 0.5)",
    "nn.Linear(30, 20)", "nn.Conv2d(3, 8, 3)", "nn.ConvTranspose2d(3, 4, 2)", "nn.LSTM(4, 5)", "nn.GRU(3, 4, 2)",
    "nn.MultiheadAttention(8, 2)", "nn.Bilinear(3, 4, 2)", "nn.init.xavier_uniform_(lib.empty(5, 6))",
    "nn.init.kaiming_uniform_(lib.empty(5, 6), nonlinearity='relu')", "nn.init.sparse_(lib.empty(6, 4), 0.4)",
    "list(data.WeightedRandomSampler([0.1, 0.9, 0.4, 0.33], 12))",
    "list(data.WeightedRandomSampler([0.1, 0.9, 0.4], 2, replacement=False))",
    "[b.tolist() for b in data.DataLoader(list(range(20)), batch_size=6, shuffle=True)]",
    "[b.tolist() for b in data.DataLoader(list(range(20)), batch_size=6)]",
    "[b.tolist() for b in data.DataLoader(list(range(9)), batch_size=4, shuffle=True, "
    "generator=lib.Generator().manual_seed(1))]",
    "[list(s.indices) for s in data.random_split(range(10), [7, 3])]",
    "list(data.RandomSampler(range(10), replacement=True, num_samples=40))",
    "list(data.SubsetRandomSampler([5, 6, 7, 8]))",
    "lib.rand(5, generator=lib.Generator().manual_seed(42))", "lib.randperm(9, generator=lib.Generator())",
    "D.Categorical(probs=lib.tensor([0.2, 0.5, 0.3])).sample((8,))", "D.Categorical(logits=lib.zeros(5)).sample()",
    "D.Bernoulli(probs=lib.full((10,), 0.3)).sample()", "D.Uniform(lib.zeros(6), lib.ones(6) * 2).rsample()",
    "D.Exponential(lib.ones(7)).sample()", "D.Geometric(lib.full((9,), 0.3)).sample()",
    "D.OneHotCategorical(probs=lib.ones(4) / 4).sample((3,))",
]

EXACT += [   # float32 normals: torch's vectorised log and sine/cosine, step for step
    "lib.randn(5)", "lib.randn(16)", "lib.randn(3, 7)", "lib.randn(1000)", "lib.randn(65537)",
    "[lib.randn(3) for _ in range(3)]", "lib.randn(9, dtype=lib.float16)", "lib.randn(37, dtype=lib.float16)",
    "lib.empty(20, dtype=lib.float16).normal_(0.5, 0.1)", "lib.randn_like(lib.zeros(5, 5))",
    "lib.normal(0.5, 2.0, size=(40,))", "lib.normal(lib.zeros(20) + 1, lib.ones(20) * 2)", "lib.normal(lib.zeros(5), 3.0)",
    "lib.empty(50).normal_(0.1, 0.02)", "lib.empty(7).normal_(1.0, 0.5)", "nn.Embedding(10, 4)",
    "nn.init.xavier_normal_(lib.empty(4, 5))", "nn.init.kaiming_normal_(lib.empty(6, 3))",
    "nn.init.trunc_normal_(lib.empty(50), std=0.02)", "nn.init.trunc_normal_(lib.empty(20), a=2.0, b=3.0)",
    "nn.init.normal_(lib.empty(33), 0, 0.01)", "lib.randn(8, generator=lib.Generator().manual_seed(7))",
    "D.Normal(lib.zeros(20), lib.ones(20)).sample()", "D.Normal(lib.zeros(3), lib.ones(3)).rsample((2,))",
    "lib.randn(4, dtype=lib.float64)", "lib.randn(37, dtype=lib.float64)", "lib.randn(1000, dtype=lib.float64)",
    "lib.empty(100, dtype=lib.float64).normal_(0.5, 2.0)",
]

CLOSE = [   # ops on the draws (log, exp, QR...), and float64 normals past 131,072 (NumPy's log)
    "lib.randn(300000, dtype=lib.float64)", "nn.init.orthogonal_(lib.empty(4, 6))", "D.MultivariateNormal(lib.zeros(3), lib.eye(3)).sample((2,))",
    "D.LogNormal(lib.zeros(5), lib.ones(5)).sample()",
    "D.LowRankMultivariateNormal(lib.zeros(3), lib.ones(3, 1), lib.ones(3)).rsample()",
    "D.RelaxedBernoulli(lib.tensor(0.5), probs=lib.full((6,), 0.3)).rsample()",
    "D.Laplace(lib.zeros(5), lib.ones(5)).rsample()", "D.Gumbel(lib.zeros(5), lib.ones(5)).sample()",
]


def _compare(code, check):
    (t, t_after), (m, m_after) = _run(torch, code), _run(minigrad, code)
    ta, ma = _arrays(t), _arrays(m)
    assert len(ta) == len(ma)
    for a, b in zip(ta, ma):
        assert a.shape == b.shape and str(a.dtype) == str(b.dtype)
        check(b, a)
    np.testing.assert_array_equal(m_after.numpy(), t_after.numpy())        # the stream is where torch's is


@pytest.mark.parametrize("code", EXACT)
def test_draws_are_torchs_bit_for_bit(code):
    _compare(code, np.testing.assert_array_equal)


def _close(got, want):
    rtol = {np.dtype(np.float64): 1e-12, np.dtype(np.float16): 2e-3}.get(want.dtype, 2e-6)
    np.testing.assert_allclose(got.astype(np.float64), want.astype(np.float64), rtol=rtol, atol=rtol * 1e-3)


@pytest.mark.parametrize("code", CLOSE)
def test_draws_and_what_is_computed_from_them_are_torchs_to_rounding(code):
    _compare(code, _close)


def test_a_seeded_training_run_is_torchs():
    """Seed, build, train with dropout and a shuffled loader: torch's losses, step by step."""
    def run(lib):
        lib.manual_seed(1)
        model = lib.nn.Sequential(lib.nn.Linear(6, 16), lib.nn.ReLU(), lib.nn.Dropout(0.25), lib.nn.Linear(16, 3))
        opt = lib.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
        x, y = lib.randn(40, 6), lib.randint(0, 3, (40,))
        loader = lib.utils.data.DataLoader(lib.utils.data.TensorDataset(x, y), batch_size=8, shuffle=True)
        losses = []
        for _ in range(3):
            for xb, yb in loader:
                opt.zero_grad()
                loss = lib.nn.functional.cross_entropy(model(xb), yb)
                loss.backward()
                opt.step()
                losses.append(loss.item())
        return losses
    np.testing.assert_allclose(run(minigrad), run(torch), rtol=1e-4)


def test_state_round_trip_and_generators_of_their_own():
    minigrad.manual_seed(5)
    minigrad.randn(3)                            # leaves a normal kept for the next small draw
    state = minigrad.get_rng_state()
    a = [minigrad.randn(5), minigrad.rand(3), minigrad.randperm(7)]
    minigrad.set_rng_state(state)
    b = [minigrad.randn(5), minigrad.rand(3), minigrad.randperm(7)]
    for x, y in zip(a, b):
        np.testing.assert_array_equal(x.numpy(), y.numpy())
    g = minigrad.Generator().manual_seed(3)
    s = g.get_state()
    first = minigrad.randn(20, generator=g)
    g.set_state(s)
    np.testing.assert_array_equal(minigrad.randn(20, generator=g).numpy(), first.numpy())
    with pytest.raises(RuntimeError, match="CPUGeneratorImplState of size 5056 but found the input RNG state size"):
        g.set_state(minigrad.zeros(10, dtype=minigrad.uint8))


def test_states_are_torchs_byte_for_byte_and_move_between_the_libraries():
    for seed in (0, 3, 2 ** 40 + 1):
        torch.manual_seed(seed)
        minigrad.manual_seed(seed)
        for lib in (torch, minigrad):
            lib.rand(7)
            lib.randn(3, dtype=lib.float64)          # keeps a normal for the next small draw: in the state too
        np.testing.assert_array_equal(minigrad.get_rng_state().numpy(), torch.get_rng_state().numpy())
    np.testing.assert_array_equal(minigrad.Generator().get_state().numpy(), torch.Generator().get_state().numpy())
    torch.manual_seed(11)
    torch.randn(5, dtype=torch.float64)
    minigrad.set_rng_state(minigrad.tensor(torch.get_rng_state().numpy()))      # a state torch saved
    np.testing.assert_array_equal(minigrad.randn(3, dtype=minigrad.float64).numpy(),
                                  torch.randn(3, dtype=torch.float64).numpy())
    np.testing.assert_array_equal(minigrad.randn(40).numpy(), torch.randn(40).numpy())


def test_torch_random_module():
    minigrad.random.manual_seed(4)
    assert minigrad.random.initial_seed() == 4 and minigrad.random.default_generator is minigrad.default_generator
    before = minigrad.random.get_rng_state()
    with minigrad.random.fork_rng():
        inside = minigrad.rand(3)
    np.testing.assert_array_equal(minigrad.random.get_rng_state().numpy(), before.numpy())
    np.testing.assert_array_equal(minigrad.rand(3).numpy(), inside.numpy())
    with minigrad.random.fork_rng(enabled=False):
        minigrad.rand(1)
    assert not np.array_equal(minigrad.random.get_rng_state().numpy(), before.numpy())


def test_seeds_wrap_as_torchs():
    for seed in (2 ** 32 + 5, -1, 2 ** 64 - 1):
        torch.manual_seed(seed)
        minigrad.manual_seed(seed)
        np.testing.assert_array_equal(minigrad.rand(5).numpy(), torch.rand(5).numpy())
        assert minigrad.initial_seed() == torch.initial_seed()


class _Noisy:
    """A Dataset that draws from torch's stream, NumPy's and Python's in __getitem__, and says which worker."""

    def __init__(self, lib):
        self.lib = lib

    def __len__(self):
        return 10

    def __getitem__(self, i):
        import random
        info = self.lib.utils.data.get_worker_info()
        return (self.lib.tensor([float(i)]) + self.lib.randn(1), np.random.rand(), random.random(),
                -1 if info is None else info.id)


def _seed_numpy_from_torch(lib):
    def init(worker_id):
        np.random.seed((lib.initial_seed() + worker_id) % 2 ** 32)
    return init


@pytest.mark.parametrize("workers, init, persistent", [(2, False, False), (3, True, False), (2, False, True)])
def test_loader_workers_draw_as_torchs_worker_processes(workers, init, persistent):
    """num_workers > 0: each worker has torch's random state (torch stream base_seed + id, random, NumPy), batch k
    is worker k % num_workers's, worker_init_fn runs in it; the main process's streams are untouched."""
    import random
    out = {}
    for lib in (torch, minigrad):
        lib.manual_seed(5)
        np.random.seed(1)
        random.seed(2)
        loader = lib.utils.data.DataLoader(_Noisy(lib), batch_size=3, shuffle=True, num_workers=workers,
                                           worker_init_fn=_seed_numpy_from_torch(lib) if init else None,
                                           persistent_workers=persistent)
        rows = []
        for _ in range(2):
            for x, a, b, w in loader:
                rows.append((x.numpy().ravel().tolist(), a.numpy().tolist(), b.numpy().tolist(), w.numpy().tolist()))
        out[lib.__name__] = rows, lib.rand(2).numpy().tolist(), np.random.rand(), random.random()
        assert lib.utils.data.get_worker_info() is None
    assert out["minigrad"] == out["torch"]


def test_numpy_style_integer_draws_take_a_dtype_object():
    """The stream's NumPy-named integers() (what other code may call on the generator) takes np.dtype objects."""
    from minigrad.backend.mt19937 import TorchStream
    a, b = TorchStream(0), TorchStream(0)
    x = a.integers(5, dtype=np.dtype("int64"))
    assert isinstance(x, np.int64) and x == b.integers(5)
    assert a.integers(3, 9, size=(2,), dtype=np.dtype("int32")).dtype == np.int32
