"""Whole small programs (round fifteen), written in the style of well-known tutorials and textbook examples, run
unchanged under torch and under the import swap (``import minigrad as torch``, ``import minigrad.nn as nn``, ...).
Each program in tests/programs15/ prints what its tutorial prints (losses, shapes, values); the two printouts must
agree: the same text, and every number within a small tolerance."""
from __future__ import annotations

import contextlib
import io
import math
import pathlib
import re
import sys
import types
import warnings

import numpy as np
import pytest
import torch

import minigrad
from tests.helpers import check

HERE = pathlib.Path(__file__).parent / "programs15"
PROGRAMS = sorted(p.name for p in HERE.glob("p*.py"))
NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?|nan|inf")


def swap_imports(source):
    """The program with each ``import torch...`` / ``from torch... import`` line pointed at minigrad."""
    source = re.sub(r"^(\s*)import torch\s*$", r"\1import minigrad as torch", source, flags=re.M)
    return re.sub(r"^(\s*)(import|from) torch\b", r"\1\2 minigrad", source, flags=re.M)


def run(name, lib, here=HERE):
    """The program's printout under ``lib`` ("torch" or "minigrad"); an exception's class and message otherwise.
    The program (in the folder ``here``) runs as a module of its own (its classes pickle, torch.jit reads its
    source from its file)."""
    path = here / name
    source = path.read_text(encoding="utf-8")
    if lib == "minigrad":
        source = swap_imports(source)           # (line for line: the file's lines still describe the code)
    module = types.ModuleType(f"{here.name}_{path.stem}")
    module.__file__ = str(path)
    sys.modules[module.__name__] = module
    out = io.StringIO()
    with warnings.catch_warnings(), contextlib.redirect_stdout(out):
        warnings.simplefilter("ignore")
        try:
            exec(compile(source, str(path), "exec"), module.__dict__)
        except Exception as e:  # noqa: BLE001 -- a crash is reported as the program's last line
            print(f"CRASH {type(e).__name__}: {e}")
        finally:
            del sys.modules[module.__name__]
    return out.getvalue()


def compare(t, m, rtol=2e-4, atol=2e-5):
    """'identical', 'close' (every number within rtol/atol, the words the same), or 'different'/'crash'."""
    if "CRASH" in m:
        return "crash"
    if t == m:
        return "identical"
    tn, mn = NUMBER.findall(t), NUMBER.findall(m)
    words = [re.sub(r"\s+", "", NUMBER.sub("#", s)) for s in (t, m)]     # (a sign takes a padding space's place)
    if words[0] != words[1] or len(tn) != len(mn):
        return "different"
    for a, b in zip(tn, mn):
        a, b = float(a), float(b)
        if not (a == b or abs(a - b) <= atol + rtol * abs(a) or math.isnan(a) and math.isnan(b)):
            return "different"
    return "close"


def assert_prints_as_torch(name, here=HERE):
    """The program ``here/name`` runs under torch and prints the same under minigrad (the same, or close)."""
    t, m = run(name, "torch", here), run(name, "minigrad", here)
    assert "CRASH" not in t, t
    assert compare(t, m) in ("identical", "close"), f"--- torch\n{t}\n--- minigrad\n{m}"


def assert_all_swap(here, programs, least):
    """At least ``least`` programs, and the swap leaves none of their lines importing torch."""
    assert len(programs) >= least
    for name in programs:
        swapped = swap_imports((here / name).read_text(encoding="utf-8"))
        assert not re.search(r"^\s*(import|from) torch\b", swapped, flags=re.M), name
        assert "minigrad" in swapped, name


@pytest.mark.parametrize("name", PROGRAMS)
def test_program_prints_what_torch_prints(name):
    assert_prints_as_torch(name)


def test_the_programs_are_there_and_swap_every_import():
    assert_all_swap(HERE, PROGRAMS, 40)


def test_the_comparison_tells_close_from_different():
    assert compare("loss 1.000000\n", "loss 1.000000\n") == "identical"
    assert compare("tensor([ 0.5000, nan])", "tensor([0.50001, nan])") == "close"
    assert compare("loss 1.0000", "loss 1.0100") == "different"
    assert compare("[0, 1]", "[1, 0]") == "different"
    assert compare("SumBackward0", "MatmulBackward0") == "different"
    assert compare("ok", "CRASH TypeError: no") == "crash"


# --------------------------------------------------------------------------- what the programs needed
def _both(build):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return build(torch), build(minigrad)


def test_func_linearize_gives_the_output_and_a_jvp_function_as_torch():
    def build(lib):
        x = lib.tensor([0.5, -1.0, 2.0], requires_grad=True)
        out, jvp_fn = lib.func.linearize(lambda a, b: (a.sin() * b, a + b), x, lib.tensor([1.0, 2.0, 3.0]))
        t1, t2 = jvp_fn(lib.ones(3), lib.tensor([0.0, 1.0, -1.0]))
        try:
            jvp_fn(lib.ones(2), lib.ones(3))
            refused = None
        except RuntimeError as e:
            refused = str(e)
        return (out[0].requires_grad, [np.round(t.detach().numpy(), 5).tolist() for t in (*out, t1, t2)],
                refused)
    t, m = _both(build)
    assert m == t


