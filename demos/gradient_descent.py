"""Gradient descent on y = x², three ways, saved as an animated GIF.

    python3 demos/gradient_descent.py [--device cpu|cuda] [--out DIR] [--seed N] [--steps 800]

1. The seed's loop: from x = 1, compute y = x**2, call y.backward(), and step x <- x - 0.01 * dy/dx
   under no_grad (rebinding x and setting requires_grad again), 800 times.
2. The same update written as a first optimizer, a subclass of minigrad.optim.Optimizer: this is how
   you plug your own update rule in.
3. Beside it, SGD with momentum 0.9, which slides further in the same number of steps.

Writes gradient_descent.gif (the points sliding down the parabola) and prints where each ended.
"""
from __future__ import annotations

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import minigrad as torch          # noqa: E402
import minigrad.optim as optim    # noqa: E402


def plain_loop(steps, lr=0.01, device="cpu"):
    """The seed's own style: manual update under no_grad, then requires_grad again."""
    x = torch.tensor(1.0, device=device, requires_grad=True)
    path = [x.item()]
    for _ in range(steps):
        y = x ** 2
        y.backward()
        with torch.no_grad():
            x = x - lr * x.grad
        x.requires_grad = True
        path.append(x.item())
    return path


class GradientDescent(optim.Optimizer):
    """A first optimizer: p <- p - lr * grad. Written exactly as one would for torch."""

    def __init__(self, params, lr=0.01):
        defaults = dict(lr=lr)
        super().__init__(params, defaults)

    @torch.no_grad()
    def step(self, closure=None):
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                p.add_(p.grad, alpha=-group["lr"])
        return loss


def with_optimizer(make_optimizer, steps, device="cpu"):
    x = torch.tensor(1.0, device=device, requires_grad=True)
    opt = make_optimizer([x])
    path = [x.item()]
    for _ in range(steps):
        opt.zero_grad()
        y = x ** 2
        y.backward()
        opt.step()
        path.append(x.item())
    return path


def save_gif(paths, path, frames=60):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.animation import FuncAnimation, PillowWriter
    import numpy as np

    n = len(next(iter(paths.values())))
    picks = np.unique(np.linspace(0, n - 1, frames).astype(int))
    xs = np.linspace(-1.1, 1.1, 200)
    fig, ax = plt.subplots(figsize=(5, 3.5))
    ax.plot(xs, xs ** 2, color="0.6")
    colors = ["tab:red", "tab:blue", "tab:green"]
    dots = {name: ax.plot([], [], "o", color=c, label=name, ms=8)[0] for (name, c) in zip(paths, colors)}
    title = ax.set_title("")
    ax.legend(loc="upper center", fontsize=8)
    ax.set_xlabel("x")
    ax.set_ylabel("y = x²")

    def draw(frame):
        k = picks[frame]
        for name, dot in dots.items():
            x = paths[name][k]
            dot.set_data([x], [x * x])
        title.set_text(f"step {k}")
        return list(dots.values()) + [title]

    anim = FuncAnimation(fig, draw, frames=len(picks), blit=False)
    anim.save(path, writer=PillowWriter(fps=15))
    plt.close(fig)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--device", default="cpu", help="cpu or cuda")
    p.add_argument("--out", default="out", help="folder for the GIF")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--steps", type=int, default=800)
    p.add_argument("--frames", type=int, default=60)
    args = p.parse_args(argv)
    torch.manual_seed(args.seed)

    paths = {}
    print(f"gradient descent on y = x**2 from x = 1, step 0.01, {args.steps} steps")
    paths["autograd loop (seed)"] = plain_loop(args.steps, device=args.device)
    print(f"  seed's loop:               x = {paths['autograd loop (seed)'][-1]:.6g}   "
          f"(exact: 0.98^{args.steps} = {0.98 ** args.steps:.6g})")
    paths["your Optimizer subclass"] = with_optimizer(lambda ps: GradientDescent(ps, lr=0.01), args.steps,
                                                      args.device)
    print(f"  GradientDescent subclass:  x = {paths['your Optimizer subclass'][-1]:.6g}")
    paths["SGD, momentum 0.9"] = with_optimizer(lambda ps: optim.SGD(ps, lr=0.01, momentum=0.9), args.steps,
                                                args.device)
    print(f"  SGD with momentum 0.9:     x = {paths['SGD, momentum 0.9'][-1]:.6g}")
    os.makedirs(args.out, exist_ok=True)
    gif = os.path.join(args.out, "gradient_descent.gif")
    print(f"writing {gif} ...", flush=True)
    save_gif(paths, gif, frames=args.frames)
    print(f"saved {gif}")
    return paths


if __name__ == "__main__":
    main()
