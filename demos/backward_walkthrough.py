"""Watch backward() run on one neuron: its graph, the step-by-step trace, and the same gradients by hand.

    python3 demos/backward_walkthrough.py --out out/

prints the trace of

    y    = tanh(w · x + b)          x: an input (no grad), w and b: parameters
    loss = (y - 1)²

and writes out/graph.dot (always), out/graph.svg (when Graphviz's `dot` is installed) and
out/trace.txt. The longer tour is docs/how-backward-works.md.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import minigrad as torch      # noqa: E402
from minigrad import viz      # noqa: E402


def build():
    """The neuron and its loss; returns the tensors by name (the trace and graph label them)."""
    x = torch.tensor([1.0, -2.0, 3.0])                             # an input: needs no gradient
    w = torch.tensor([0.5, 0.25, -0.5], requires_grad=True)
    b = torch.tensor(0.1, requires_grad=True)
    pre = (w * x).sum() + b
    y = torch.tanh(pre)
    loss = (y - 1) ** 2
    return {"x": x, "w": w, "b": b, "pre": pre, "y": y, "loss": loss}


def by_hand(t):
    """The chain rule, written out: what the trace's numbers should be."""
    y, x = t["y"].item(), t["x"]
    dloss_dy = 2 * (y - 1)                    # d/dy (y - 1)² = 2(y - 1)
    dloss_dpre = dloss_dy * (1 - y ** 2)      # d/dpre tanh(pre) = 1 - tanh² = 1 - y²
    return {"dloss/dy": dloss_dy, "dloss/dpre": dloss_dpre,
            "dloss/dw": (dloss_dpre * x).tolist(),  # d/dw (w · x) = x
            "dloss/db": dloss_dpre}                 # d/db (... + b) = 1


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default="out", help="folder for graph.dot / graph.svg / trace.txt")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    t = build()
    names = {k: v for k, v in t.items() if k != "x"}
    loss = t["loss"]
    print(f"loss = (tanh(w · x + b) - 1)² = {loss.item():.6f}\n")

    (out / "graph.dot").write_text(viz.to_dot(loss, params=names))
    viz.draw(loss, out / "graph.svg", params=names)      # falls back to graph.dot without Graphviz

    with torch.autograd.trace(params=names) as tr:
        loss.backward()
    print(tr)
    (out / "trace.txt").write_text(str(tr) + "\n")

    print("\nby hand (chain rule):")
    for k, v in by_hand(t).items():
        shown = "[" + ", ".join(f"{a:.4g}" for a in v) + "]" if isinstance(v, list) else f"{v:.4g}"
        print(f"  {k:<11} = {shown}")
    print(f"  w.grad      = {t['w'].grad}")
    print(f"  b.grad      = {t['b'].grad}")
    print(f"\ngraph and trace written to {out}/ (graph.dot: paste it into any Graphviz viewer)")
    return tr


if __name__ == "__main__":
    main()
