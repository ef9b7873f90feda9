"""Non-negative matrix factorisation X ≈ W H: additive steps versus multiplicative updates.

    python3 demos/nmf.py [--data synthetic|digits] [--device cpu|cuda] [--seed N] [--out DIR] [--iters N]

A common first attempt at NMF in PyTorch is Adam on ‖X - WH‖_F with W and H free. This demo runs it
beside the methods that respect the constraint W, H >= 0, all from the same random start:

1. Adam on ‖X - WH‖_F: the error goes down, but W and H get negative entries, which NMF forbids.
2. Adam with W and H clamped at 0 after every step (projected gradient): a real NMF.
3. ``optim.MultiplicativeUpdate`` for β = 2 (squared error, Lee & Seung) and for β = 1
   (generalised Kullback-Leibler). The positive and negative parts of each gradient come from
   autograd; W and H stay non-negative without a step size.
4. For learners, the naive fix that does not work: splitting the *total* gradient by its sign
   (W ← W ⊙ max(-g, 0) / max(g, 0)) divides by zero and gives NaN in the first iteration.

Each run is judged by the divergence it minimises (½‖X - WH‖² for 1, 2, 3 with β = 2 and 4; the KL
divergence for β = 1). The table counts the entries of W and H that are negative, that are NaN or
infinite (neither negative nor non-negative), and the rest. Saves the curves (nmf_loss.png) and,
for --data digits (needs scikit-learn), the parts learned with β = 1 as images (nmf_parts.png).
"""
from __future__ import annotations

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402

import _common  # noqa: E402  (also puts the repository on sys.path)
import minigrad as torch          # noqa: E402
from minigrad.nn.functional import beta_divergence  # noqa: E402

SQ, KL = "½‖X-WH‖²", "KL(X|WH)"
ADAM, PROJECTED, MU2, MU1, NAIVE = ("Adam on ‖X-WH‖_F", "Adam, clamped at 0", "MultiplicativeUpdate β=2",
                                    "MultiplicativeUpdate β=1", "naive sign split")
NAIVE_ITERS = 10


def load_data(name, seed):
    if name == "digits":
        try:
            from sklearn.datasets import load_digits
        except ImportError:
            sys.exit("nmf.py: error: --data digits needs scikit-learn: pip install scikit-learn")
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


def objective(X, W, H, which):
    with torch.no_grad(), np.errstate(divide="ignore", invalid="ignore"):   # KL's x/y where x = y = 0
        if which == KL:
            return beta_divergence(W @ H, X, 1.0).item()
        return (0.5 * ((X - W @ H) ** 2).sum()).item()


def additive(X, W, H, iters, lr=0.05, project=False, bar=None):
    """Adam on the Frobenius norm; with project=True the factors are clamped at 0 after each step."""
    opt = torch.optim.Adam([W, H], lr=lr)
    losses = [objective(X, W, H, SQ)]
    for _ in range(iters):
        loss = torch.norm(X - W @ H, p="fro")
        opt.zero_grad()
        loss.backward()
        opt.step()
        if project:
            with torch.no_grad():
                W.clamp_(min=0)
                H.clamp_(min=0)
        losses.append(objective(X, W, H, SQ))
        bar and bar.update()
    return losses


def multiplicative(X, W, H, iters, beta, bar=None):
    opt = torch.optim.MultiplicativeUpdate([W, H], beta=beta)
    which = SQ if beta == 2 else KL
    losses = [objective(X, W, H, which)]
    for _ in range(iters):
        opt.step(lambda: (W @ H, X))
        losses.append(objective(X, W, H, which))
        bar and bar.update()
    return losses


def naive_sign_split(X, W, H, iters, bar=None):
    """The wrong answer: take the total gradient g and use max(-g, 0) / max(g, 0) as the ratio."""
    losses = [objective(X, W, H, SQ)]
    with np.errstate(all="ignore"):                      # it produces inf and nan: that is the point
        for _ in range(iters):
            for p in (W, H):
                loss = 0.5 * ((X - W @ H) ** 2).sum()
                g, = torch.autograd.grad(loss, p)
                with torch.no_grad():
                    p.mul_((-g).clamp(min=0) / g.clamp(min=0))
            losses.append(objective(X, W, H, SQ))
            bar and bar.update()
    return losses


