"""Run a list of bad (and borderline) calls on torch and on minigrad and print each difference in outcome:
the exception class, or the value when both accept. Usage: PYTHONPATH=$PWD python scripts/probe_bad_calls_round4.py
[cases.py] (a file defining CASES, a list of statements using lib/nn/F/optim/np that may set R)."""
import runpy
import sys
import warnings

import numpy as np
import torch

import minigrad


def outcome(lib, code):
    env = {"lib": lib, "nn": lib.nn, "F": lib.nn.functional, "optim": lib.optim, "np": np}
    lib.manual_seed(0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            exec(code, env)
            return "value", env.get("R"), caught
        except Exception as e:  # noqa: BLE001 -- the class is what is compared
            return "error", e, caught


def show(r):
    if hasattr(r, "detach") and hasattr(r, "shape"):
        try:
            return f"{tuple(r.shape)} {str(r.dtype).split('.')[-1]} {r.detach().cpu().numpy().tolist()}"
        except Exception:  # noqa: BLE001
            return repr(r)
    if isinstance(r, (list, tuple)):
        return "(" + ", ".join(show(x) for x in r) + ")"
    if isinstance(r, (bool, int, float, str, type(None))):
        return repr(r)
    return type(r).__name__


def main(path):
    cases = runpy.run_path(path)["CASES"]
    by_kind = {}
    for code in cases:
        (tk, t, tw), (mk, m, mw) = outcome(torch, code), outcome(minigrad, code)
        kind = None
        if tk != mk:
            kind = f"torch {tk if tk == 'value' else type(t).__name__} / minigrad {mk if mk == 'value' else type(m).__name__}"
        elif tk == "error" and type(t).__name__ != type(m).__name__:
            kind = f"torch {type(t).__name__} / minigrad {type(m).__name__}"
        elif tk == "value" and show(t).replace("torch", "minigrad") != show(m):
            kind = "different value"
        if kind is None and mw and not tw:
            kind = "minigrad warns, torch is silent"
        if kind:
            by_kind.setdefault(kind, []).append(code)
            print(f"[{kind}] {code}\n    torch:    {str(t)[:160] if tk == 'error' else show(t)}\n"
                  f"    minigrad: {str(m)[:160] if mk == 'error' else show(m)} {[str(w.message)[:60] for w in mw]}")
    print(f"\n{sum(map(len, by_kind.values()))} of {len(cases)} calls differ")
    for k, v in sorted(by_kind.items(), key=lambda kv: -len(kv[1])):
        print(f"  {len(v):4d}  {k}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "scripts/bad_calls_round4_cases.py")
