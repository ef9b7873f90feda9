"""The torch-shaped Tensor surface: factories, dtypes, repr, conversion, devices, seeding."""
import pickle

import numpy as np
import pytest
import torch

import minigrad
from helpers import check, rand


def test_factories_dtypes_and_shapes():
    assert minigrad.zeros(2, 3).dtype == minigrad.float32
    assert minigrad.ones((2, 3)).shape == (2, 3)
    assert minigrad.arange(5).dtype == minigrad.int64
    assert minigrad.arange(0, 1, 0.25).tolist() == [0.0, 0.25, 0.5, 0.75]
    assert minigrad.arange(0, 1, 0.25).dtype == minigrad.float32
    assert minigrad.full((2,), 7).dtype == minigrad.int64
    assert minigrad.full((2,), 7.0).dtype == minigrad.float32
    assert minigrad.tensor([1, 2]).dtype == minigrad.int64
    assert minigrad.tensor([1.0, 2]).dtype == minigrad.float32
    assert minigrad.tensor([True]).dtype == minigrad.bool
    assert minigrad.tensor(np.zeros(3)).dtype == minigrad.float64          # arrays keep their dtype
    assert minigrad.from_numpy(np.zeros(3, np.float32)).dtype == minigrad.float32
    assert minigrad.eye(3).sum().item() == 3.0
    assert minigrad.linspace(0, 1, 5).tolist() == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert minigrad.zeros_like(minigrad.ones(2, dtype=minigrad.float64)).dtype == minigrad.float64
    assert minigrad.randint(0, 10, (3, 4)).dtype == minigrad.int64
    assert minigrad.randn(2, 3).dtype == minigrad.float32
    assert minigrad.rand(2, dtype=minigrad.float64).dtype == minigrad.float64
    assert sorted(minigrad.randperm(5).tolist()) == [0, 1, 2, 3, 4]
    assert minigrad.Tensor([1, 2]).dtype == minigrad.float32
    assert minigrad.Tensor(2, 3).shape == (2, 3)
    assert minigrad.tensor([[1, 2], [3, 4]]).size() == minigrad.Size([2, 2])
    assert minigrad.tensor([[1, 2], [3, 4]]).size(1) == 2
    assert minigrad.zeros(2, 3, 4).numel() == 24 and minigrad.zeros(2, 3).dim() == 2


def test_from_numpy_shares_memory():
    a = np.zeros(3, np.float32)
    t = minigrad.from_numpy(a)
    t.add_(1)
    assert a.tolist() == [1.0, 1.0, 1.0]


def test_tensor_of_tensors_and_nested_lists():
    t = minigrad.tensor([minigrad.tensor(1.0), minigrad.tensor(2.0)])
    assert t.tolist() == [1.0, 2.0]
    with pytest.raises(ValueError, match="rectangular"):
        minigrad.tensor([[1, 2], [3]])


def test_manual_seed_is_reproducible():
    minigrad.manual_seed(42)
    a = minigrad.randn(5).tolist()
    minigrad.manual_seed(42)
    assert minigrad.randn(5).tolist() == a
    minigrad.manual_seed(43)
    assert minigrad.randn(5).tolist() != a


def test_item_tolist_numpy():
    t = minigrad.tensor([[1.5, 2.5]])
    assert t[0, 1].item() == 2.5 and isinstance(t.sum().item(), float)
    assert t.tolist() == [[1.5, 2.5]]
    assert isinstance(t.numpy(), np.ndarray)
    assert float(t.sum()) == 4.0 and int(minigrad.tensor(3)) == 3
    assert f"{t.sum():.2f}" == "4.00"
    with pytest.raises(RuntimeError, match="requires grad.*detach"):
        minigrad.tensor([1.0], requires_grad=True).numpy()
    with pytest.raises(RuntimeError, match="2 elements cannot be converted"):
        t.item()


def test_repr_like_torch():
    assert repr(minigrad.tensor([1.0, 2.5])) == repr(torch.tensor([1.0, 2.5]))
    assert repr(minigrad.tensor([1, 2, 3])) == repr(torch.tensor([1, 2, 3]))
    assert repr(minigrad.tensor([[1.0, 2.0], [3.0, 4.0]])) == repr(torch.tensor([[1.0, 2.0], [3.0, 4.0]]))
    assert repr(minigrad.tensor(3.5)) == repr(torch.tensor(3.5))
    assert repr(minigrad.tensor([True, False])) == repr(torch.tensor([True, False]))
    x = minigrad.tensor([1.0, 2.0], requires_grad=True)
    assert repr(x) == "tensor([1., 2.], requires_grad=True)"
    assert repr(x * 2) == "tensor([2., 4.], grad_fn=<MulBackward0>)"
    assert "dtype=torch.float64" in repr(minigrad.zeros(2, dtype=minigrad.float64))


