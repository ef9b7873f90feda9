"""Run the same function on torch and on minigrad from the same arrays and compare the output(s) and
every input's gradient, under a random upstream gradient (never all ones: a backward that ignores
its incoming gradient would pass with ones)."""
from __future__ import annotations

import numpy as np
import torch

import minigrad

# torch's semantics move between releases; tests that meet a change follow the newest torch and
# say which value torch 2.13 gives instead (see test_clamp_gradient_at_boundaries)
TORCH_VERSION = tuple(int(p) for p in torch.__version__.split("+")[0].split(".")[:2])

TOL = {np.float64: dict(rtol=1e-7, atol=1e-9), np.float32: dict(rtol=2e-4, atol=2e-5)}


def rand(*shape, dtype=np.float64, seed=None, low=-2.0, high=2.0):
    rng = np.random.default_rng(seed)
    return rng.uniform(low, high, size=shape).astype(dtype)


def to_np(t):
    if isinstance(t, torch.Tensor):
        return t.detach().cpu().numpy()
    return t.detach().cpu().numpy()


def _flat(out):
    if isinstance(out, (tuple, list)):
        res = []
        for o in out:
            res.extend(_flat(o))
        return res
    return [out]


def check(fn, *arrays, device="cpu", grad=None, rtol=None, atol=None, seed=1, check_dtype=True):
    """``fn(lib, *tensors)`` is run with lib = torch and lib = minigrad. Float arrays become leaves that
    require grad (``grad`` = list of bools overrides). Compares outputs, dtypes and input gradients."""
    if grad is None:
        grad = [np.asarray(a).dtype.kind == "f" for a in arrays]
    t_in = [torch.tensor(np.asarray(a), requires_grad=g) for a, g in zip(arrays, grad)]
    m_in = [minigrad.tensor(np.asarray(a), device=device, requires_grad=g) for a, g in zip(arrays, grad)]
    t_out = _flat(fn(torch, *t_in))
    m_out = _flat(fn(minigrad, *m_in))
    assert len(t_out) == len(m_out), f"torch gave {len(t_out)} outputs, minigrad {len(m_out)}"
    rng = np.random.default_rng(seed)
    t_diff, m_diff, ups_t, ups_m = [], [], [], []
    for i, (to, mo) in enumerate(zip(t_out, m_out)):
        if not isinstance(to, torch.Tensor):
            assert to == mo, f"output {i}: torch {to!r}, minigrad {mo!r}"
            continue
        assert isinstance(mo, minigrad.Tensor), f"output {i}: minigrad returned {type(mo).__name__}"
        assert tuple(mo.shape) == tuple(to.shape), f"output {i}: shape {tuple(mo.shape)} vs torch {tuple(to.shape)}"
        if check_dtype:
            assert str(mo.dtype).split(".")[1] == str(to.dtype).split(".")[1], \
                f"output {i}: dtype {mo.dtype} vs torch {to.dtype}"
        assert mo.device.type == device, f"output {i} is on {mo.device}, expected {device}"
        tol = _tol(to_np(to).dtype, rtol, atol)
        np.testing.assert_allclose(to_np(mo), to_np(to), err_msg=f"forward output {i}", equal_nan=True, **tol)
        if to.requires_grad:
            assert mo.requires_grad, f"output {i} requires grad in torch but not in minigrad"
            up = rng.standard_normal(tuple(to.shape)).astype(to_np(to).dtype)
            t_diff.append(to); m_diff.append(mo)
            ups_t.append(torch.tensor(up)); ups_m.append(minigrad.tensor(up, device=device))
    if not t_diff:
        return m_out
    diff_inputs = [i for i, g in enumerate(grad) if g]
    t_grads = torch.autograd.grad(t_diff, [t_in[i] for i in diff_inputs], ups_t, allow_unused=True)
    m_grads = minigrad.autograd.grad(m_diff, [m_in[i] for i in diff_inputs], ups_m, allow_unused=True)
    for i, tg, mg in zip(diff_inputs, t_grads, m_grads):
        if tg is None:
            assert mg is None or np.allclose(to_np(mg), 0), f"input {i}: torch has no gradient, minigrad does"
            continue
        assert mg is not None, f"input {i}: minigrad returned no gradient"
        assert tuple(mg.shape) == tuple(tg.shape), f"gradient of input {i}: shape {tuple(mg.shape)} vs {tuple(tg.shape)}"
        assert mg.dtype.name == str(tg.dtype).split(".")[1], f"gradient of input {i}: dtype {mg.dtype} vs {tg.dtype}"
        tol = _tol(to_np(tg).dtype, rtol, atol)
        np.testing.assert_allclose(to_np(mg), to_np(tg), err_msg=f"gradient of input {i}", equal_nan=True, **tol)
    return m_out


