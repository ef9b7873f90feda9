"""Round eleven's smaller fixes from the lead, each against torch."""
from __future__ import annotations

import os
import subprocess
import sys
import types

import pytest
import torch

import minigrad


def _submodules(code):
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=dict(os.environ),
                         timeout=120)
    assert out.returncode == 0, out.stderr
    return set(out.stdout.split())


def test_utils_submodules_loaded_with_the_package_as_torch():
    """``torch.utils.checkpoint.checkpoint(...)`` and ``torch.utils.hooks`` work right after ``import torch``
    (no ``import torch.utils.checkpoint`` needed), in a fresh process."""
    code = ("import {lib}, types; print(' '.join(n for n, v in vars({lib}.utils).items() "
            "if isinstance(v, types.ModuleType) and not n.startswith('_')))")
    theirs = _submodules(code.format(lib="torch"))
    ours = _submodules(code.format(lib="minigrad"))
    for name in ("checkpoint", "data", "hooks"):
        assert name in theirs and name in ours, name
    assert isinstance(torch.utils.checkpoint, types.ModuleType)


def test_torch_submodule_paths_resolve_after_import():
    """Every path below works as an attribute chain right after ``import torch``, in torch and in minigrad."""
    paths = ["utils.checkpoint.checkpoint", "utils.hooks.RemovableHandle", "utils.data.distributed.DistributedSampler",
             "utils.data.sampler.RandomSampler", "utils.data.dataloader.DataLoader", "utils.data.dataset.Dataset",
             "nn.DataParallel", "nn.parallel.DistributedDataParallel", "nn.attention.sdpa_kernel",
             "nn.attention.SDPBackend", "nn.common_types", "nn.modules.utils._pair", "profiler.profile",
             "profiler.record_function", "autograd.profiler.profile", "autograd.profiler.record_function"]
    code = ("import {lib}, functools\nfor p in {paths!r}:\n    functools.reduce(getattr, p.split('.'), {lib})\n"
            "print('ok')")
    for lib in ("torch", "minigrad"):
        assert _submodules(code.format(lib=lib, paths=paths)) == {"ok"}, lib


def test_data_parallel_on_one_device_as_torch():
    import numpy as np
    outs = []
    for lib in (torch, minigrad):
        lib.manual_seed(0)
        m = lib.nn.Sequential(lib.nn.Linear(3, 2), lib.nn.ReLU())
        dp = lib.nn.DataParallel(m)
        x = lib.tensor(np.arange(12.0, dtype=np.float32).reshape(4, 3) / 7)
        outs.append((repr(dp), list(dp.state_dict()), [n for n, _ in dp.named_parameters()], dp.module is m,
                     dp.device_ids, bool((dp(x) == m(x)).all())))
        with pytest.raises(ValueError, match="Default process group has not been initialized"):
            lib.nn.parallel.DistributedDataParallel(m)
        with pytest.raises(RuntimeError, match="device type could not be determined"):
            lib.nn.parallel.data_parallel(m, x)
    assert outs[0] == outs[1]


def test_distributed_sampler_gives_torchs_shares():
    configs = [dict(num_replicas=3, rank=1), dict(num_replicas=3, rank=2, shuffle=False, drop_last=True),
               dict(num_replicas=3, rank=0, shuffle=False), dict(num_replicas=4, rank=3, seed=5),
               dict(num_replicas=3, rank=1, drop_last=True)]
    for kw in configs:
        got = []
        for lib in (torch, minigrad):
            s = lib.utils.data.distributed.DistributedSampler(list(range(10)), **kw)
            first = list(s)
            s.set_epoch(3)
            got.append((first, list(s), len(s)))
        assert got[0] == got[1], kw
    for lib in (torch, minigrad):
        with pytest.raises(ValueError, match="Invalid rank 3"):
            lib.utils.data.distributed.DistributedSampler(list(range(10)), num_replicas=3, rank=3)


MAX_MIN_CALLS = ["x.max(dim=lib.tensor(1))", "lib.max(x, dim=lib.tensor(0))", "x.max(lib.tensor(3.0))",
                 "x.min(dim=lib.tensor(1), keepdim=True)", "x.max(1, True)", "lib.max(x)", "x.max(other=lib.tensor(4.))",
                 "x.min(0)", "lib.min(x, lib.tensor([[2.0], [6.0]]))", "x.max(dim=1, keepdim=False)"]


@pytest.mark.parametrize("call", MAX_MIN_CALLS)
def test_max_min_overloads_as_torch(call):
    """A tensor in dim's place is ``other`` (elementwise); ``dim=`` by keyword is a dim, also as a 0-d integer
    tensor (it was read as ``other``: a silent elementwise maximum)."""
    import numpy as np
    got = []
    for lib in (torch, minigrad):
        x = lib.tensor([[1.0, 5.0], [7.0, 2.0]], requires_grad=True)
        r = eval(call, {"lib": lib, "x": x})
        values = r if isinstance(r, lib.Tensor) else r[0]
        values.backward(lib.tensor(np.arange(1.0, 1.0 + values.numel()).reshape(tuple(values.shape))))
        got.append((values.tolist(), None if isinstance(r, lib.Tensor) else r[1].tolist(), x.grad.tolist()))
    assert got[0] == got[1]


@pytest.mark.parametrize("bad", ["x.max(dim=lib.tensor([1]))", "x.max(dim=lib.tensor(1.0))", "x.max(1, True, 3)",
                                 "x.max(1, dim=0)", "x.max(lib.tensor(1.), keepdim=True)"])
def test_max_bad_overloads_raise_type_error_as_torch(bad):
    for lib in (torch, minigrad):
        x = lib.tensor([[1.0, 5.0], [7.0, 2.0]])
        with pytest.raises(TypeError):
            eval(bad, {"lib": lib, "x": x})


@pytest.mark.parametrize("call", ["x.dot(3)", "lib.dot(x, [1, 2, 3])", "m.mm(2.0)", "lib.mm(m, None)", "b.bmm(1)",
                                  "x.expand_as(3)", "x.view_as(None)", "lib.mv(m, 1)", "x.inner(2)", "x.vdot(2)"])
def test_non_tensor_operands_raise_type_error_naming_the_argument(call):
    """A number, list or None where a product or shape op wants a tensor is torch's TypeError (it was an
    AttributeError about ``.ndim``/``.shape``)."""
    messages = []
    for lib in (torch, minigrad):
        env = {"lib": lib, "x": lib.ones(3), "m": lib.ones(2, 3), "b": lib.ones(2, 3, 3)}
        with pytest.raises(TypeError) as info:
            eval(call, env)
        messages.append(str(info.value))
    name = messages[0].split("argument '")[1].split("'")[0]         # torch's name for the argument
    assert f"argument '{name}'" in messages[1] and "must be Tensor" in messages[1]
