"""minigrad.multiprocessing: tensors in shared memory, Hogwild training in other processes, spawn()."""
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest
import torch
import torch.multiprocessing  # noqa: F401  (registers torch's reductions)

import minigrad
import minigrad.multiprocessing as mp
from minigrad.multiprocessing import ForkingPickler

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
fork = pytest.mark.skipif(sys.platform != "linux", reason="fork and memfd_create are Linux's")


def test_share_memory_moves_numbers_and_keeps_them():
    t = minigrad.arange(6.).reshape(2, 3)
    assert not t.is_shared()
    assert t.share_memory_() is t
    assert t.is_shared() and t[1].is_shared()             # views of shared numbers are shared too
    np.testing.assert_array_equal(t.numpy(), np.arange(6.).reshape(2, 3))
    assert t.dtype == minigrad.float32
    t.add_(1)                                             # still writable, in place
    assert t[0, 0].item() == 1.0 and t.is_shared()


def test_module_share_memory_shares_parameters_buffers_and_grads():
    m = minigrad.nn.Sequential(minigrad.nn.Linear(3, 2), minigrad.nn.BatchNorm1d(2))
    m(minigrad.randn(4, 3)).sum().backward()
    params = list(m.parameters())
    assert m.share_memory() is m
    assert list(m.parameters()) == params                 # the same Parameter objects
    assert all(p.is_shared() and p.grad.is_shared() for p in params)
    assert m[1].running_mean.is_shared()


@fork
def test_hogwild_training_in_a_forked_process_updates_the_parents_model():
    """A worker trains the shared model in place; the parent sees what torch gets from the same steps."""
    ctx = mp.get_context("fork")
    torch.manual_seed(1)
    ref = torch.nn.Sequential(torch.nn.Linear(20, 16), torch.nn.ReLU(), torch.nn.Linear(16, 4))
    model = minigrad.nn.Sequential(minigrad.nn.Linear(20, 16), minigrad.nn.ReLU(), minigrad.nn.Linear(16, 4))
    model.load_state_dict({k: minigrad.tensor(v.numpy()) for k, v in ref.state_dict().items()})
    rng = np.random.default_rng(0)
    x, y = rng.standard_normal((32, 20)).astype(np.float32), rng.integers(0, 4, 32)
    model.share_memory()
    p = ctx.Process(target=_train, args=(minigrad, model, minigrad.tensor(x), minigrad.tensor(y)))
    p.start()
    p.join(60)
    assert p.exitcode == 0
    _train(torch, ref, torch.tensor(x), torch.tensor(y))
    for (k, a), b in zip(model.state_dict().items(), ref.state_dict().values()):
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-5, atol=1e-6, err_msg=k)


def _train(lib, model, x, y):
    opt = lib.optim.SGD(model.parameters(), lr=0.1, momentum=0.5)
    for _ in range(5):
        opt.zero_grad()
        lib.nn.functional.cross_entropy(model(x), y).backward()
        opt.step()


def test_pickling_for_another_process_refuses_a_non_leaf_that_requires_grad():
    x = minigrad.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError, match="Cowardly refusing to serialize non-leaf tensor"):
        ForkingPickler.dumps(x * 2)
    with pytest.raises(RuntimeError, match="Cowardly refusing to serialize non-leaf tensor"):
        ForkingPickler.dumps(torch.ones(2, requires_grad=True) * 2)   # (torch.multiprocessing registers on it too)


def test_a_tensor_pickled_for_another_process_is_moved_to_shared_memory_and_rebuilt_on_it():
    t = minigrad.nn.Parameter(minigrad.zeros(3))
    back = ForkingPickler.loads(ForkingPickler.dumps(t))  # same process: the descriptor is duplicated
    assert t.is_shared() and back.is_shared() and type(back) is type(t) and back.requires_grad
    with minigrad.no_grad():
        back[1] = 5.0
    assert t[1].item() == 5.0                             # one memory, two tensors
    view = minigrad.arange(10.)[2:8:2]
    got = ForkingPickler.loads(ForkingPickler.dumps(view))
    np.testing.assert_array_equal(got.numpy(), [2., 4., 6.])


def test_sharing_strategies_as_torch_names_them():
    assert mp.get_all_sharing_strategies() == torch.multiprocessing.get_all_sharing_strategies()
    assert mp.get_sharing_strategy() == "file_descriptor"
    mp.set_sharing_strategy("file_system")
    try:
        assert mp.get_sharing_strategy() == "file_system"
    finally:
        mp.set_sharing_strategy("file_descriptor")
    with pytest.raises(RuntimeError, match="unknown strategy"):
        mp.set_sharing_strategy("shm")


SPAWN_PROGRAM = textwrap.dedent("""
    import minigrad as torch
    import minigrad.multiprocessing as mp

    def worker(i, shared, fail):
        shared[i] = 10 + i
        if fail and i == 1:
            raise ValueError("boom in worker 1")

    def producer(q, done):
        q.put(torch.arange(6.).reshape(2, 3) * 2)
        done.wait()

    if __name__ == "__main__":
        mp.set_start_method("spawn", force=True)
        s = torch.zeros(4).share_memory_()
        mp.spawn(worker, args=(s, False), nprocs=2)
        print(s.tolist())
        try:
            mp.spawn(worker, args=(s, True), nprocs=2)
        except mp.ProcessRaisedException as e:
            print(e.error_index, "ValueError: boom in worker 1" in str(e))
        q, done = mp.Queue(), mp.Event()
        p = mp.Process(target=producer, args=(q, done))
        p.start()
        got = q.get()
        done.set()
        p.join()
        print(got.tolist(), got.is_shared(), p.exitcode)
""")


@fork
def test_spawned_processes_share_tensors_and_report_their_errors(tmp_path):
    (tmp_path / "prog.py").write_text(SPAWN_PROGRAM)
    env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
    out = subprocess.run([sys.executable, "prog.py"], cwd=tmp_path, env=env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == ["[10.0, 11.0, 0.0, 0.0]", "1 True",
                                       "[[0.0, 2.0, 4.0], [6.0, 8.0, 10.0]] True 0"]
