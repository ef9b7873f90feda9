"""Cases for scripts/probe_bad_calls_round4.py: Python numbers stored into integer/bool tensors by every path."""
CASES = []
for dt in ["uint8", "int8", "int16", "int32", "int64", "bool"]:
    for v in ["256.0", "256", "-1", "-1.0", "300", "float('nan')", "float('inf')", "-129", "1.5", "2**31", "2**63",
              "-2**63-1", "True", "255.5", "1e20"]:
        CASES += [f"R = lib.full((2,), {v}, dtype=lib.{dt})", f"R = lib.zeros(2, dtype=lib.{dt}).fill_({v})",
                  f"R = lib.zeros(2, dtype=lib.{dt}); R[0] = {v}", f"R = lib.full_like(lib.zeros(2, dtype=lib.{dt}), {v})",
                  f"R = lib.zeros(2, dtype=lib.{dt}).new_full((2,), {v})",
                  f"R = lib.zeros(2, dtype=lib.{dt}).masked_fill(lib.tensor([True, False]), {v})",
                  f"R = lib.tensor([{v}], dtype=lib.{dt})", f"R = lib.tensor({v}, dtype=lib.{dt})",
                  f"R = lib.zeros(2, dtype=lib.{dt}).index_put_((lib.tensor([0]),), lib.tensor({v}))",
                  f"R = lib.zeros(2, dtype=lib.{dt}).index_fill(0, lib.tensor([0]), {v})",
                  f"R = lib.zeros(2, dtype=lib.{dt}).add({v})", f"R = lib.zeros(2, dtype=lib.{dt}); R += {v}",
                  f"R = lib.zeros(2, dtype=lib.{dt}).clamp(min={v})", f"R = lib.zeros(2, dtype=lib.{dt}) == {v}"]
    CASES += [f"R = lib.arange(0, 300, 50, dtype=lib.{dt})", f"R = lib.arange(-5, 5, dtype=lib.{dt})",
              f"R = lib.arange(0, 1e20, 1e19, dtype=lib.{dt})", f"R = lib.tensor([1.0, 300.0]).to(lib.{dt})",
              f"R = lib.tensor([1.0, float('nan')]).to(lib.{dt})"]