def _tol(dtype, rtol, atol):
    base = dict(TOL.get(np.dtype(dtype).type, TOL[np.float32]))
    if rtol is not None:
        base["rtol"] = rtol
    if atol is not None:
        base["atol"] = atol
    return base


def both_modes(fn):
    """``fn()`` in normal mode, then in reference mode (every trick of minigrad/fast off), from the
    same seed: (normal result, reference result)."""
    out = []
    for reference in (False, True):
        with minigrad.reference_mode(reference):
            minigrad.manual_seed(0)
            out.append(fn())
    return out


def run_call(lib, code):
    """Run ``code`` (a statement that may set ``R``) with ``lib`` as ``lib`` (and ``nn``, ``F``, ``optim``,
    ``np``), seeded, warnings silenced: ("value", R) or ("error", the exception) -- the bad-call catalogues
    compare the two libraries' outcomes."""
    import warnings
    env = {"lib": lib, "nn": lib.nn, "F": lib.nn.functional, "optim": lib.optim, "np": np}
    lib.manual_seed(0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            exec(code, env)
            return "value", env.get("R")
        except Exception as e:  # noqa: BLE001 -- the class is what is compared
            return "error", e


def plain_outcome(r):
    """A value from ``run_call`` as plain data (a tensor as shape, dtype name and values), comparable across
    the two libraries."""
    if hasattr(r, "shape") and hasattr(r, "dtype"):
        return ("tensor", tuple(r.shape), str(r.dtype).split(".")[-1], str(r.detach().numpy().tolist()))
    if isinstance(r, (list, tuple)):
        return tuple(plain_outcome(x) for x in r)
    if r is None or isinstance(r, (bool, int, float, str)):
        return r
    return type(r).__name__


def check_raises_as_torch(code, word):
    """torch and minigrad both raise on ``code``, the same exception class, and minigrad's message has ``word``."""
    import torch
    (tk, t), (mk, m) = run_call(torch, code), run_call(minigrad, code)
    assert tk == "error", f"{code}: torch accepted it: {t!r}"
    assert mk == "error", f"{code}: torch raised {t!r}, minigrad gave {m!r}"
    assert type(m).__name__ == type(t).__name__, f"{code}: minigrad {m!r} vs torch {t!r}"
    assert word.lower() in str(m).lower(), f"{code}: the message does not name {word!r}: {m}"


def raises_like_torch(code, word):
    """torch raises on ``code``; minigrad raises an exception that ``pytest.raises(<torch's class>)`` catches
    (a NotImplementedError where torch says RuntimeError is one), with ``word`` in its message."""
    (tk, t), (mk, m) = run_call(torch, code), run_call(minigrad, code)
    assert tk == "error", f"{code}: torch accepted it: {t!r}"
    assert mk == "error", f"{code}: torch raised {t!r}, minigrad gave {m!r}"
    base = type(t) if type(t).__module__ == "builtins" else RuntimeError     # (torch's _LinAlgError: a RuntimeError)
    assert isinstance(m, base), f"{code}: minigrad {m!r} vs torch {t!r}"
    assert word.lower() in str(m).lower(), f"{code}: the message does not name {word!r}: {m}"


def check_value_as_torch(code):
    """torch and minigrad both accept ``code`` and give the same ``R``."""
    import torch
    (tk, t), (mk, m) = run_call(torch, code), run_call(minigrad, code)
    assert tk == "value", f"{code}: torch raised {t!r}"
    assert mk == "value", f"{code}: minigrad raised {m!r}"
    assert plain_outcome(m) == plain_outcome(t), f"{code}: minigrad {plain_outcome(m)} vs torch {plain_outcome(t)}"
