"""A Python number stored into an integer tensor, by every path that stores one (full, full_like, new_full,
fill_, x[i] = v, masked_fill(_), index_fill, clamp with int bounds, arange), compared with torch: a value that
does not fit (NaN, inf, out of the dtype's range) raises torch's RuntimeError "value cannot be converted to type
... without overflow"; a negative int wraps into uint8 down to -255 (-1 is 255); a fitting float is truncated."""
import warnings

import numpy as np
import pytest
import torch

import minigrad
from helpers import TORCH_VERSION

PATHS = {
    "full": "R = lib.full((2,), V, dtype=D)",
    "full_like": "R = lib.full_like(lib.zeros(2, dtype=D), V)",
    "new_full": "R = lib.zeros(2, dtype=D).new_full((2,), V)",
    "fill_": "R = lib.zeros(2, dtype=D).fill_(V)",
    "setitem": "R = lib.zeros(2, dtype=D); R[0] = V",
    "masked_fill": "R = lib.zeros(2, dtype=D).masked_fill(lib.tensor([True, False]), V)",
    "masked_fill_": "R = lib.zeros(2, dtype=D); R.masked_fill_(lib.tensor([True, False]), V)",
    "index_fill": "R = lib.zeros(2, dtype=D).index_fill(0, lib.tensor([0]), V)",
    "tensor": "R = lib.tensor([V], dtype=D)",
}
DTYPES = ["uint8", "int8", "int16", "int32", "int64", "bool"]
VALUES = ["256.0", "256", "-1", "-1.0", "-0.5", "300", "float('nan')", "float('inf')", "-float('inf')", "-129",
          "-128.9", "-255", "-256", "1.5", "2**31", "2**63-1", "True", "1e20", "127.0", "-128", "65536"]

# torch >= 2.14 truncates a float below max + 1 into the dtype (255.5 into uint8 is 255); torch 2.13 refused
# it (v <= max). minigrad follows the newer torch everywhere (as tensor() did before this round).
NEWER_TORCH = {("uint8", "255.5"): 255, ("int8", "127.5"): 127}


def _outcome(lib, code):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        env = {"lib": lib}
        try:
            exec(code, env)
            return "value", env["R"]
        except Exception as e:  # noqa: BLE001 -- the class is what is compared
            return "error", e


def _compare(code):
    (tk, t), (mk, m) = _outcome(torch, code), _outcome(minigrad, code)
    assert mk == tk, f"{code}: torch gave {tk} {t!r}, minigrad {mk} {m!r}"
    if tk == "error":
        assert type(m) is type(t), f"{code}: minigrad {m!r} vs torch {t!r}"
        if "without overflow" in str(t):
            assert "without overflow" in str(m) and str(t).split()[5] in str(m), f"{code}: {m}"
    else:
        assert str(m.dtype).split(".")[-1] == str(t.dtype).split(".")[-1]
        np.testing.assert_array_equal(m.numpy(), t.numpy(), err_msg=code)


@pytest.mark.parametrize("path", list(PATHS))
@pytest.mark.parametrize("dtype", DTYPES)
def test_number_into_integer_dtype_as_torch(path, dtype):
    for v in VALUES:
        _compare(PATHS[path].replace("V", v).replace("D", "lib." + dtype))


@pytest.mark.parametrize("path", [p for p in PATHS if p != "tensor"])
@pytest.mark.parametrize("value", ["2**63", "2**64", "-2**63-1"])
def test_ints_beyond_int64_raise_as_torch(path, value):
    """torch: RuntimeError for 2**63 .. 2**64-1, OverflowError beyond (ValueError in x[i] = v)."""
    _compare(PATHS[path].replace("V", value).replace("D", "lib.int32"))


@pytest.mark.parametrize("path", list(PATHS))
@pytest.mark.parametrize("dtype, value", list(NEWER_TORCH))
def test_fraction_just_above_max_follows_newer_torch(path, dtype, value):
    code = PATHS[path].replace("V", value).replace("D", "lib." + dtype)
    kind, m = _outcome(minigrad, code)
    assert kind == "value" and m.numpy()[0] == NEWER_TORCH[dtype, value], f"{code}: {m!r}"
    if TORCH_VERSION < (2, 14):
        assert _outcome(torch, code)[0] == "error"
    else:
        _compare(code)