def test_to_dtype_is_differentiable(device):
    check(lambda t, x: x.float().double() * 2 + x.to(t.float32).sum().double(), rand(3), device=device)


def test_to_returns_self_when_nothing_changes():
    x = minigrad.ones(2)
    assert x.to(minigrad.float32) is x and x.to("cpu") is x and x.cpu() is x
    assert x.to("cpu", copy=True) is not x


def test_device_objects_like_torch():
    d = minigrad.device("cpu")
    assert str(d) == "cpu" and d.type == "cpu" and minigrad.ones(1).device == d
    import torch
    for other in ("cpu", "cpu:0", "cuda"):              # a device is never equal to a string, as torch's
        assert (d == other) == (torch.device("cpu") == other) and (d != other) == (torch.device("cpu") != other)
    assert repr(minigrad.device("cuda:1")) == "device(type='cuda', index=1)"
    with pytest.raises(ValueError, match="unknown device type"):
        minigrad.device("tpu")


@pytest.mark.skipif(minigrad.cuda.is_available(), reason="checks the message shown without a GPU")
def test_asking_for_cuda_without_gpu_says_how_to_install():
    with pytest.raises(RuntimeError, match="pip install"):
        minigrad.zeros(2, device="cuda")
    with pytest.raises(RuntimeError, match="CUDA"):
        minigrad.ones(2).cuda()


@pytest.mark.skipif(minigrad.cuda.is_available(), reason="checks the answers given without a GPU")
def test_cuda_queries_without_gpu_answer_as_torch_cpu_builds():
    """What torch's CPU build answers: 0 bytes and False for the memory and bfloat16 questions, and an error
    that is both an AssertionError (torch's class) and a RuntimeError for what needs a GPU."""
    cuda = minigrad.cuda
    assert (cuda.memory_allocated(), cuda.memory_reserved(), cuda.max_memory_allocated()) == (0, 0, 0)
    assert cuda.is_bf16_supported() is False and cuda.is_initialized() is False and cuda.device_count() == 0
    for call in (lambda: cuda.get_device_name(0), lambda: cuda.get_device_properties(0), cuda.get_device_capability,
                 cuda.current_device, lambda: cuda.set_device(0), cuda.mem_get_info, lambda: minigrad.ones(2).cuda()):
        with pytest.raises(AssertionError, match="needs CUDA") as info:
            call()
        assert isinstance(info.value, RuntimeError) and "pip install" in str(info.value)
    with pytest.raises(RuntimeError, match="needs CUDA"):
        with cuda.device(0):
            pass
    for call in (lambda: minigrad.ones(2).to(1), lambda: minigrad.zeros(2, device=3)):    # an index names a GPU
        with pytest.raises(RuntimeError, match="index names a GPU") as info:
            call()
        assert type(info.value) is RuntimeError
    assert minigrad.device(5) == minigrad.device("cuda", 5)      # naming one needs no GPU (torch 2.15)
    with pytest.raises(RuntimeError, match="Device index must not be negative"):
        minigrad.device(-1)


@pytest.mark.cuda
@pytest.mark.skipif(not minigrad.cuda.is_available(), reason="needs CuPy and a GPU")
def test_cuda_queries_on_a_gpu():
    cuda = minigrad.cuda
    props = cuda.get_device_properties(0)
    assert cuda.get_device_name() == props.name and props.name and props.total_memory > 2 ** 30
    assert cuda.get_device_capability(0) == (props.major, props.minor) and props.major >= 3
    free, total = cuda.mem_get_info()
    assert 0 < free <= total == props.total_memory
    before = cuda.memory_allocated()
    x = minigrad.ones(2 ** 20, device="cuda")
    assert cuda.memory_allocated() >= before + x.numel() * 4 and cuda.memory_reserved() >= cuda.memory_allocated()
    with cuda.device(0):
        assert cuda.current_device() == 0
    assert cuda.is_initialized()


