"""A layered drawing of the graph, with no Graphviz: positions, then SVG text or a PNG through matplotlib.

The layout is the classic one for directed graphs, kept short:
1. layers: each box one layer below its lowest input (data flows down; leaves and constants sit just
   above the first box that uses them);
2. links that skip layers get invisible waypoints, one per layer crossed;
3. the order inside each layer is improved by a few sweeps that move each box to the mean position
   of its neighbours in the layer above (then below), which removes most crossings;
4. x positions: boxes side by side, pulled toward their neighbours, never overlapping.

Everything is computed from the model alone, in a fixed order, so the same graph always gives the
same SVG text (the docs' pictures are compared as text in the tests).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

CHAR_W = 7.3          # width of one character of the 12px monospace font, in pixels
LINE_H = 15
PAD_X, PAD_Y = 9, 6
GAP_X, GAP_Y = 26, 46
MARGIN = 12

STYLE = {   # fill, stroke, dashed, text colour
    "leaf": ("#cfe8fc", "#3b6ea5", False, "#111"),
    "op": ("#f2f2f2", "#555", False, "#111"),
    "output": ("#d5f5d5", "#2e7d32", False, "#111"),
    "const": ("#fbfbfb", "#999", True, "#666"),
}


@dataclass
class Placed:
    id: str
    kind: str
    lines: list
    x: float = 0.0          # centre
    y: float = 0.0          # top
    w: float = 0.0
    h: float = 0.0
    layer: int = 0


@dataclass
class Layout:
    boxes: dict                                   # id -> Placed, in the model's order
    links: list                                   # (link, [(x, y), ...] points from source to target)
    width: float = 0.0
    height: float = 0.0
    extra: dict = field(default_factory=dict)


def layout(model, box_lines, extra_line=False, link_text=None) -> Layout:
    """Place the model's boxes. ``box_lines(box)``: the text lines of a box. ``extra_line``: leave
    room for one more line (True: of 34 characters; a number: of that many) in every box but
    constants (the player writes the gradient buffer there)."""
    placed = {}
    for b in model.boxes:
        lines = box_lines(b)
        n = len(lines) + (1 if extra_line and b.kind != "const" else 0)
        reserve = (34 if extra_line is True else int(extra_line)) if extra_line and b.kind != "const" else 0
        longest = max([len(s) for s in lines] + [reserve])
        placed[b.id] = Placed(b.id, b.kind, lines, w=round(longest * CHAR_W + 2 * PAD_X, 1),
                              h=n * LINE_H + 2 * PAD_Y)
    ins = {i: [] for i in placed}
    outs = {i: [] for i in placed}
    for ln in model.links:
        outs[ln.src].append(ln.dst)
        ins[ln.dst].append(ln.src)

    # 1. layers: longest path from the sources (model order is a topological order), then sources
    #    moved down next to their first consumer
    order = list(placed)
    layer = {}
    for i in order:
        layer[i] = max((layer[s] + 1 for s in ins[i] if s in layer), default=0)
    for i in order:
        if not ins[i] and outs[i]:
            layer[i] = max(0, min(layer[d] for d in outs[i]) - 1)

    # 2. waypoints for links that skip layers
    nodes_in = {}
    for i in order:
        nodes_in.setdefault(layer[i], []).append(i)
    chains, up, down = [], {i: [] for i in order}, {i: [] for i in order}
    for k, ln in enumerate(model.links):
        chain = [ln.src]
        for L in range(layer[ln.src] + 1, layer[ln.dst]):
            d = f"_w{k}_{L}"
            layer[d] = L
            nodes_in.setdefault(L, []).append(d)
            up[d], down[d] = [], []
            chain.append(d)
        chain.append(ln.dst)
        for a, b in zip(chain, chain[1:]):
            down[a].append(b)
            up[b].append(a)
        chains.append(chain)
    layers = [nodes_in.get(L, []) for L in range(max(layer.values()) + 1)]

    # 3. order inside layers: barycentre sweeps
    pos = {i: k for L in layers for k, i in enumerate(L)}
    for sweep in range(4):
        rng = range(1, len(layers)) if sweep % 2 == 0 else range(len(layers) - 2, -1, -1)
        for L in rng:
            nb = up if sweep % 2 == 0 else down
            def key(i, nb=nb):
                ps = [pos[j] for j in nb[i]]
                return (sum(ps) / len(ps)) if ps else pos[i]
            layers[L].sort(key=lambda i: (key(i), pos[i]))
            for k, i in enumerate(layers[L]):
                pos[i] = k

    # 4. x positions
    def width(i):
        return placed[i].w if i in placed else 0.0
    x = {}
    for L in layers:
        cur = 0.0
        for i in L:
            x[i] = cur + width(i) / 2
            cur += width(i) + GAP_X
        shift = (cur - GAP_X) / 2
        for i in L:
            x[i] -= shift
    for sweep in range(6):
        rng = range(len(layers)) if sweep % 2 == 0 else range(len(layers) - 1, -1, -1)
        for L in rng:
            nodes = layers[L]
            want = {}
            for i in nodes:
                nb = up[i] + down[i]
                want[i] = sum(x[j] for j in nb) / len(nb) if nb else x[i]
            _place_row(nodes, want, width, x)

    heights = [max([placed[i].h for i in L if i in placed] + [0]) for L in layers]
    ys, cur = [], 0.0
    for h in heights:
        ys.append(cur)
        cur += h + GAP_Y
    left = min(x[i] - width(i) / 2 for L in layers for i in L)
    right = max(x[i] + width(i) / 2 for L in layers for i in L)
    dx = MARGIN - left
    for i, p in placed.items():
        p.layer = layer[i]
        p.x = round(x[i] + dx, 1)
        p.y = round(ys[layer[i]] + (heights[layer[i]] - p.h) / 2 + MARGIN, 1)

    # where each link leaves its source and enters its target: spread along the box's edge, in the
    # order of the box at the other end (two arrows between the same boxes stay apart)
    def other_x(chain, at):
        j = chain[1] if at == 0 else chain[-2]
        return x[j]
    start, end = {}, {}
    for side, table, at in (("src", start, 0), ("dst", end, -1)):
        groups = {}
        for k, (ln, chain) in enumerate(zip(model.links, chains)):
            groups.setdefault(getattr(ln, side), []).append((other_x(chain, at), ln.slot, k))
        for i, items in groups.items():
            items.sort()
            n = len(items)
            step = min(16.0, placed[i].w / (n + 1))
            for r, (_, _, k) in enumerate(items):
                table[k] = x[i] + (r - (n - 1) / 2) * step
    rank = {}
    for k, ln in enumerate(model.links):
        rank[k] = sum(1 for j in range(k) if model.links[j].dst == ln.dst)
    n_in = {i: sum(1 for ln in model.links if ln.dst == i) for i in placed}
    links = []
    right_edge = right
    for k, (ln, chain) in enumerate(zip(model.links, chains)):
        s, t = placed[ln.src], placed[ln.dst]
        pts = [(round(start[k] + dx, 1), round(s.y + s.h, 1))]
        for d in chain[1:-1]:
            yd = ys[layer[d]] + MARGIN
            pts.append((round(x[d] + dx, 1), round(yd, 1)))
            pts.append((round(x[d] + dx, 1), round(yd + heights[layer[d]], 1)))
        pts.append((round(end[k] + dx, 1), t.y))
        at = _label_pos(pts, (rank[k] + 1) / (n_in[ln.dst] + 1))
        links.append((ln, pts, at))
        label = link_text(ln) if link_text else ln.label
        if label:
            right_edge = max(right_edge, at[0] - dx + len(label) * CHAR_W * 0.92)
    return Layout(placed, links, round(right_edge - left + 2 * MARGIN, 1), round(cur - GAP_Y + 2 * MARGIN, 1))


def _place_row(nodes, want, width, x):
    """Put the row's boxes as close to where they want to be as their order and the gaps allow."""
    if not nodes:
        return
    cur = None
    placed = []
    for i in nodes:
        lo = want[i] if cur is None else max(want[i], cur + width(i) / 2)
        placed.append(lo)
        cur = lo + width(i) / 2 + GAP_X
    # shift the row so that, on average, boxes are where they want to be
    shift = sum(want[i] - p for i, p in zip(nodes, placed)) / len(nodes)
    for i, p in zip(nodes, placed):
        x[i] = p + shift


