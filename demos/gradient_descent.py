"""Gradient descent on f(x) = x², three ways, as an animated GIF with the slope and a readout.

    python3 demos/gradient_descent.py [--device cpu|cuda] [--seed N] [--out DIR] [--x0 X] [--steps 800]

1. A hand-written loop, as in the short PyTorch snippet this demo started from: y = x**2,
   y.backward(), then x <- x - lr * x.grad under no_grad, and x.requires_grad = True again.
2. The same update written as an optimizer, a subclass of minigrad.optim.Optimizer: this is how
   you plug your own update rule in. It gives exactly the same x at every step as the loop, so the
   GIF draws the loop as a ring and the subclass as a dot inside it.
3. SGD with momentum 0.9, which overshoots, swings around 0 and settles sooner.

The starting point is drawn from --seed (|x0| between 0.5 and 1.5, either sign) unless --x0 is
given. Each frame shows every method's point on the parabola, the tangent there (slope f'(x), as
autograd computed it) and a readout of x, f(x) and f'(x). Frames are spaced by how far the points
moved, not by step count, so the GIF spends its time where something happens; the last frame is
the final step. Writes gradient_descent.gif to --out and prints where each method ended.
"""
from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402

import _common  # noqa: E402  (also puts the repository on sys.path)
import minigrad as torch          # noqa: E402
import minigrad.optim as optim    # noqa: E402

LOOP, SUBCLASS, MOMENTUM = "hand-written loop", "your Optimizer subclass", "SGD, momentum 0.9"
STYLE = {LOOP: dict(color="tab:red", marker="o", ms=14, mfc="none", mew=2.2, zorder=3),
         SUBCLASS: dict(color="tab:blue", marker="o", ms=6, zorder=4),
         MOMENTUM: dict(color="tab:green", marker="D", ms=7, zorder=3)}
SHORT = {LOOP: "loop", SUBCLASS: "subclass", MOMENTUM: "momentum"}


def plain_loop(x0, steps, lr=0.01, device="cpu"):
    """The snippet's own style: manual update under no_grad, then requires_grad again.
    Returns x and dy/dx (from backward) at steps 0..steps."""
    x = torch.tensor(x0, device=device, requires_grad=True)
    xs, grads = [], []
    for _ in range(steps + 1):
        y = x ** 2
        y.backward()
        xs.append(x.item())
        grads.append(x.grad.item())
        if len(xs) > steps:
            break
        with torch.no_grad():
            x = x - lr * x.grad
        x.requires_grad = True
    return xs, grads


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
                p.sub_(group["lr"] * p.grad)        # (the loop's x - lr * x.grad, step for step)
        return loss


def with_optimizer(make_optimizer, x0, steps, device="cpu"):
    """x and dy/dx at steps 0..steps when `make_optimizer([x])` does the updates."""
    x = torch.tensor(x0, device=device, requires_grad=True)
    opt = make_optimizer([x])
    xs, grads = [], []
    for k in range(steps + 1):
        opt.zero_grad()
        y = x ** 2
        y.backward()
        xs.append(x.item())
        grads.append(x.grad.item())
        if k < steps:
            opt.step()
    return xs, grads


def starting_point(seed):
    rng = np.random.default_rng(seed)
    return float(rng.choice([-1.0, 1.0]) * rng.uniform(0.5, 1.5))


def run(x0, steps=800, lr=0.01, momentum=0.9, device="cpu", show_progress=True):
    """{method: (xs, grads)} for the three methods."""
    makers = [(LOOP, None), (SUBCLASS, lambda ps: GradientDescent(ps, lr=lr)),
              (MOMENTUM, lambda ps: optim.SGD(ps, lr=lr, momentum=momentum))]
    paths = {}
    for name, make in _common.progress(makers, "descending", enabled=show_progress):
        paths[name] = (plain_loop(x0, steps, lr, device) if make is None
                       else with_optimizer(make, x0, steps, device))
    return paths


def pick_frames(paths, frames):
    """Steps to draw: evenly spaced in how far the points have moved (summed over methods) until 99.5% of
    all the motion is done, then the final step."""
    xs = np.array([p[0] for p in paths.values()])                 # (methods, steps + 1)
    moved = np.concatenate([[0.0], np.cumsum(np.abs(np.diff(xs, axis=1)).sum(axis=0))])
    n = xs.shape[1]
    if moved[-1] == 0:
        return np.array([0, n - 1])
    levels = np.linspace(0.0, 0.995 * moved[-1], max(frames - 1, 1))
    picks = np.unique(np.searchsorted(moved, levels))
    return np.unique(np.append(np.minimum(picks, n - 1), n - 1))