def count_entries(*tensors):
    """(negative, NaN or infinite, finite non-negative) entries over the tensors."""
    neg = bad = total = 0
    for t in tensors:
        a = t.detach().cpu().numpy()
        finite = np.isfinite(a)
        bad += int((~finite).sum())
        neg += int((a[finite] < 0).sum())
        total += a.size
    return neg, bad, total - neg - bad


def first_non_finite(losses):
    return next((i for i, v in enumerate(losses) if not np.isfinite(v)), None)


def runs(iters):
    """(name, objective, iterations, function(X, W, H, bar) -> losses)."""
    return [(ADAM, SQ, iters, lambda X, W, H, bar: additive(X, W, H, iters, bar=bar)),
            (PROJECTED, SQ, iters, lambda X, W, H, bar: additive(X, W, H, iters, project=True, bar=bar)),
            (MU2, SQ, iters, lambda X, W, H, bar: multiplicative(X, W, H, iters, 2.0, bar=bar)),
            (MU1, KL, iters, lambda X, W, H, bar: multiplicative(X, W, H, iters, 1.0, bar=bar)),
            (NAIVE, SQ, min(iters, NAIVE_ITERS), lambda X, W, H, bar: naive_sign_split(X, W, H, min(iters, NAIVE_ITERS),
                                                                                     bar=bar))]


def run_all(Xn, k, iters, seed=0, device="cpu", show_progress=True):
    """Every method from the same start: {name: dict(objective, losses, counts, seconds, H)}."""
    X = torch.tensor(Xn, device=device)
    plan = runs(iters)
    results = {}
    bar = _common.progress(None, "NMF", total=sum(n for _, _, n, _ in plan), enabled=show_progress)
    bar = bar if hasattr(bar, "update") else None
    try:
        for name, which, _, fn in plan:
            if bar is not None:
                bar.set_description(name)
            W, H = init_factors(Xn, k, seed, device)
            t0 = time.perf_counter()
            losses = fn(X, W, H, bar)
            results[name] = dict(objective=which, losses=losses, counts=count_entries(W, H),
                                 seconds=time.perf_counter() - t0, H=H.detach().cpu().numpy())
    finally:
        if bar is not None:
            bar.close()
    return results


def comparison_sentence(results, iters):
    """What the Adam numbers show and what they do not, from this run's numbers."""
    adam, proj, mu = results[ADAM], results[PROJECTED], results[MU2]
    a, p, m = adam["losses"][-1], proj["losses"][-1], mu["losses"][-1]
    neg, _, _ = adam["counts"]
    lines = []
    if neg:
        lines.append(f"Adam's {SQ} = {a:.4g} comes with {neg} negative entries: it searched all rank-k products, "
                     "not only non-negative ones, so its number is not an NMF result.")
    else:
        lines.append(f"Adam happened to keep W and H non-negative here ({SQ} = {a:.4g}).")
    better = "lower" if m < p else "higher"
    lines.append(f"Among the NMFs, MultiplicativeUpdate β=2 (no step size to choose) ends {better} than Adam "
                 f"clamped at 0 after {iters} iterations ({m:.4g} vs {p:.4g}).")
    lines.append("This shows which methods keep the constraint; it does not rank their speed in general: "
                 "Adam's step size (0.05) was not tuned, both depend on the start, and with more iterations "
                 "(--iters 2000) the order can change.")
    return lines


