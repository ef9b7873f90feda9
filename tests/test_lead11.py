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