# ---------------------------------------------------------------------------------------------
# SVG
# ---------------------------------------------------------------------------------------------
def _path(pts):
    """A smooth path through the points: vertical tangents at each end of every segment."""
    d = f"M{pts[0][0]},{pts[0][1]}"
    for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
        if x0 == x1:
            d += f" L{x1},{y1}"
        else:
            my = round((y0 + y1) / 2, 1)
            d += f" C{x0},{my} {x1},{my} {x1},{y1}"
    return d


def _label_pos(pts, f=0.5):
    """Where a link's label goes: beside its last segment, a fraction ``f`` of the way down (the
    labels of the arrows entering one box are staggered)."""
    (x0, y0), (x1, y1) = pts[-2], pts[-1]
    t = 0.5 - 0.5 * math.cos(math.pi * f)     # the curve's x at height f
    return round(x0 + (x1 - x0) * t + 5, 1), round(y0 + (y1 - y0) * f + 4, 1)


def to_svg(lay: Layout, link_text=None, title="", player=False) -> str:
    """SVG text of a layout. ``link_text(link)``: the label of a link. ``player``: give every box,
    link and the buffer line an id the HTML player can find."""
    w, h = lay.width, lay.height
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" '
           f'font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" font-size="12">']
    if title:
        out.append(f"<title>{escape(title)}</title>")
    out.append('<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="9" '
               'markerHeight="9" markerUnits="userSpaceOnUse" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#666"/>'
               '</marker></defs>')
    for k, (ln, pts, at) in enumerate(lay.links):
        dashed = ' stroke-dasharray="4 3"' if lay.boxes[ln.src].kind == "const" else ""
        lid = f' id="link-{ln.src}-{ln.dst}-{ln.slot}" class="link"' if player else ""
        out.append(f'<path{lid} d="{_path(pts)}" fill="none" stroke="#666" stroke-width="1.3"{dashed} '
                   'marker-end="url(#arrow)"/>')
        text = link_text(ln) if link_text else ln.label
        if text or player:
            lx, ly = at
            tid = f' id="linklabel-{ln.src}-{ln.dst}-{ln.slot}" class="linklabel"' if player else ""
            out.append(f'<text{tid} x="{lx}" y="{ly}" font-size="11" fill="#8a3b00" stroke="#fff" stroke-width="3" '
                       f'paint-order="stroke">{escape(text or "")}</text>')
    for b in lay.boxes.values():
        fill, stroke, dashed, colour = STYLE[b.kind]
        gid = f' id="box-{b.id}"' if player else ""
        out.append(f'<g{gid} class="box {b.kind}">')
        dash = ' stroke-dasharray="5 3"' if dashed else ""
        out.append(f'<rect x="{round(b.x - b.w / 2, 1)}" y="{b.y}" width="{b.w}" height="{b.h}" rx="6" '
                   f'fill="{fill}" stroke="{stroke}" stroke-width="1.2"{dash}/>')
        for k, line in enumerate(b.lines):
            weight = ' font-weight="bold"' if k == 0 and b.kind != "const" else ""
            out.append(f'<text x="{b.x}" y="{round(b.y + PAD_Y + LINE_H * (k + 1) - 3.5, 1)}" '
                       f'text-anchor="middle" fill="{colour}"{weight}>{escape(line)}</text>')
        if player and b.kind != "const":
            out.append(f'<text id="buf-{b.id}" class="buf" x="{b.x}" '
                       f'y="{round(b.y + PAD_Y + LINE_H * (len(b.lines) + 1) - 3.5, 1)}" text-anchor="middle" '
                       'fill="#8a3b00"></text>')
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------
# PNG (and any other matplotlib format) from the same layout
# ---------------------------------------------------------------------------------------------
def to_png(lay: Layout, path, link_text=None, dpi=150, overlay=None):
    """Draw the layout with matplotlib and save it (the format follows the suffix). ``overlay(ax, lay)``
    may draw more on top (the GIF's highlights)."""
    import matplotlib.pyplot as plt              # matplotlib is optional: imported only to draw PNG/PDF
    fig = figure(lay, link_text, dpi, overlay)
    try:
        fig.savefig(path, dpi=dpi)
    finally:
        plt.close(fig)
    return path