@pytest.mark.parametrize("code", [
    "R = lib.zeros(2, dtype=lib.uint8).clamp(min=256)", "R = lib.zeros(2, dtype=lib.uint8).clamp(min=-1)",
    "R = lib.zeros(2, dtype=lib.uint8).clamp(min=-129, max=200)", "R = lib.zeros(2, dtype=lib.int8).clamp(max=2**31)",
    "R = lib.zeros(2, dtype=lib.int16).clamp(min=2**63)", "R = lib.zeros(2, dtype=lib.uint8).clamp(min=1.5)",
    "R = lib.zeros(2, dtype=lib.bool).clamp(min=True)", "R = lib.zeros(2, dtype=lib.bool).clamp(min=0)",
    "R = lib.arange(0, 1e20, 1e19, dtype=lib.int32)", "R = lib.arange(0, 1e20, 1e19, dtype=lib.int64)",
    "R = lib.arange(0, 300, 50, dtype=lib.uint8)", "R = lib.arange(-5, 5, dtype=lib.int8)",
    "R = lib.zeros(2, dtype=lib.int16).add(-2**63-1)", "R = lib.zeros(2, dtype=lib.uint8).add(300)",
    "R = lib.zeros(2, dtype=lib.int64); R += 2**64",
    "R = lib.full((2,), 5, dtype=lib.uint8).clamp(min=-1, max=3)",
    "R = lib.full((2,), 5, dtype=lib.int8).clamp(min=-300, max=300)",
    "R = lib.full((2,), 5, dtype=lib.uint8).clamp(max=-1)", "R = lib.full((2,), 5, dtype=lib.int8).clamp(min=300)",
])
def test_clamp_arange_and_add_with_big_ints_as_torch(code):
    if TORCH_VERSION < (2, 15) and code in CLAMP_2_15:
        kind, expected = CLAMP_2_15[code]
        mk, m = _outcome(minigrad, code)
        assert mk == kind, f"{code}: minigrad gave {mk} {m!r}"
        if kind == "error":
            assert type(m) is RuntimeError and "clamp" in str(m) and "outside the representable range" in str(m)
        else:
            np.testing.assert_array_equal(m.numpy(), expected, err_msg=code)
        return
    _compare(code)


# torch 2.15 changed clamp with int bounds outside an integer dtype's range: a bound every value satisfies is
# ignored, one none can satisfy raises ("Clamp min value 256 is outside the representable range of Byte");
# torch <= 2.14 converted the bound (uint8: -1 became 255). minigrad follows 2.15; these are 2.15's answers.
CLAMP_2_15 = {
    "R = lib.zeros(2, dtype=lib.uint8).clamp(min=-1)": ("value", np.zeros(2, np.uint8)),
    "R = lib.zeros(2, dtype=lib.uint8).clamp(min=-129, max=200)": ("value", np.zeros(2, np.uint8)),
    "R = lib.zeros(2, dtype=lib.int8).clamp(max=2**31)": ("value", np.zeros(2, np.int8)),
    "R = lib.full((2,), 5, dtype=lib.uint8).clamp(min=-1, max=3)": ("value", np.full(2, 3, np.uint8)),
    "R = lib.full((2,), 5, dtype=lib.int8).clamp(min=-300, max=300)": ("value", np.full(2, 5, np.int8)),
    "R = lib.full((2,), 5, dtype=lib.uint8).clamp(max=-1)": ("error", None),
    "R = lib.full((2,), 5, dtype=lib.int8).clamp(min=300)": ("error", None),
}


def test_nan_to_int_conversion_is_silent_as_torch():
    """.to(int) of NaN/inf gives an unspecified value in both; neither warns."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for lib in (torch, minigrad):
            lib.tensor([1.0, float("nan"), float("inf"), 1e20]).to(lib.int32)
