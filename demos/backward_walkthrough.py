"""Watch backward() run on one neuron: its graph with values, a step-through player, the same gradients by hand.

    python3 demos/backward_walkthrough.py --out out/ [--seed 3] [--device cuda]

builds

    y    = tanh(w · x + b)          x: an input (no grad), w and b: parameters (random, from --seed)
    loss = (y - 1)²

prints the trace of loss.backward() (one row per gradient, in the order the engine ran the nodes),
checks it against the chain rule written out by hand, and writes into --out:

    graph.svg, graph.png   the graph with each node's data and gradient, arrows numbered by step
    graph.dot              the same graph as Graphviz text
    player.html            the step-through player: open it in a browser, use the arrow keys
    backward.gif           the player's story as an animation (for places without JavaScript)
    trace.txt              the table printed below

The longer tour is docs/how-backward-works.md (and docs/notebooks/backward_walkthrough.ipynb).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _common import demo_parser, parse, report_written   # noqa: E402

import minigrad as torch      # noqa: E402
from minigrad import viz      # noqa: E402


def build(device="cpu"):
    """The neuron and its loss, with random inputs and parameters drawn from minigrad's seeded
    generator; returns the tensors by name (the trace and the graph label them)."""
    x = torch.randn(3, device=device).round(decimals=1)               # an input: needs no gradient
    w = torch.randn(3, device=device).round(decimals=1).requires_grad_()
    b = (torch.randn((), device=device) * 0.5).round(decimals=1).requires_grad_()
    pre = (w * x).sum() + b
    y = torch.tanh(pre)
    loss = (y - 1) ** 2
    return {"x": x, "w": w, "b": b, "pre": pre, "y": y, "loss": loss}


def by_hand(t):
    """The chain rule, written out: what the trace's numbers should be."""
    y, x = t["y"].item(), t["x"].cpu().numpy()
    dloss_dy = 2 * (y - 1)                    # d/dy (y - 1)² = 2(y - 1)
    dloss_dpre = dloss_dy * (1 - y ** 2)      # d/dpre tanh(pre) = 1 - tanh² = 1 - y²
    return {"dloss/dy": dloss_dy, "dloss/dpre": dloss_dpre,
            "dloss/dw": (dloss_dpre * x).tolist(),  # d/dw (w · x) = x
            "dloss/db": dloss_dpre}                 # d/db (... + b) = 1


def main(argv=None):
    parser = demo_parser(__doc__)
    args = parse(parser, argv)
    out = Path(args.out)

    t = build(args.device)
    names = {k: v for k, v in t.items() if k != "x"}
    loss = t["loss"]
    def show(v):
        return viz.model.format_values(v.detach().cpu().numpy())
    print(f"x = {show(t['x'])}, w = {show(t['w'])}, b = {show(t['b'])}")
    print(f"loss = (tanh(w · x + b) - 1)² = {loss.item():.6f}\n")

    with torch.autograd.trace(params=names) as tr:
        loss.backward()
    print(tr)

    print("\nby hand (chain rule):")
    for k, v in by_hand(t).items():
        shown = "[" + ", ".join(f"{a:.4g}" for a in v) + "]" if isinstance(v, list) else f"{v:.4g}"
        print(f"  {k:<11} = {shown}")
    print(f"  w.grad      = {t['w'].grad}")
    print(f"  b.grad      = {t['b'].grad}")
    print()

    g = viz.graph(loss, params=names, trace=tr, values=True)
    written = [g.save(out / "graph.svg"), g.save(out / "graph.png"), g.save(out / "graph.dot"),
               tr.save_html(out / "player.html", loss), tr.animate(out / "backward.gif", loss)]
    (out / "trace.txt").write_text(str(tr) + "\n")
    written.append(out / "trace.txt")
    report_written(written)
    print(f"open {out / 'player.html'} in a browser and step with the arrow keys")
    return tr


if __name__ == "__main__":
    main()