def render_frames(paths, picks, lr, size=(5.6, 4.0), dpi=72):
    """One RGB array per picked step (matplotlib, headless)."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    crisp = {"text.antialiased": False, "lines.antialiased": False, "patch.antialiased": False}
    with plt.rc_context(crisp):                         # crisp pixels: a GIF compresses them well
        return _render(plt, paths, picks, lr, size, dpi)


def _render(plt, paths, picks, lr, size, dpi):
    reach = max(1.2, max(abs(v) for xs, _ in paths.values() for v in xs) * 1.1)
    grid = np.linspace(-reach, reach, 200)
    fig = plt.figure(figsize=size, dpi=dpi)
    ax = fig.add_axes([0.11, 0.34, 0.86, 0.58])
    ax.plot(grid, grid ** 2, color="0.6", lw=1.5)
    ax.set_xlim(-reach, reach)
    ax.set_ylim(-0.08 * reach ** 2, 1.1 * reach ** 2)
    ax.set_xlabel("x", labelpad=0)
    ax.set_ylabel("f(x) = x²")
    dots, tangents, readouts = {}, {}, {}
    for i, (name, st) in enumerate(STYLE.items()):
        dots[name], = ax.plot([], [], ls="none", **st)
        tangents[name], = ax.plot([], [], color=st["color"], lw=1.2, ls=":" if name == SUBCLASS else "-",
                                  zorder=2)
        ax.plot([], [], ls="none", **{**st, "ms": st["ms"] * 0.6}, label=name)
        readouts[name] = fig.text(0.03, 0.19 - 0.07 * i, "", fontsize=9, family="monospace",
                                  color=st["color"])
    ax.legend(loc="upper center", fontsize=7, framealpha=0.9, ncol=3, handletextpad=0.2, columnspacing=0.8)
    title = ax.set_title("", fontsize=9)
    images = []
    last = len(next(iter(paths.values()))[0]) - 1
    for k in picks:
        for name in STYLE:
            x, g = paths[name][0][k], paths[name][1][k]
            dots[name].set_data([x], [x * x])
            half = 0.35 * reach
            tangents[name].set_data([x - half, x + half], [x * x - g * half, x * x + g * half])
            readouts[name].set_text(f"{SHORT[name]:<9} x = {x:+.4g}   f(x) = {x * x:.4g}   f'(x) = {g:+.4g}")
        title.set_text(f"gradient descent, lr = {lr}: step {k} of {last}"
                       + ("  (final)" if k == last else ""))
        fig.canvas.draw()
        images.append(np.asarray(fig.canvas.buffer_rgba())[..., :3].copy())
    plt.close(fig)
    return images


def save_gif(images, path, ms_per_frame=120, hold_last_ms=1500, colors=16):
    """A small GIF: one shared palette for every frame (deterministic), the last frame held."""
    from PIL import Image
    frames = [Image.fromarray(a) for a in images]
    palette = frames[len(frames) // 2].quantize(colors=colors, method=Image.Quantize.MEDIANCUT, dither=0)
    quantized = [f.quantize(palette=palette, dither=Image.Dither.NONE) for f in frames]
    durations = [ms_per_frame] * (len(frames) - 1) + [hold_last_ms]
    quantized[0].save(path, save_all=True, append_images=quantized[1:], duration=durations, loop=0,
                      optimize=False, disposal=1)


def main(argv=None):
    p = _common.demo_parser(__doc__, "the starting point x0 (unless --x0 is given)")
    p.add_argument("--x0", type=float, default=None,
                   help="starting point; without it, x0 is drawn from --seed (0.5 <= |x0| <= 1.5)")
    p.add_argument("--lr", type=float, default=0.01, help="step size of every method")
    p.add_argument("--steps", type=int, default=800, help="gradient steps per method")
    p.add_argument("--frames", type=int, default=30, help="frames in the GIF (spaced by how far the points move)")
    args = _common.parse(p, argv)
    if args.steps < 1 or args.frames < 2:
        p.error("--steps must be at least 1 and --frames at least 2")
    x0 = args.x0 if args.x0 is not None else starting_point(args.seed)

    print(f"gradient descent on f(x) = x**2 from x0 = {x0:.6g}, lr = {args.lr}, {args.steps} steps"
          + ("" if args.x0 is not None else f" (x0 drawn from seed {args.seed})"))
    paths = run(x0, args.steps, args.lr, device=args.device)
    exact = x0 * (1 - 2 * args.lr) ** args.steps
    for name, (xs, _) in paths.items():
        print(f"  {name:<24} x = {xs[-1]:+.6g}")
    print(f"  plain gradient descent multiplies x by (1 - 2 lr) each step: x0 * {1 - 2 * args.lr:g}^{args.steps} "
          f"= {exact:+.6g}")
    same = paths[LOOP][0] == paths[SUBCLASS][0]
    print(f"  the loop and the Optimizer subclass {'agree at every step' if same else 'DIFFER'}")
    picks = pick_frames(paths, args.frames)
    gif = os.path.join(args.out, "gradient_descent.gif")
    save_gif(render_frames(paths, picks, args.lr), gif)
    print(f"  the GIF shows steps 0 to {picks[-2]} (where the points move) and the final step {picks[-1]}")
    _common.report_written([gif])
    return paths


if __name__ == "__main__":
    main()
