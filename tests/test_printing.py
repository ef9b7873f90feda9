"""A tensor prints as torch's does (digits, column widths, line breaks, summarising, suffixes) so that a script's
output reads the same under either library; ``set_printoptions`` as torch's. The library names differ only in
the prefix (minigrad.float64 / torch.float64)."""
import numpy as np
import pytest
import torch

import minigrad


def _cases(lib):
    rng = np.random.default_rng(0)
    t = lib.tensor
    return {
        "zeros30": lambda: lib.zeros(30), "zeros 3x30": lambda: lib.zeros(3, 30),
        "fractions": lambda: lib.arange(20.0).reshape(2, 10) / 7,
        "logits": lambda: t(rng.standard_normal((2, 10)).astype(np.float32)),
        "ints": lambda: lib.arange(40).reshape(2, 20), "big ints": lambda: t(rng.integers(-1000, 100000, (3, 12))),
        "-inf": lambda: t([0.0, float("-inf")]),
        "causal mask": lambda: t([[0.0, float("-inf"), float("-inf")], [0.0, 0.0, float("-inf")], [0.0, 0.0, 0.0]]),
        "nan": lambda: t([1.5, float("nan"), 2.0]), "sci": lambda: t([1e-5, 1.0, 3e4]), "big": lambda: t([1e9, 1.0]),
        "whole, wide range": lambda: t([1000.0, 1.0, 2e6]), "empty 2-D": lambda: lib.zeros(2, 0),
        "empty int": lambda: lib.zeros(0, dtype=lib.int64), "empty": lambda: lib.zeros(0), "scalar": lambda: t(3.25),
        "int scalar": lambda: t(7), "bool": lambda: t([True, False, True]), "all True": lambda: t([True, True]),
        "3-D": lambda: lib.arange(24.0).reshape(2, 3, 4), "4-D int": lambda: lib.arange(16).reshape(2, 2, 2, 2),
        "summarised": lambda: lib.arange(2000.0).reshape(40, 50), "summarised 1-D": lambda: lib.arange(1001),
        "summarised 3-D": lambda: lib.arange(3000.0).reshape(10, 10, 30),
        "float64": lambda: t([1.5, 2.0], dtype=lib.float64), "float16": lambda: t([1.5, 2.0], dtype=lib.float16),
        "int32": lambda: t([1, 2], dtype=lib.int32), "uint8": lambda: t([1, 200], dtype=lib.uint8),
        "negative": lambda: t([-1.5, 2.25, -300.125]), "random x100": lambda: t(rng.standard_normal((5, 7)) * 100),
        "tiny": lambda: t([1e-8, 2e-8]), "negative zero": lambda: t([-0.0, 1.0]),
        "wide 3-D": lambda: t(rng.standard_normal((3, 3, 25)).astype(np.float32)),
        "requires_grad": lambda: t([1.0, 2.0], requires_grad=True),
        # a suffix that would take the last line past 80 columns goes on a line of its own
        "float64 wide": lambda: t(rng.standard_normal((3, 4)) * 1e8),
        "float64 wide, grad_fn": lambda: t(rng.standard_normal((2, 4)) * 1e8, requires_grad=True) * 2,
        "wide, requires_grad": lambda: t(rng.standard_normal((2, 6)).astype(np.float32) * 1e5, requires_grad=True),
        "float16 wide": lambda: t(rng.standard_normal((2, 8)) * 100, dtype=lib.float16),
    }


def _plain(text):
    return text


@pytest.mark.parametrize("name", list(_cases(torch)))
def test_repr_as_torch(name):
    expected = repr(_cases(torch)[name]())
    got = repr(_cases(minigrad)[name]())
    assert _plain(got) == expected, f"\n{got}\n!=\n{expected}"


OPTIONS = [
    ({"precision": 2}, lambda lib: lib.tensor([1.23456, 2.5])),
    ({"precision": 2, "sci_mode": False}, lambda lib: lib.tensor([1e-5, 1.0, 3e4])),
    ({"sci_mode": True}, lambda lib: lib.tensor([1.5, 2.0])),
    ({"profile": "full"}, lambda lib: lib.arange(1002)),
    ({"profile": "short"}, lambda lib: lib.arange(2000.0).reshape(40, 50)),
    ({"linewidth": 40}, lambda lib: lib.arange(30.0) / 3),
    ({"threshold": 5, "edgeitems": 1}, lambda lib: lib.arange(30.0).reshape(5, 6)),
    ({"threshold": 5, "edgeitems": 0}, lambda lib: lib.arange(30.0).reshape(5, 6)),
]


@pytest.mark.parametrize("options, make", OPTIONS, ids=[str(o) for o, _ in OPTIONS])
def test_set_printoptions_as_torch(options, make):
    try:
        torch.set_printoptions(**options)
        expected = repr(make(torch))
        minigrad.set_printoptions(**options)
        got = repr(make(minigrad))
    finally:
        torch.set_printoptions(profile="default")
        minigrad.set_printoptions(profile="default")
    assert _plain(got) == expected, f"\n{got}\n!=\n{expected}"


def test_default_dtype_is_not_printed():
    previous = minigrad.get_default_dtype()
    try:
        minigrad.set_default_dtype(minigrad.float64)
        assert repr(minigrad.tensor([1.5])) == "tensor([1.5000])"
        assert repr(minigrad.tensor([1.5], dtype=minigrad.float32)) == "tensor([1.5000], dtype=torch.float32)"
        assert repr(minigrad.zeros(0)) == "tensor([])"
    finally:
        minigrad.set_default_dtype(previous)


def test_unknown_profile_changes_nothing_as_torch():
    before = repr(minigrad.arange(2000.0))
    torch.set_printoptions(profile="long")
    minigrad.set_printoptions(profile="long")
    assert repr(minigrad.arange(2000.0)) == before == repr(torch.arange(2000.0)).replace("torch", "minigrad")


@pytest.mark.parametrize("code", ["x.max(1)", "x.min(0, keepdim=True)", "x.sort(1)", "x.topk(1)", "x.median(0)",
                                  "x.aminmax()", "x.cummax(0)", "x.kthvalue(1, 1)", "x.mode(1)"])
def test_named_results_print_as_torch(code):
    """(values, indices)-style results print as torch.return_types.<op>(...), one field per line."""
    got, expected = (repr(eval(code, {"x": lib.tensor([[1.0, 3.0], [5.0, 2.0]])})) for lib in (minigrad, torch))
    assert _plain(got) == expected
    assert type(eval(code, {"x": minigrad.ones(2, 2)})).__name__ == type(eval(code, {"x": torch.ones(2, 2)})).__name__


def test_named_results_pickle_and_are_types_of_return_types():
    import pickle
    x = minigrad.tensor([[1.0, 3.0], [5.0, 2.0]])
    for r in (x.max(1), x.sort(), x.topk(1), minigrad.frexp(x), x.median(0)):
        back = pickle.loads(pickle.dumps(r))
        assert type(back) is type(r) and isinstance(r, getattr(minigrad.return_types, type(r).__name__))
        np.testing.assert_array_equal(back[0].numpy(), r[0].numpy())