@pytest.mark.cuda
@pytest.mark.skipif(not minigrad.cuda.is_available(), reason="needs CuPy and a GPU")
def test_cuda_roundtrip_and_device_mixing_errors():
    x = minigrad.tensor([1.0, 2.0], requires_grad=True)
    y = x.cuda()
    assert y.device.type == "cuda" and y.is_cuda
    (y * 3).sum().backward()
    assert x.grad.tolist() == [3.0, 3.0] and x.grad.device.type == "cpu"
    with pytest.raises(TypeError, match="cuda.*Tensor.cpu"):
        y.numpy()
    with pytest.raises(RuntimeError, match="same device"):
        y + minigrad.ones(2)
    assert (y + minigrad.tensor(1.0)).tolist() == [2.0, 3.0]      # a 0-d CPU tensor joins like a number
    assert y.cpu().tolist() == [1.0, 2.0]
    minigrad.manual_seed(3)
    a = minigrad.randn(3, device="cuda").tolist()
    minigrad.manual_seed(3)
    assert minigrad.randn(3, device="cuda").tolist() == a


def test_pickle_and_save_load(tmp_path):
    x = minigrad.tensor([1.0, 2.0], requires_grad=True)
    y = pickle.loads(pickle.dumps(x))
    assert y.tolist() == [1.0, 2.0] and y.requires_grad
    minigrad.save({"w": x}, tmp_path / "w.pt")
    assert minigrad.load(tmp_path / "w.pt")["w"].tolist() == [1.0, 2.0]


def test_iteration_len_bool_and_hash():
    t = minigrad.tensor([[1, 2], [3, 4]])
    assert len(t) == 2 and [r.tolist() for r in t] == [[1, 2], [3, 4]]
    assert bool(minigrad.tensor([1])) and {t: 1}[t] == 1
    with pytest.raises(RuntimeError, match="ambiguous"):
        bool(t)
    assert (t == None) is False  # noqa: E711


def test_numpy_array_operands_and_numpy_scalars():
    t = minigrad.tensor([1.0, 2.0])
    assert (t * np.float64(2)).dtype == minigrad.float32
    assert (np.float32(2) * t).tolist() == [2.0, 4.0]
    assert (t + np.array([1.0, 1.0], np.float32)).tolist() == [2.0, 3.0]      # (NumPy computes it, as torch 2.13)
    with pytest.raises(TypeError):
        np.array([1.0, 1.0], np.float32) + t              # (torch 2.13's reflected operators refuse arrays)


def test_inplace_family_under_no_grad():
    p = minigrad.ones(3, requires_grad=True)
    g = minigrad.tensor([1.0, 2.0, 3.0])
    with minigrad.no_grad():
        p.add_(g, alpha=-0.5)
        p.mul_(2).sub_(1)
        p.addcmul_(g, g, value=0.5).addcdiv_(g, g + 1, value=2)
        p.clamp_(min=0.0)
        p.lerp_(g, 0.5)
    t = torch.ones(3)
    tg = torch.tensor([1.0, 2.0, 3.0])
    t.add_(tg, alpha=-0.5); t.mul_(2).sub_(1); t.addcmul_(tg, tg, value=0.5).addcdiv_(tg, tg + 1, value=2)
    t.clamp_(min=0.0); t.lerp_(tg, 0.5)
    np.testing.assert_allclose(p.detach().numpy(), t.numpy(), rtol=1e-6)
    assert p._version == 7


def test_zero_fill_copy():
    x = minigrad.ones(2, 2)
    x.zero_()
    assert x.sum().item() == 0
    x.fill_(3)
    x.copy_(minigrad.tensor([1.0, 2.0]))
    assert x.tolist() == [[1.0, 2.0], [1.0, 2.0]]
    x.masked_fill_(x > 1, 0.0)
    assert x.tolist() == [[1.0, 0.0], [1.0, 0.0]]


def test_copy_into_tensor_with_gradient(device):
    def f(t, a, b):
        y = a * 1
        y.copy_(b)
        return y * a
    check(f, rand(3, seed=1), rand(3, seed=2), device=device)


def test_keep_freed_memory_switch():
    """On Linux with glibc the allocator tuning takes effect (and can be switched off again)."""
    import platform
    import sys
    from minigrad.fast import allocator
    on_glibc = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"
    assert allocator.keep_freed_memory(False) is on_glibc
    assert allocator.keep_freed_memory(True) is on_glibc


def test_layout_and_to_dense_as_torch():
    import torch
    for lib in (minigrad, torch):
        x = lib.ones(2, 3)
        assert x.layout == lib.strided and repr(x.layout) == "torch.strided"
        assert x.to_dense() is x and x.to_dense(lib.float32) is x
        d = x.to_dense(lib.float64)
        assert d.dtype == lib.float64 and d.shape == x.shape and d is not x
    import pickle
    assert pickle.loads(pickle.dumps(minigrad.strided)) is minigrad.strided
