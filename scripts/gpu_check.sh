#!/usr/bin/env bash
# One prepared run of everything that needs a GPU, for a machine with CuPy, torch and an NVIDIA GPU:
# the CUDA tests, the GPU benchmarks (ratios vs torch, JSON) and the CNN step's profile. Logs go to
# $OUT (default ./gpu-out). Each part has its own time limit, so a slow part cannot eat the others'.
#
#     OUT=/some/folder bash scripts/gpu_check.sh        # ~6-8 minutes on an H100/H200
#
# minigrad runs from this checkout (PYTHONPATH), with the machine's own numpy/cupy/torch.
set -uo pipefail
cd "$(dirname "$0")/.."
OUT="${OUT:-./gpu-out}"
mkdir -p "$OUT"
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}" PYTHONUNBUFFERED=1
PY="${PYTHON:-python3}"

{
  date -u
  nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv 2>&1
  "$PY" -c "import numpy, cupy, torch, minigrad; print('numpy', numpy.__version__, 'cupy', cupy.__version__, \
'torch', torch.__version__, 'minigrad cuda', minigrad.cuda.is_available())"
} > "$OUT/env.txt" 2>&1

# 1. the CUDA tests (the ones marked cuda, plus every test file that names a device fixture)
timeout 240 "$PY" -m pytest -q -p no:cacheprovider -m cuda tests > "$OUT/cuda_tests.txt" 2>&1
echo "cuda tests: exit $?" >> "$OUT/summary.txt"
tail -3 "$OUT/cuda_tests.txt" >> "$OUT/summary.txt"

# 2. the GPU benchmarks, normal mode, side by side with torch in one process
timeout 200 "$PY" benchmarks/run.py --device cuda --rounds 9 --json "$OUT/gpu_bench.json" > "$OUT/gpu_bench.txt" 2>&1
echo "benchmarks: exit $?" >> "$OUT/summary.txt"
cat "$OUT/gpu_bench.txt" >> "$OUT/summary.txt"

# 3. where the CNN step's time goes on the GPU (launch overhead unless synchronised)
timeout 90 "$PY" benchmarks/profile_cnn.py --device cuda --batch 1024 --sync > "$OUT/profile_cnn_gpu.txt" 2>&1
echo "profile: exit $?" >> "$OUT/summary.txt"
cat "$OUT/summary.txt"
