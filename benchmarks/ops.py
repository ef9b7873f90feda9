"""Single ops forward and backward, minigrad against torch: where minigrad is far slower than torch.

    python benchmarks/ops.py [NAME ...] [--json FILE]

Each op runs forward and backward (a random upstream gradient) on inputs of a few hundred thousand numbers,
as a layer of a small network would. Both libraries run on one thread (torch.set_num_threads(1), and NumPy's
BLAS pinned to one thread by OPENBLAS_NUM_THREADS=1, set here before NumPy loads) and the figure is the CPU
time of the calling thread, best of 4 blocks: what each library's own code costs, not how it shares the
cores. The ratio is minigrad / torch (below 1 is faster). NAMEs pick the ops whose names contain them.
"""
from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

RNG = np.random.default_rng(1)


def _arrays(rng):
    return lambda *shape: rng.standard_normal(shape).astype(np.float32)


def specs():
    arr = _arrays(np.random.default_rng(0))
    x4 = arr(16, 8, 32, 32); w3 = arr(16, 8, 3, 3); b16 = arr(16)
    x3 = arr(16, 64, 128); xm = arr(256, 512); wm = arr(512, 256); idx = RNG.integers(0, 256, 1000)
    ybin = (arr(256, 512) > 0).astype(np.float32); classes = RNG.integers(0, 512, 256)
    cols = RNG.integers(0, 512, (256, 64)); rows = RNG.integers(0, 300, (256, 512))
    S = {}          # name -> (input arrays, fn(lib, *leaves))
    S['conv2d s1p1'] = ([x4, w3, b16], lambda L, x, w, b: L.nn.functional.conv2d(x, w, b, padding=1))
    S['conv2d s2p1'] = ([x4, w3, b16], lambda L, x, w, b: L.nn.functional.conv2d(x, w, b, stride=2, padding=1))
    S['conv2d groups2'] = ([x4, arr(16, 4, 3, 3)], lambda L, x, w: L.nn.functional.conv2d(x, w, padding=1, groups=2))
    S['conv2d 5x5 valid'] = ([x4, arr(16, 8, 5, 5)], lambda L, x, w: L.nn.functional.conv2d(x, w))
    S['conv1d'] = ([x3, arr(32, 64, 5)], lambda L, x, w: L.nn.functional.conv1d(x, w, padding=2))
    S['conv_transpose2d s2'] = ([x4, arr(8, 4, 4, 4)],
                lambda L, x, w: L.nn.functional.conv_transpose2d(x, w, stride=2, padding=1))
    S['max_pool2d 3s2p1'] = ([x4], lambda L, x: L.nn.functional.max_pool2d(x, 3, 2, 1))
    S['max_pool2d 2'] = ([x4], lambda L, x: L.nn.functional.max_pool2d(x, 2))
    S['avg_pool2d 2'] = ([x4], lambda L, x: L.nn.functional.avg_pool2d(x, 2))
    S['adaptive_avg_pool2d 1'] = ([x4], lambda L, x: L.nn.functional.adaptive_avg_pool2d(x, 1))
    S['adaptive_avg_pool2d 7'] = ([x4], lambda L, x: L.nn.functional.adaptive_avg_pool2d(x, 7))
    S['batch_norm train'] = ([x4, arr(8), arr(8)],
                lambda L, x, g, b: L.nn.functional.batch_norm(x, None, None, g, b, training=True))
    S['layer_norm'] = ([x3, arr(128), arr(128)], lambda L, x, g, b: L.nn.functional.layer_norm(x, (128,), g, b))
    S['group_norm'] = ([x4, arr(8), arr(8)], lambda L, x, g, b: L.nn.functional.group_norm(x, 4, g, b))
    S['softmax'] = ([xm], lambda L, x: L.softmax(x, -1))
    S['log_softmax dim0'] = ([xm], lambda L, x: L.log_softmax(x, 0))
    S['cross_entropy'] = ([xm], lambda L, x: L.nn.functional.cross_entropy(x, L.tensor(classes)))
    S['cross_entropy ls'] = ([xm],
                lambda L, x: L.nn.functional.cross_entropy(x, L.tensor(classes), label_smoothing=0.1))
    S['mse'] = ([xm, arr(256, 512)], lambda L, x, y: L.nn.functional.mse_loss(x, y))
    S['bce_logits'] = ([xm], lambda L, x: L.nn.functional.binary_cross_entropy_with_logits(x, L.tensor(ybin)))
    S['gelu'] = ([xm], lambda L, x: L.nn.functional.gelu(x))
    S['silu'] = ([xm], lambda L, x: L.nn.functional.silu(x))
    S['tanh'] = ([xm], lambda L, x: L.tanh(x))
    S['sigmoid'] = ([xm], lambda L, x: L.sigmoid(x))
    S['leaky_relu'] = ([xm], lambda L, x: L.nn.functional.leaky_relu(x, 0.1))
    S['dropout'] = ([xm], lambda L, x: L.nn.functional.dropout(x, 0.5))
    S['sum dim1'] = ([xm], lambda L, x: x.sum(1))
    S['mean keepdim'] = ([xm], lambda L, x: x.mean((0,), keepdim=True))
    S['var dim1'] = ([xm], lambda L, x: x.var(1))
    S['std all'] = ([xm], lambda L, x: x.std())
    S['norm'] = ([xm], lambda L, x: x.norm(dim=1))
    S['cumsum'] = ([xm], lambda L, x: x.cumsum(1))
    S['sort'] = ([xm], lambda L, x: x.sort(1)[0])
    S['topk'] = ([xm], lambda L, x: x.topk(10, 1)[0])
    S['max dim'] = ([xm], lambda L, x: x.max(1)[0])
    S['gather'] = ([xm], lambda L, x: x.gather(1, L.tensor(cols)))
    S['index_select'] = ([xm], lambda L, x: x.index_select(0, L.tensor(idx)))
    S['adv index'] = ([xm], lambda L, x: x[L.tensor(idx)])
    S['embedding'] = ([xm], lambda L, x: L.nn.functional.embedding(L.tensor(idx), x))
    S['bool mask'] = ([xm], lambda L, x: x[x > 0])
    S['slice step'] = ([xm], lambda L, x: x[::2, 1::3])
    S['scatter_add'] = ([xm],
                lambda L, x: L.zeros(300, 512).scatter_add(0, L.tensor(rows), x))
    S['cat'] = ([xm, arr(256, 512)], lambda L, x, y: L.cat([x, y], 1))
    S['stack'] = ([xm, arr(256, 512)], lambda L, x, y: L.stack([x, y]))
    S['transpose contig'] = ([xm], lambda L, x: x.t().contiguous())
    S['expand add'] = ([arr(256, 1), arr(1, 512)], lambda L, x, y: x + y)
    S['where'] = ([xm, arr(256, 512)], lambda L, x, y: L.where(x > y, x, y))
    S['clamp'] = ([xm], lambda L, x: x.clamp(-0.5, 0.5))
    S['pow 3'] = ([xm], lambda L, x: x ** 3)
    S['exp log'] = ([xm], lambda L, x: (x.exp() + 1).log())
    S['matmul'] = ([xm, wm], lambda L, x, w: x @ w)
    S['bmm'] = ([arr(32, 64, 64), arr(32, 64, 64)], lambda L, x, y: L.bmm(x, y))
    S['einsum bij,bjk'] = ([arr(32, 64, 64), arr(32, 64, 64)], lambda L, x, y: L.einsum('bij,bjk->bik', x, y))
    S['linear 3d'] = ([x3, arr(64, 128), arr(64)], lambda L, x, w, b: L.nn.functional.linear(x, w, b))
    S['solve'] = ([arr(64, 64) + 8 * np.eye(64, dtype=np.float32), arr(64, 8)], lambda L, a, b: L.linalg.solve(a, b))
    S['inv'] = ([arr(64, 64) + 8 * np.eye(64, dtype=np.float32)], lambda L, a: L.linalg.inv(a))
    S['sdpa'] = ([arr(4, 4, 64, 32), arr(4, 4, 64, 32), arr(4, 4, 64, 32)],
                lambda L, q, k, v: L.nn.functional.scaled_dot_product_attention(q, k, v))
    S['interpolate bilinear'] = ([x4],
                lambda L, x: L.nn.functional.interpolate(x, scale_factor=2, mode='bilinear', align_corners=False))
    S['interpolate nearest'] = ([x4], lambda L, x: L.nn.functional.interpolate(x, scale_factor=2, mode='nearest'))
    S['pad reflect'] = ([x4], lambda L, x: L.nn.functional.pad(x, (2, 2, 2, 2), mode='reflect'))
    S['unfold'] = ([x4], lambda L, x: L.nn.functional.unfold(x, 3, padding=1))
    S['roll'] = ([xm], lambda L, x: x.roll(3, 1))
    S['flip'] = ([xm], lambda L, x: x.flip(1))
    S['repeat'] = ([arr(64, 64)], lambda L, x: x.repeat(4, 4))
    S['normalize'] = ([xm], lambda L, x: L.nn.functional.normalize(x, dim=1))
    S['cosine_similarity'] = ([xm, arr(256, 512)], lambda L, x, y: L.nn.functional.cosine_similarity(x, y))
    S['logsumexp'] = ([xm], lambda L, x: x.logsumexp(1))
    S['cdist'] = ([arr(128, 32), arr(128, 32)], lambda L, x, y: L.cdist(x, y))
    return S