def figure(lay: Layout, link_text=None, dpi=100, overlay=None, extra_h=0.0):
    """A matplotlib figure of the layout, in pixel coordinates (y down). ``extra_h``: pixels added
    below the graph (for a caption)."""
    import matplotlib                            # matplotlib is optional: imported only to draw PNG/PDF
    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt
    from matplotlib import patheffects
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch
    from matplotlib.path import Path as MPath

    W, H = lay.width, lay.height + extra_h
    fig = plt.figure(figsize=(W / 100, H / 100), dpi=dpi)
    ax = fig.add_axes([0, 0, 1, 1])
    ax.set_xlim(0, W)
    ax.set_ylim(H, 0)
    ax.axis("off")
    pt = 12 * 72 / 100          # 12 px at 100 px per inch, in points
    halo = [patheffects.withStroke(linewidth=3, foreground="white")]
    for ln, pts, at in lay.links:
        verts, codes = [pts[0]], [MPath.MOVETO]
        for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
            my = (y0 + y1) / 2
            verts += [(x0, my), (x1, my), (x1, y1)]
            codes += [MPath.CURVE4] * 3
        dashed = lay.boxes[ln.src].kind == "const"
        ax.add_patch(FancyArrowPatch(path=MPath(verts, codes), arrowstyle="-|>", mutation_scale=10,
                                     color="#666", lw=1.1, linestyle="--" if dashed else "-"))
        text = link_text(ln) if link_text else ln.label
        if text:
            ax.text(at[0], at[1], text, fontsize=pt * 0.9, color="#8a3b00", family="monospace", va="baseline",
                    path_effects=halo, zorder=5)
    for b in lay.boxes.values():
        fill, stroke, dashed, colour = STYLE[b.kind]
        ax.add_patch(FancyBboxPatch((b.x - b.w / 2, b.y), b.w, b.h, boxstyle="round,pad=0,rounding_size=6",
                                    fc=fill, ec=stroke, lw=1.1, linestyle="--" if dashed else "-"))
        for k, line in enumerate(b.lines):
            ax.text(b.x, b.y + PAD_Y + LINE_H * (k + 1) - 3.5, line, ha="center", va="baseline",
                    fontsize=pt, family="monospace", color=colour,
                    fontweight="bold" if k == 0 and b.kind != "const" else "normal")
    if overlay is not None:
        overlay(ax, lay, pt)
    return fig
