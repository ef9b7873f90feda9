"""The device and defaults API scripts call first (torch.accelerator, torch.backends, set_default_device,
deterministic / precision / thread switches), compared with torch on this machine."""
import warnings

import pytest
import torch

import minigrad
from minigrad import backend

HAS_CUDA = minigrad.cuda.is_available()


@pytest.mark.skipif(HAS_CUDA, reason="minigrad has a GPU here (see test_accelerator_on_a_gpu)")
def test_accelerator_without_a_gpu_says_none():
    """With no usable GPU minigrad says so: no accelerator, no devices, and the calls that need one raise
    torch's RuntimeError ("Cannot access accelerator device when none is available.")."""
    acc = minigrad.accelerator
    assert acc.is_available() is False
    assert acc.current_accelerator() is None
    assert acc.current_accelerator(check_available=True) is None
    assert acc.device_count() == 0
    for name in ("current_device_index", "synchronize"):
        with pytest.raises(RuntimeError, match="^Cannot access accelerator device when none is available"):
            getattr(acc, name)()


@pytest.mark.skipif(HAS_CUDA or torch.cuda.is_available(), reason="compares the answers on a machine without a GPU")
def test_accelerator_answers_as_torch_on_a_cpu_machine():
    assert minigrad.accelerator.is_available() is torch.accelerator.is_available() is False
    assert minigrad.accelerator.device_count() == 0 == torch.accelerator.device_count()
    assert minigrad.accelerator.current_accelerator(check_available=True) is None
    assert torch.accelerator.current_accelerator(check_available=True) is None
    built = torch.accelerator.current_accelerator()
    if built is not None:
        # a CUDA (or other accelerator) build of torch names its build's device type even with no device
        # present, and its device calls raise the driver's error; minigrad, with no GPU, says None
        pytest.skip(f"torch {torch.__version__} is a {built.type} build without a {built.type} device: "
                    f"torch.accelerator.current_accelerator() is {built}, minigrad's is None")
    assert minigrad.accelerator.current_accelerator() is None
    for name in ("current_device_index", "synchronize"):
        with pytest.raises(RuntimeError) as t:
            getattr(torch.accelerator, name)()
        with pytest.raises(RuntimeError) as m:
            getattr(minigrad.accelerator, name)()
        assert str(m.value).startswith(str(t.value))


@pytest.mark.skipif(not HAS_CUDA, reason="needs CuPy and a GPU")
def test_accelerator_on_a_gpu():
    assert minigrad.accelerator.current_accelerator() == minigrad.device("cuda")
    assert minigrad.accelerator.device_count() >= 1
    assert minigrad.accelerator.current_device_index() == 0
    minigrad.accelerator.synchronize()


def test_the_idiomatic_device_pick_runs():
    dev = (minigrad.accelerator.current_accelerator().type if minigrad.accelerator.is_available()
           else "mps" if minigrad.backends.mps.is_available() else "cpu")
    assert minigrad.ones(2, device=dev).sum().item() == 2.0


def test_backends_flags_as_torch():
    assert minigrad.backends.mps.is_available() is False
    assert minigrad.backends.mps.is_built() is False
    for mod, names in [("cudnn", ["enabled", "benchmark", "deterministic", "allow_tf32"]),
                       ("cuda.matmul", ["allow_tf32"])]:
        for n in names:
            t = getattr(eval(f"torch.backends.{mod}"), n)
            m = getattr(eval(f"minigrad.backends.{mod}"), n)
            assert m == t, (mod, n)


def test_backends_flags_are_settable_and_scoped():
    cudnn = minigrad.backends.cudnn
    cudnn.benchmark = True
    cudnn.deterministic = True
    minigrad.backends.cuda.matmul.allow_tf32 = True
    assert cudnn.benchmark and cudnn.deterministic and minigrad.backends.cuda.matmul.allow_tf32
    with cudnn.flags(enabled=False, benchmark=False):
        assert not cudnn.enabled and not cudnn.benchmark
    assert cudnn.enabled and cudnn.benchmark
    cudnn.benchmark = cudnn.deterministic = minigrad.backends.cuda.matmul.allow_tf32 = False


def test_default_device_roundtrip():
    assert minigrad.get_default_device() == minigrad.device("cpu")
    assert str(minigrad.get_default_device()) == str(torch.get_default_device())
    minigrad.set_default_device("cpu")
    assert minigrad.zeros(2).device == minigrad.device("cpu")
    minigrad.set_default_device(None)
    assert minigrad.get_default_device() == minigrad.device("cpu")


@pytest.mark.skipif(HAS_CUDA, reason="checks the error on a machine without CUDA")
def test_default_device_cuda_without_gpu_raises():
    with pytest.raises(RuntimeError, match="needs CUDA"):
        minigrad.set_default_device("cuda")
    assert minigrad.get_default_device() == minigrad.device("cpu")
    with pytest.raises(ValueError, match="unknown device type"):
        minigrad.set_default_device("foo")


@pytest.mark.skipif(not HAS_CUDA, reason="needs CuPy and a GPU")
def test_default_device_cuda_is_recorded():
    try:
        minigrad.set_default_device("cuda")
        assert minigrad.get_default_device().type == "cuda"
    finally:
        minigrad.set_default_device(None)


def test_deterministic_precision_and_threads_switches():
    assert minigrad.are_deterministic_algorithms_enabled() is torch.are_deterministic_algorithms_enabled()
    minigrad.use_deterministic_algorithms(True, warn_only=True)
    assert minigrad.are_deterministic_algorithms_enabled() and minigrad.is_deterministic_algorithms_warn_only_enabled()
    minigrad.use_deterministic_algorithms(False)
    with pytest.raises(TypeError, match="must be bool"):
        minigrad.use_deterministic_algorithms(1)
    assert minigrad.get_float32_matmul_precision() == torch.get_float32_matmul_precision()
    minigrad.set_float32_matmul_precision("high")
    assert minigrad.get_float32_matmul_precision() == "high"
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        minigrad.set_float32_matmul_precision("low")
    assert w and minigrad.get_float32_matmul_precision() == "high"
    minigrad.set_float32_matmul_precision("highest")
    assert minigrad.get_num_threads() >= 1
    with pytest.raises(RuntimeError, match="positive integer"):
        minigrad.set_num_threads(0)


def test_default_dtype_api_as_torch():
    assert minigrad.get_default_dtype() == minigrad.float32
    minigrad.set_default_dtype(minigrad.float64)
    try:
        assert minigrad.tensor(1.5).dtype == minigrad.float64
        assert minigrad.zeros(2).dtype == minigrad.float64
    finally:
        minigrad.set_default_dtype(minigrad.float32)
    with pytest.raises(TypeError):
        minigrad.set_default_dtype(minigrad.int64)
    assert backend.as_device("cpu") == minigrad.get_default_device()
