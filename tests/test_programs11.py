"""Minimal repros of what published PyTorch programs (round eleven: minGPT, char-RNN, VAE, DCGAN, ResNet blocks,
word2vec, flows, DDPM, PINNs, contrastive/triplet/distillation losses, ...) met under ``import minigrad as torch``,
each cross-checked against torch."""
from __future__ import annotations

import warnings

import numpy as np
import pytest
import torch

import minigrad

packaging_version = pytest.importorskip("packaging.version")


def _both(build):
    """``build(lib)`` under torch and minigrad, warnings silenced."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return build(torch), build(minigrad)


# --------------------------------------------------------------------------- version checks in user code
_VERSION_CHECKS = [
    lambda v: v >= "2", lambda v: v >= "2.0.0", lambda v: v >= "2.2", lambda v: v < "1.12", lambda v: v > "2.10.1",
    lambda v: v >= (2, 0), lambda v: v < (1, 6, 0), lambda v: v == "2.15.0", lambda v: v != "2.15.0",
    lambda v: v >= "2.15.0rc1", lambda v: v > "2.15.0.dev20261001", lambda v: v <= "2.16.0a0",
    lambda v: packaging_version.parse(v) >= packaging_version.parse("1.12"),
    lambda v: v.split("+")[0].split(".")[:2],
    lambda v: isinstance(v, str), lambda v: v >= "parrot",
]


@pytest.mark.parametrize("check", range(len(_VERSION_CHECKS)))
def test_version_compares_like_torchs_on_the_same_release(check):
    # `if torch.__version__ >= "2": model = torch.compile(model)` (alpaca-lora), `version.parse(torch.__version__)
    # < version.parse("1.12.0")` raising ImportError: minigrad speaks torch 2.15's API and says so
    from torch.torch_version import TorchVersion
    ours = minigrad.__version__
    same_release = TorchVersion("2.15.0+" + ours.split("+")[1])
    assert ours.startswith("2.15.0+minigrad.")
    assert _VERSION_CHECKS[check](ours) == _VERSION_CHECKS[check](same_release)


def test_version_keeps_minigrads_own_and_hashes_as_str():
    assert minigrad.version.minigrad_version == "0.1.0" and minigrad.__version__.endswith("+minigrad.0.1.0")
    assert {minigrad.__version__: 1}[str(minigrad.__version__)] == 1
    assert minigrad.version.cuda is None and minigrad.version.__version__ is minigrad.__version__


def test_version_against_a_packaging_version_raises_typeerror_as_torchs():
    with pytest.raises(TypeError):
        minigrad.__version__ > packaging_version.Version("2.1")


# --------------------------------------------------------------------------- torch.utils.data's submodules
def test_utils_data_submodules_are_attributes_of_the_package():
    # CS231n: `from torch.utils.data import sampler` then `sampler.SubsetRandomSampler(range(n))`, and the
    # attribute path `torch.utils.data.sampler.SubsetRandomSampler` without importing the submodule
    def build(lib):
        data = lib.utils.data
        lib.manual_seed(0)
        ds = data.TensorDataset(lib.arange(10.))
        order = [b[0].tolist() for b in data.DataLoader(ds, batch_size=3,
                                                        sampler=data.sampler.SubsetRandomSampler(range(8)))]
        collated = data.dataloader.default_collate([(1, 2.0), (3, 4.0)])
        return order, [c.tolist() for c in collated], issubclass(data.dataset.TensorDataset, data.dataset.Dataset), \
            data.distributed.DistributedSampler.__name__
    t, m = _both(build)
    assert m == t


# --------------------------------------------------------------------------- printing
def test_user_function_node_repr_names_torchs_module():
    # the "Extending torch.autograd" tutorial prints y.grad_fn of a custom Function
    import re

    class Lin:
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, g):
            return g * 2

    def build(lib):
        fn = type("LinearFunction", (lib.autograd.Function,), dict(vars(Lin)))
        x = lib.ones(2, requires_grad=True)
        return [re.sub(r"0x[0-9a-f]+", "ADDR", repr(y.grad_fn)) for y in (fn.apply(x), x * 2)]
    t, m = _both(build)
    assert [r.replace("minigrad.", "torch.") for r in m] == t   # the module path, as classes print it


def test_type_of_a_tensor_prints_as_torchs():
    # the tensors tutorial and fast.ai notebooks print type(x) / type(loss): <class 'torch.Tensor'>
    def build(lib):
        x = lib.ones(2)
        return [str(type(v)).replace("minigrad", "torch") for v in (x, x.sum(), lib.finfo(lib.float32),
                                                                      lib.iinfo(lib.int8))] + [str(lib.Tensor)]
    t, m = _both(build)
    assert m[:4] == t[:4] and m[4].replace("minigrad", "torch") == t[4]


def test_plain_pickle_of_a_tensor_still_round_trips():
    import pickle
    x = minigrad.tensor([[1.0, 2.0]], requires_grad=True)
    y = pickle.loads(pickle.dumps(x))
    assert type(y) is minigrad.Tensor and y.tolist() == x.tolist() and y.requires_grad


# --------------------------------------------------------------------------- pre-0.4 code
def test_variable_is_a_detached_leaf_alias_as_torchs():
    # old tutorials: `hidden = Variable(hidden.data)`, `x = Variable(t, requires_grad=True)`, `w1.grad.data.zero_()`
    def build(lib):
        from importlib import import_module
        Variable = import_module(lib.__name__ + ".autograd").Variable
        a = lib.tensor([1.0, 2.0], requires_grad=True)
        b = a * 3
        t = lib.tensor([1.0, -1.0])
        vb, vt = Variable(b), Variable(t, requires_grad=True)
        (vt * b).sum().backward()
        t.add_(1.0)                                    # the alias sees it
        return [vb.requires_grad, vb.is_leaf, vb.grad_fn is None, t.requires_grad, vt.is_leaf,
                vt.grad.tolist(), a.grad.tolist(), vt.tolist(), t.grad is None]
    t, m = _both(build)
    assert m == t
    with pytest.raises(TypeError, match="Variable data has to be a tensor, but got list"):
        minigrad.autograd.Variable([1, 2])


def test_volatile_reads_false_and_warns_as_torchs():
    x = minigrad.ones(2)
    with pytest.warns(UserWarning, match="volatile was removed"):
        assert x.volatile is False
    with pytest.warns(UserWarning, match="volatile was removed and now has no effect"):
        x.volatile = True
    with pytest.warns(UserWarning, match="volatile was removed and now has no effect"):
        v = minigrad.autograd.Variable(x, volatile=True)
    assert not v.requires_grad


# --------------------------------------------------------------------------- checkpoints of wrapped models
def test_dataparallel_is_in_nn_and_its_prefix_strips_in_order():
    # `model = nn.DataParallel(model)` on a CPU machine, then the "module." prefix stripped from the checkpoint
    def build(lib):
        lib.manual_seed(0)
        class Net(lib.nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = lib.nn.Linear(3, 2)
                self.register_buffer("running", lib.zeros(2))

            def forward(self, x):
                return self.fc(x) + self.running
        net = Net()
        dp = lib.nn.DataParallel(net)
        sd = dp.state_dict()
        keys = list(sd)
        lib.nn.modules.utils.consume_prefix_in_state_dict_if_present(sd, "module.")
        x = lib.ones(4, 3)
        return keys, list(sd), dp.module is net, dp.device_ids, dp(x).tolist() == net(x).tolist(), \
            lib.nn.parallel.DataParallel is lib.nn.DataParallel, repr(dp)
    t, m = _both(build)
    assert m == t


# --------------------------------------------------------------------------- linalg.eig / eigvals
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_eig_and_eigvals_match_torchs(dtype):
    # spectral-radius checks, Koopman/linear-system notebooks: torch.linalg.eigvals(A).abs().max()
    rng = np.random.default_rng(0)
    a = rng.standard_normal((3, 4, 4))

    def build(lib):
        A = lib.tensor(a, dtype=getattr(lib, dtype))
        w = lib.linalg.eigvals(A)
        e = lib.linalg.eig(A[0])
        v = e.eigenvectors.real.numpy() + 1j * e.eigenvectors.imag.numpy()
        v = v / (v[np.abs(v).argmax(0), range(4)] / np.abs(v[np.abs(v).argmax(0), range(4)]))   # a column's phase
        return (str(w.dtype), w.shape, w.real.numpy(), w.imag.numpy(), w.abs().amax(-1).numpy(),   # is free:
                e.eigenvalues.real.numpy(), v.real, v.imag)                                         # fix it
    t, m = _both(build)
    tol = 1e-4 if dtype == "float32" else 1e-10
    assert m[:2] == t[:2]
    for x, y in zip(m[2:], t[2:]):
        np.testing.assert_allclose(x, y, rtol=tol, atol=tol)


def test_eig_refuses_what_it_cannot_do_by_name():
    with pytest.raises(RuntimeError, match=r"linalg.eigvals: A must be batches of square matrices.*\(2, 3\)"):
        minigrad.linalg.eigvals(minigrad.ones(2, 3))
    values, vectors = minigrad.linalg.eig(minigrad.eye(2, requires_grad=True))     # (differentiable since round 20:
    assert values.grad_fn is not None and vectors.grad_fn is not None                # tests/test_programs20.py)
    with pytest.raises(RuntimeError, match=r"linalg.eig: Expected a floating point.*int64"):
        minigrad.linalg.eig(minigrad.eye(2, dtype=minigrad.int64))
    with minigrad.no_grad():
        assert minigrad.linalg.eigvals(minigrad.eye(2, requires_grad=True)).real.tolist() == [1.0, 1.0]


@pytest.mark.parametrize("upper", [False, True])
def test_cholesky_inverse_matches_torchs_value_and_gradient(upper):
    # GP notebooks: K_inv = torch.cholesky_inverse(torch.linalg.cholesky(K))
    rng = np.random.default_rng(1)
    m = rng.standard_normal((2, 3, 3))
    a = m @ m.transpose(0, 2, 1) + 3 * np.eye(3)
    g = rng.standard_normal((2, 3, 3))

    def build(lib):
        A = lib.tensor(a, requires_grad=True)
        L = lib.linalg.cholesky(A)
        out = lib.cholesky_inverse(L.mT if upper else L, upper=upper)
        (out * lib.tensor(g)).sum().backward()
        return out.detach().numpy(), A.grad.numpy(), out.grad_fn.name(), L[0].cholesky_inverse().detach().numpy()
    t, m_ = _both(build)
    for x, y in zip((m_[0], m_[1], m_[3]), (t[0], t[1], t[3])):
        np.testing.assert_allclose(x, y, rtol=1e-10, atol=1e-12)
    assert m_[2] == t[2]


# --------------------------------------------------------------------------- torch's deprecation warnings
_DEPRECATED_CALLS = {
    "kl_div_mean": lambda lib: lib.nn.KLDivLoss()(lib.zeros(2, 3), lib.ones(2, 3) / 3),
    "cuda_amp_scaler": lambda lib: lib.cuda.amp.GradScaler(enabled=False),
    "cuda_amp_autocast": lambda lib: lib.cuda.amp.autocast(enabled=False),
    "cpu_amp_autocast": lambda lib: lib.cpu.amp.autocast(),
    "upsample": lambda lib: lib.nn.functional.upsample(lib.ones(1, 1, 2, 2), scale_factor=2),
    "upsample_nearest": lambda lib: lib.nn.functional.upsample_nearest(lib.ones(1, 1, 2, 2), scale_factor=2),
    "upsample_bilinear": lambda lib: lib.nn.functional.upsample_bilinear(lib.ones(1, 1, 2, 2), scale_factor=2),
    "init_xavier_uniform": lambda lib: lib.nn.init.xavier_uniform(lib.empty(2, 2)),
    "init_normal": lambda lib: lib.nn.init.normal(lib.empty(2)),
    "init_constant": lambda lib: lib.nn.init.constant(lib.empty(2), 1.0),
    "kl_div_batchmean": lambda lib: lib.nn.functional.kl_div(lib.zeros(2, 3), lib.ones(2, 3) / 3,
                                                               reduction="batchmean"),
    "clip_grad_norm": lambda lib: lib.nn.utils.clip_grad_norm([lib.nn.Parameter(lib.ones(3))], 1.0),
    "tensor_of_tensor": lambda lib: lib.tensor(lib.ones(2) * 3),
    "mse_target_size": lambda lib: lib.nn.MSELoss()(lib.zeros(2, 1), lib.ones(2)),
    "l1_target_size": lambda lib: lib.nn.functional.l1_loss(lib.zeros(3), lib.ones(1)),
    "nll_size_average": lambda lib: lib.nn.functional.nll_loss(lib.zeros(2, 3), lib.tensor([0, 1]), size_average=True),
    "scheduler_first": lambda lib: lib.optim.lr_scheduler.StepLR(
        lib.optim.SGD([lib.nn.Parameter(lib.ones(1))], lr=0.1), 1).step(),
}


@pytest.mark.parametrize("call", sorted(_DEPRECATED_CALLS))
def test_deprecated_calls_warn_as_torchs(call):
    # knowledge-distillation code builds nn.KLDivLoss() (reduction='mean'); U-Net/nanoGPT-era scripts make
    # torch.cuda.amp.GradScaler(enabled=False) on CPU; 2018 code calls nn.init.xavier_uniform, F.upsample
    def build(lib):
        lib.manual_seed(0)
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            out = _DEPRECATED_CALLS[call](lib)
        return [(w.category.__name__, str(w.message)) for w in seen], out
    (tw, to), (mw, mo) = build(torch), build(minigrad)
    assert [w for w in mw if "minigrad" not in w[1]] == tw      # (autocast adds minigrad's note: full precision)
    if hasattr(to, "detach"):
        np.testing.assert_allclose(mo.detach().numpy(), to.detach().numpy(), rtol=1e-6)
