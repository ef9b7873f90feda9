"""minigrad.profiler / minigrad.autograd.profiler: torch's profiler interface over minigrad's own events."""
from __future__ import annotations

import json
import warnings

import numpy as np
import pytest
import torch

import minigrad
from minigrad.autograd.function import Op
from minigrad.autograd import profiler as autograd_profiler


def _model_step(lib, x, w):
    with lib.profiler.record_function("model_inference"):
        y = (x @ w).sum()
    return y


def test_ops_and_record_function_blocks_are_recorded_with_counts_and_nesting():
    x = minigrad.randn(16, 8)
    w = minigrad.randn(8, 4, requires_grad=True)
    with minigrad.profiler.profile(activities=[minigrad.profiler.ProfilerActivity.CPU], record_shapes=True) as prof:
        for _ in range(3):
            _model_step(minigrad, x, w)
    avg = {e.key: e for e in prof.key_averages()}
    assert avg["model_inference"].count == 3
    assert avg["matmul"].count == 3 and avg["sum"].count == 3
    block = [e for e in prof.events() if e.name == "model_inference"][0]
    assert {c.name for c in block.cpu_children} == {"matmul", "sum"}       # the ops inside the block
    assert all(c.cpu_parent is block for c in block.cpu_children)
    for e in prof.events():
        assert 0 <= e.self_cpu_time_total <= e.cpu_time_total
    # a block's self time is its total minus its children's
    assert block.self_cpu_time_total == pytest.approx(
        block.cpu_time_total - sum(c.cpu_time_total for c in block.cpu_children))
    shapes = prof.key_averages(group_by_input_shape=True)
    assert any(e.key == "matmul" and e.input_shapes == [[16, 8], [8, 4]] for e in shapes)


def test_table_has_torchs_columns_and_sorts():
    x = minigrad.randn(32, 32)
    with minigrad.profiler.profile() as prof:
        for _ in range(4):
            x @ x
        x.sum()
    table = prof.key_averages().table(sort_by="count", row_limit=5)     # (a time order would be a timing test)
    with torch.profiler.profile() as tprof:
        torch.ones(2) + 1
    theirs = tprof.key_averages().table(sort_by="cpu_time_total", row_limit=5)
    header = [line for line in theirs.splitlines() if "Name" in line][0].split()
    assert [line for line in table.splitlines() if "Name" in line][0].split() == header
    assert "Self CPU time total:" in table
    rows = [line.split() for line in table.splitlines() if line.strip().startswith(("matmul", "sum"))]
    assert rows[0][0] == "matmul" and rows[0][-1] == "4"          # sorted by calls: the 4 products first
    assert rows[1][0] == "sum" and rows[1][-1] == "1"
    by_time = prof.key_averages().table(sort_by="cpu_time_total")
    assert {"matmul", "sum"} <= {line.split()[0] for line in by_time.splitlines() if line.strip()}
    with pytest.raises(AttributeError, match="sort_by"):
        prof.key_averages().table(sort_by="no_such_column")


def test_values_unchanged_and_apply_restored():
    original = Op.__dict__["apply"]
    a = np.random.default_rng(0).standard_normal((5, 5))
    x = minigrad.tensor(a, requires_grad=True)
    with minigrad.autograd.profiler.profile(record_shapes=True) as prof:
        y = (x * x).relu().sum()
        y.backward()
    assert Op.__dict__["apply"] is original
    np.testing.assert_allclose(x.grad.numpy(), 2 * a)           # d/dx relu(x²) = 2x
    assert len(prof.function_events) > 0
    with autograd_profiler.profile(enabled=False) as off:
        x * x
    assert len(off.events()) == 0
    assert Op.__dict__["apply"] is original


def test_record_function_as_decorator_and_outside_a_profile():
    @minigrad.profiler.record_function("my_block")
    def f(t):
        return t * 2

    assert f(minigrad.ones(2)).tolist() == [2.0, 2.0]            # no profile open: nothing recorded, no error
    with minigrad.profiler.profile() as prof:
        f(minigrad.ones(2))
    assert [e.key for e in prof.key_averages() if e.key == "my_block"] == ["my_block"]
    with pytest.raises(TypeError):
        minigrad.profiler.record_function(3)


@pytest.mark.parametrize("kw", [dict(wait=1, warmup=1, active=2), dict(wait=0, warmup=1, active=1, repeat=2),
                                dict(wait=2, warmup=1, active=3, repeat=1, skip_first=2)])
def test_schedule_gives_torchs_actions(kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours, theirs = minigrad.profiler.schedule(**kw), torch.profiler.schedule(**kw)
    assert [ours(s).name for s in range(20)] == [theirs(s).name for s in range(20)]


def test_schedule_drives_recording_and_on_trace_ready_as_torch(tmp_path):
    kw = dict(wait=1, warmup=1, active=2, repeat=2)
    counts = []
    for lib in (torch, minigrad):
        calls = []
        x = lib.ones(4, 4)
        with lib.profiler.profile(schedule=lib.profiler.schedule(**kw),
                                  on_trace_ready=lambda p: calls.append(p.step_num)) as prof:
            for _ in range(10):
                x @ x
                prof.step()
        counts.append(calls)
    assert counts[1] == counts[0]
    handler = minigrad.profiler.tensorboard_trace_handler(str(tmp_path / "tb"))
    with minigrad.profiler.profile(schedule=minigrad.profiler.schedule(wait=0, warmup=1, active=1, repeat=1),
                                   on_trace_ready=handler) as prof:
        for _ in range(3):
            minigrad.ones(3).exp()
            prof.step()
    files = list((tmp_path / "tb").iterdir())
    assert len(files) == 1 and files[0].name.endswith(".pt.trace.json")
    trace = json.loads(files[0].read_text())
    assert trace["traceEvents"] and all(e["ph"] == "X" for e in trace["traceEvents"])


def test_export_chrome_trace(tmp_path):
    with minigrad.profiler.profile() as prof:
        with minigrad.profiler.record_function("outer"):
            minigrad.ones(3).exp()
    path = tmp_path / "trace.json"
    prof.export_chrome_trace(str(path))
    names = [e["name"] for e in json.loads(path.read_text())["traceEvents"]]
    assert "outer" in names and "exp" in names