def _step(lib, arrays, fn):
    """One forward and backward of ``fn`` on leaves made from ``arrays``, with a fixed upstream gradient."""
    leaves = [lib.tensor(a, requires_grad=True) for a in arrays]
    lib.manual_seed(0)
    out = fn(lib, *leaves)
    up = lib.tensor(np.random.default_rng(2).standard_normal(tuple(out.shape)).astype(np.float32))

    def step():
        for t in leaves:
            t.grad = None
        fn(lib, *leaves).backward(up)
    return step


def _cpu_time(f, budget=0.1):
    """Best of 4 blocks of calls, each block at least ``budget`` seconds of this thread's CPU time."""
    f()
    n = 1
    while True:
        start = time.thread_time()
        for _ in range(n):
            f()
        spent = time.thread_time() - start
        if spent > budget:
            break
        n *= 2
    best = spent / n
    for _ in range(3):
        start = time.thread_time()
        for _ in range(n):
            f()
        best = min(best, (time.thread_time() - start) / n)
    return best


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("names", nargs="*")
    p.add_argument("--json", help="also write the results to this JSON file")
    args = p.parse_args(argv)
    import minigrad
    import torch
    torch.set_num_threads(1)
    rows = []
    for name, (arrays, fn) in specs().items():
        if args.names and not any(n in name for n in args.names):
            continue
        a = _cpu_time(_step(minigrad, arrays, fn))
        b = _cpu_time(_step(torch, arrays, fn))
        rows.append({"name": name, "minigrad_s": a, "torch_s": b, "ratio": a / b})
        print(f"{name:<24} minigrad {a * 1e6:9.1f} us  torch {b * 1e6:9.1f} us  ratio {a / b:6.2f}", flush=True)
    print("slowest against torch: " + ", ".join(f"{r['name']} {r['ratio']:.1f}" for r in
                                                sorted(rows, key=lambda r: -r["ratio"])[:8]))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "torch": torch.__version__,
                       "numpy": np.__version__, "mode": "reference" if minigrad.is_reference_mode() else "normal",
                       "cpu_count": os.cpu_count(), "results": rows}, f, indent=1)


if __name__ == "__main__":
    sys.exit(main())