def test_unpack_dual_primal_requires_grad_only_where_torchs_does():
    def build(lib):
        fwad = lib.autograd.forward_ad
        w = lib.tensor([2.0, 3.0], requires_grad=True)
        with fwad.dual_level():
            d = fwad.make_dual(lib.tensor([1.0, -1.0]), lib.tensor([1.0, 0.5]))
            alone, with_w = fwad.unpack_dual(d.exp() * 2), fwad.unpack_dual(d * w)
            return (alone.primal.requires_grad, alone.primal.grad_fn is None, with_w.primal.requires_grad,
                    np.round(alone.tangent.detach().numpy(), 5).tolist(), with_w.tangent.detach().tolist())
    t, m = _both(build)
    assert m == t


def test_as_strided_of_a_contiguous_tensor_is_a_view_as_torch():
    """Sliding-window and "tensor internals" code: writes through as_strided reach the base, the strides are
    the ones asked for, and in-place changes of the view rewrite the graph (CopySlices) as torch's."""
    def build(lib):
        b = lib.arange(6.0)
        s = b.as_strided((2, 2), (1, 2))
        s[0, 0] = 100
        with lib.no_grad():
            b.as_strided((2,), (3,), 1).zero_()
        x = lib.arange(6.0, requires_grad=True)
        y = x * 1
        w = y.as_strided((3, 2), (1, 1), 1)
        (w * lib.arange(6.0).view(3, 2)).sum().backward()
        first = x.grad.tolist()
        x.grad = None
        y = x * 1
        y.as_strided((2, 2), (2, 1)).mul_(3)
        (y * lib.arange(6.0)).sum().backward()
        return (b.tolist(), s.tolist(), s._base is b, s.stride(), s.is_contiguous(), w.grad_fn.name(), first,
                y.tolist(), y.grad_fn.name(), x.grad.tolist())
    t, m = _both(build)
    assert m == t
    x = np.random.default_rng(3).standard_normal(7)
    check(lambda lib, a: (a * 1).as_strided((3, 3), (2, 1)), x)


def test_gradgradcheck_takes_grad_outputs_and_draws_its_own_as_torch():
    """gradgradcheck(func, inputs, grad_outputs) as torch's signature; without grad_outputs it draws them from the
    global generator as torch does, so a seeded script's later random numbers (a model's init) stay torch's."""
    def build(lib):
        x = lib.tensor([[0.3, -1.2], [2.0, 0.5]], dtype=lib.float64, requires_grad=True)
        got = []
        for args in [(), ((lib.ones(2, 2, dtype=lib.float64), lib.full((2,), 0.5, dtype=lib.float64)),)]:
            lib.manual_seed(0)
            got.append(lib.autograd.gradgradcheck(lambda t: (t.sin() * t, t.exp().sum(1)), (x,), *args))
            got.append(np.round(lib.rand(3).numpy(), 6).tolist())
        return got
    t, m = _both(build)
    assert m == t


def test_jacrev_jacfwd_hessian_over_a_dict_of_parameters_as_torch():
    """The neural-tangent-kernel and per-sample tutorials differentiate a dict of parameters: the Jacobian is a
    dict of the same keys (a tuple of dicts for several outputs, a dict of dicts for a Hessian)."""
    def build(lib):
        func = lib.func
        p = {"a": lib.tensor([1.0, 2.0]), "b": lib.tensor(3.0)}
        x = lib.tensor([0.5, -1.0])

        def f(p, x):
            return (p["a"] * x * p["b"]).sin()

        def flat(tree, path=()):
            if isinstance(tree, dict):
                return [e for k, v in tree.items() for e in flat(v, path + (k,))]
            if isinstance(tree, (tuple, list)):
                return [e for i, v in enumerate(tree) for e in flat(v, path + (i,))]
            return [(path, tuple(tree.shape), np.round(tree.detach().numpy(), 5).tolist())]
        return [flat(j) for j in (func.jacrev(f)(p, x), func.jacrev(f, argnums=(0, 1))(p, x),
                                  func.jacrev(lambda p, x: (f(p, x), f(p, x).sum()))(p, x), func.jacfwd(f)(p, x),
                                  func.hessian(lambda p: f(p, x).sum())(p))]
    t, m = _both(build)
    assert repr(m).replace("-0.0", "0.0") == repr(t).replace("-0.0", "0.0")


if __name__ == "__main__":                      # python tests/test_programs15.py [-v] [names]: the verdicts
    verbose = "-v" in sys.argv
    for name in [n for n in PROGRAMS if any(a in n for a in sys.argv[1:] if a != "-v")] or PROGRAMS:
        t, m = run(name, "torch"), run(name, "minigrad")
        print(f"{compare(t, m):10s} {name}")
        if verbose and t != m:
            print(f"--- torch\n{t}--- minigrad\n{m}")