def plot(results, parts, out, title):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, (left, right) = plt.subplots(1, 2, figsize=(8.4, 3.3), gridspec_kw={"width_ratios": [1.6, 1]})
    colors = {ADAM: "tab:orange", PROJECTED: "tab:purple", MU2: "tab:blue", MU1: "tab:green", NAIVE: "tab:red"}
    for name, res in results.items():
        ax = right if res["objective"] == KL else left
        y = np.array(res["losses"], dtype=float)
        x = np.arange(len(y))
        finite = np.isfinite(y)
        bad = first_non_finite(y)
        label = name + (f" (NaN from iteration {bad})" if bad is not None else "")
        style = dict(color=colors[name], lw=1.6)
        if bad is not None:
            style.update(marker="o", ms=3)
        if finite.sum() >= 1:
            ax.plot(x[finite], y[finite], label=label, **style)
            label = None
        if bad is not None:                         # non-finite values: an x on the top edge of the axes
            ax.plot(x[~finite], np.ones((~finite).sum()), "x", color=colors[name], ms=6, mew=1.5,
                    transform=ax.get_xaxis_transform(), clip_on=False, label=label)
    left.set_title(f"{SQ}  (x on the top edge: NaN)", fontsize=9)
    right.set_title(f"{KL}, the β = 1 run's own divergence", fontsize=9)
    for ax in (left, right):
        ax.set_yscale("log")
        ax.set_xlabel("iteration")
        ax.legend(fontsize=7, loc="upper right")
    fig.suptitle(title, fontsize=9)
    fig.tight_layout()
    path = os.path.join(out, "nmf_loss.png")
    fig.savefig(path, dpi=80, metadata={"Software": None})
    plt.close(fig)
    paths = [path]
    if parts is not None:
        k = parts.shape[0]
        fig, axes = plt.subplots(2, (k + 1) // 2, figsize=(k * 0.55, 1.6))
        for i, ax in enumerate(axes.ravel()):
            ax.axis("off")
            if i < k:
                ax.imshow(parts[i].reshape(8, 8), cmap="gray_r")
        fig.suptitle("parts of handwritten digits learned by MultiplicativeUpdate (β = 1)", fontsize=9)
        path = os.path.join(out, "nmf_parts.png")
        fig.savefig(path, dpi=80, metadata={"Software": None})
        plt.close(fig)
        paths.append(path)
    return paths


def main(argv=None):
    p = _common.demo_parser(__doc__, "the synthetic data and the starting factors")
    p.add_argument("--data", default="synthetic", choices=["synthetic", "digits"],
                   help="synthetic: a 200x120 non-negative rank-8 matrix plus noise (drawn from --seed); "
                        "digits: scikit-learn's 1797 8x8 handwritten digits, k = 16")
    p.add_argument("--iters", type=int, default=200,
                   help=f"iterations of each method (the naive sign split stops after {NAIVE_ITERS})")
    args = _common.parse(p, argv)
    if args.iters < 1:
        p.error("--iters must be at least 1")

    Xn, k = load_data(args.data, args.seed)
    print(f"X: {Xn.shape[0]}x{Xn.shape[1]} non-negative ({args.data}), k = {k} components, {args.iters} "
          f"iterations, start drawn from seed {args.seed}, on {args.device}")
    results = run_all(Xn, k, args.iters, args.seed, args.device)
    print(f"\n{'method':<26} {'objective':<10} {'start':>10} {'final':>10}   {'entries of W and H:':<20}"
          f"{'<0':>6} {'NaN/inf':>8} {'>=0':>6} {'time':>7}")
    for name, res in results.items():
        losses = res["losses"]
        neg, bad, ok = res["counts"]
        note = f"  (NaN from iteration {first_non_finite(losses)})" if first_non_finite(losses) is not None else ""
        print(f"{name:<26} {res['objective']:<10} {losses[0]:>10.4g} {losses[-1]:>10.4g}   {'':<20}"
              f"{neg:>6} {bad:>8} {ok:>6} {res['seconds']:>6.2f}s{note}")
    print()
    for line in comparison_sentence(results, args.iters):
        print(line)
    parts = results[MU1]["H"] if args.data == "digits" else None
    paths = plot(results, parts, args.out, f"NMF of the {args.data} data, k = {k}, seed {args.seed}")
    _common.report_written(paths)
    return results


if __name__ == "__main__":
    main()
