"""Non-negative matrix factorisation X ≈ W H, the question this project started from.

    python3 demos/nmf.py [--data synthetic|digits] [--device cpu|cuda] [--out DIR] [--seed N] [--iters N]

1. The question's own approach: additive gradient steps (Adam) on ‖X - WH‖_F. The loss goes down,
   but W and H get negative entries, which NMF forbids.
2. The asker's intent done right: ``optim.MultiplicativeUpdate``, for β = 2 (squared error, Lee &
   Seung) and β = 1 (generalised KL). The positive and negative parts of each gradient come from
   autograd; W and H stay non-negative.
3. For learners, the naive fix that does not work: splitting the *total* gradient by its sign
   (W ← W ⊙ max(-g, 0) / max(g, 0)) gives zeros and infinities and blows up within a few steps.

Prints a table (final loss, negative entries, time) and saves loss curves (nmf_loss.png) and, for
--data digits (needs scikit-learn), the learned parts as images (nmf_parts.png).
"""
from __future__ import annotations

import argparse
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import minigrad as torch          # noqa: E402


def load_data(name, seed):
    if name == "digits":
        try:
            from sklearn.datasets import load_digits
        except ImportError:
            sys.exit("--data digits needs scikit-learn: pip install scikit-learn")
        return load_digits().data.astype(np.float64), 16
    rng = np.random.default_rng(seed)
    W = rng.gamma(1.0, 1.0, (200, 8))
    H = rng.gamma(1.0, 1.0, (8, 120))
    return W @ H + rng.uniform(0, 0.1, (200, 120)), 8


def init_factors(X, k, seed, device):
    rng = np.random.default_rng(seed + 1)
    scale = np.sqrt(X.mean() / k)
    W0 = np.abs(rng.standard_normal((X.shape[0], k))) * scale
    H0 = np.abs(rng.standard_normal((k, X.shape[1]))) * scale
    return (torch.tensor(W0, device=device, requires_grad=True),
            torch.tensor(H0, device=device, requires_grad=True))


def half_squared_error(X, W, H):
    with torch.no_grad():
        return (0.5 * ((X - W @ H) ** 2).sum()).item()


def additive(X, W, H, iters, lr=0.05):
    """The question's approach: Adam on the Frobenius norm, entries free to go negative."""
    opt = torch.optim.Adam([W, H], lr=lr)
    losses = []
    for _ in range(iters):
        loss = torch.norm(X - W @ H, p="fro")
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(half_squared_error(X, W, H))
    return losses


def multiplicative(X, W, H, iters, beta):
    opt = torch.optim.MultiplicativeUpdate([W, H], beta=beta)
    losses = []
    for _ in range(iters):
        opt.step(lambda: (W @ H, X))
        losses.append(half_squared_error(X, W, H))
    return losses


def naive_sign_split(X, W, H, iters):
    """The wrong answer: take the total gradient g and use max(-g, 0) / max(g, 0) as the ratio."""
    losses = []
    with np.errstate(all="ignore"):                      # it produces inf and nan: that is the point
        for _ in range(iters):
            for p in (W, H):
                loss = 0.5 * ((X - W @ H) ** 2).sum()
                g, = torch.autograd.grad(loss, p)
                with torch.no_grad():
                    p.mul_((-g).clamp(min=0) / g.clamp(min=0))
            losses.append(half_squared_error(X, W, H))
    return losses


def count_negative(*tensors):
    return sum(int((t.detach() < 0).sum().item()) for t in tensors)


def plot(curves, parts, out):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(6.5, 4))
    for name, losses in curves.items():
        y = np.array(losses, dtype=float)
        y[~np.isfinite(y)] = np.nan
        ax.plot(np.arange(1, len(y) + 1), y, label=name)
    ax.set_yscale("log")
    ax.set_xlabel("iteration")
    ax.set_ylabel("½‖X - WH‖²")
    ax.legend(fontsize=8)
    fig.tight_layout()
    path = os.path.join(out, "nmf_loss.png")
    fig.savefig(path, dpi=100)
    plt.close(fig)
    paths = [path]
    if parts is not None:
        k = parts.shape[0]
        fig, axes = plt.subplots(2, (k + 1) // 2, figsize=(k * 0.7, 2))
        for i, ax in enumerate(axes.ravel()):
            ax.axis("off")
            if i < k:
                ax.imshow(parts[i].reshape(8, 8), cmap="gray_r")
        fig.suptitle("parts of handwritten digits learned by MultiplicativeUpdate (β = 1)")
        path = os.path.join(out, "nmf_parts.png")
        fig.savefig(path, dpi=100)
        plt.close(fig)
        paths.append(path)
    return paths


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", default="synthetic", choices=["synthetic", "digits"])
    p.add_argument("--device", default="cpu")
    p.add_argument("--out", default="out")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--iters", type=int, default=200)
    args = p.parse_args(argv)
    torch.manual_seed(args.seed)

    Xn, k = load_data(args.data, args.seed)
    X = torch.tensor(Xn, device=args.device)
    print(f"X: {tuple(X.shape)} non-negative ({args.data}), k = {k} components, {args.iters} iterations")
    runs = [("additive steps (Adam on ‖X-WH‖_F)", lambda W, H: additive(X, W, H, args.iters)),
            ("MultiplicativeUpdate β=2", lambda W, H: multiplicative(X, W, H, args.iters, 2.0)),
            ("MultiplicativeUpdate β=1 (KL)", lambda W, H: multiplicative(X, W, H, args.iters, 1.0)),
            ("naive sign split of the total gradient", lambda W, H: naive_sign_split(X, W, H, min(args.iters, 10)))]
    curves, table, parts = {}, [], None
    for name, run in runs:
        W, H = init_factors(Xn, k, args.seed, args.device)
        t0 = time.perf_counter()
        losses = run(W, H)
        elapsed = time.perf_counter() - t0
        curves[name] = losses
        final = losses[-1]
        bad = next((i + 1 for i, v in enumerate(losses) if not np.isfinite(v)), None)
        table.append((name, final, count_negative(W, H), W.numel() + H.numel(), elapsed, bad))
        if "β=1" in name and args.data == "digits":
            parts = H.detach().cpu().numpy()
    print(f"\n{'method':<42} {'final ½‖X-WH‖²':>16} {'negative entries':>18} {'time':>8}")
    for name, final, neg, total, elapsed, bad in table:
        note = f"  (not finite from iteration {bad})" if bad else ""
        print(f"{name:<42} {final:>16.6g} {neg:>8} of {total:<7} {elapsed:>7.2f}s{note}")
    os.makedirs(args.out, exist_ok=True)
    for path in plot(curves, parts, args.out):
        print(f"saved {path}")
    return table


if __name__ == "__main__":
    main()
