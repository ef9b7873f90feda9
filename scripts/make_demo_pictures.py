"""Regenerate the demo pictures that README.md shows: docs/images/demos/.

    python3 scripts/make_demo_pictures.py            # rewrite the pictures and their data
    python3 scripts/make_demo_pictures.py --check    # exit 1 if they are stale (what the test does)

Each picture is drawn by its demo's own functions from fixed settings (seed 0, CPU), so the same code
gives the same picture. Beside the pictures, pictures.json records, for each one, the command that
shows the same thing, a SHA-256 of every source file that shapes it, and pictures.npz the numbers it
draws. tests/test_demo_pictures.py recomputes those numbers and compares them (with a tolerance, so a
different BLAS or NumPy does not matter) and compares the source hashes: if a demo or this script
changed, or the numbers moved, the pictures are stale and this script must be run again.
"""
from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import sys

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "docs", "images", "demos")
MANIFEST = os.path.join(OUT, "pictures.json")
DATA = os.path.join(OUT, "pictures.npz")
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "demos"))

import minigrad as torch  # noqa: E402  (this repository's copy)

GD_FRAMES = 24
NMF_ITERS = 200
DIGITS, DIGITS_ITERS = 500, 100


def load_demo(name):
    spec = importlib.util.spec_from_file_location(f"picture_{name}", os.path.join(ROOT, "demos", f"{name}.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def compute():
    """The numbers every picture draws, by name (float64 arrays; NaN kept)."""
    data = {}
    conv = load_demo("conv_classifier").run(seed=0, epochs=2, show_progress=False)
    data["conv.losses"] = np.array(conv["losses"])
    data["conv.labels"] = np.array(conv["labels"], dtype=np.float64)
    data["conv.epoch_means"] = np.array(conv["epoch_means"])
    data["conv.accuracy"] = np.array([conv[w][k] for w in ("before", "after") for k in ("clean", "noisy")])
    gd = load_demo("gradient_descent")
    paths = gd.run(gd.starting_point(0), steps=800, show_progress=False)
    picks = gd.pick_frames(paths, GD_FRAMES)
    data["gd.picks"] = picks.astype(np.float64)
    data["gd.x"] = np.array([np.array(paths[n][0])[picks] for n in paths])
    data["gd.grad"] = np.array([np.array(paths[n][1])[picks] for n in paths])
    nmf = load_demo("nmf")
    Xn, k = nmf.load_data("synthetic", 0)
    results = nmf.run_all(Xn, k, NMF_ITERS, seed=0, show_progress=False)
    for i, (name, res) in enumerate(results.items()):
        data[f"nmf.{i}.losses"] = np.array(res["losses"], dtype=np.float64)
        data[f"nmf.{i}.counts"] = np.array(res["counts"], dtype=np.float64)
    Xd, kd = nmf.load_data("digits", 0)                 # scikit-learn's digits: only the β = 1 run's parts,
    Xd = Xd[:DIGITS]                                    # on fewer images and iterations to keep the test quick
    W, H = nmf.init_factors(Xd, kd, 0, "cpu")
    nmf.multiplicative(torch.tensor(Xd), W, H, DIGITS_ITERS, 1.0)
    data["nmf.parts"] = H.detach().numpy()
    return data, {"conv": conv, "gd": (gd, paths, picks), "nmf": (nmf, results, k), "parts": data["nmf.parts"]}


PICTURES = {
    "conv_classifier_loss.png": dict(command="python demos/conv_classifier.py --seed 0",
                                     sources=["demos/conv_classifier.py"]),
    "gradient_descent.gif": dict(command=f"python demos/gradient_descent.py --seed 0 --frames {GD_FRAMES}",
                                 sources=["demos/gradient_descent.py"]),
    "nmf_loss.png": dict(command=f"python demos/nmf.py --seed 0 --iters {NMF_ITERS}", sources=["demos/nmf.py"]),
    "nmf_parts.png": dict(command=f"python demos/nmf.py --data digits --seed 0 --iters {DIGITS_ITERS} (its parts; "
                                  f"the picture uses the first {DIGITS} digits only)",
                          sources=["demos/nmf.py"]),
}
SHARED_SOURCES = ["demos/_common.py", "scripts/make_demo_pictures.py"]


def source_hashes(name):
    out = {}
    for rel in PICTURES[name]["sources"] + SHARED_SOURCES:
        with open(os.path.join(ROOT, rel), "rb") as f:
            out[rel] = hashlib.sha256(f.read().replace(b"\r\n", b"\n")).hexdigest()
    return out


def draw(made):
    conv = made["conv"]
    conv_demo = load_demo("conv_classifier")
    conv_demo.plot_losses(conv["losses"], conv["labels"], conv["epoch_means"],
                          os.path.join(OUT, "conv_classifier_loss.png"),
                          "Conv2d(1, 4, kernel_size=4) on patterns A and B (seed 0)")
    gd, paths, picks = made["gd"]
    gd.save_gif(gd.render_frames(paths, picks, 0.01), os.path.join(OUT, "gradient_descent.gif"))
    nmf, results, k = made["nmf"]
    written = nmf.plot(results, made["parts"], OUT, f"NMF of the synthetic data, k = {k}, seed 0")
    return written


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--check", action="store_true", help="only say whether the pictures are stale (exit 1 if so)")
    args = p.parse_args(argv)
    if args.check:
        problems = stale_reasons()
        for line in problems:
            print(line)
        return 1 if problems else 0
    os.makedirs(OUT, exist_ok=True)
    data, made = compute()
    draw(made)
    save_arrays(DATA, data)
    manifest = {name: dict(PICTURES[name], sources=source_hashes(name)) for name in PICTURES}
    with open(MANIFEST, "w") as f:
        json.dump(manifest, f, indent=1, sort_keys=True)
        f.write("\n")
    for name in sorted(PICTURES) + ["pictures.json", "pictures.npz"]:
        path = os.path.join(OUT, name)
        print(f"wrote {os.path.relpath(path, ROOT)} ({os.path.getsize(path) / 1024:.0f} KB)")
    return 0


def save_arrays(path, arrays):
    """Like np.savez_compressed, but with a fixed date in the zip entries, so equal data give equal bytes."""
    import io
    import zipfile
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for key in sorted(arrays):
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.asarray(arrays[key]), allow_pickle=False)
            zf.writestr(zipfile.ZipInfo(f"{key}.npy", date_time=(1980, 1, 1, 0, 0, 0)), buf.getvalue(),
                        compress_type=zipfile.ZIP_DEFLATED)


def stale_reasons(data=None):
    """Why the committed pictures do not match the code (empty list: they are fresh)."""
    fix = "run python scripts/make_demo_pictures.py and commit docs/images/demos/"
    if not os.path.exists(MANIFEST) or not os.path.exists(DATA):
        return [f"docs/images/demos/pictures.json or pictures.npz is missing: {fix}"]
    with open(MANIFEST) as f:
        manifest = json.load(f)
    problems = []
    if set(manifest) != set(PICTURES):
        problems.append(f"the pictures listed in pictures.json are not those this script makes: {fix}")
    for name in PICTURES:
        if not os.path.exists(os.path.join(OUT, name)):
            problems.append(f"docs/images/demos/{name} is missing: {fix}")
        elif name in manifest and manifest[name]["sources"] != source_hashes(name):
            changed = [k for k, v in source_hashes(name).items() if manifest[name]["sources"].get(k) != v]
            problems.append(f"{name} was drawn by older code ({', '.join(changed)} changed since): {fix}")
    saved = np.load(DATA, allow_pickle=False)
    data = compute()[0] if data is None else data
    if set(saved.files) != set(data):
        problems.append(f"pictures.npz holds other numbers than the pictures draw now: {fix}")
    for key in sorted(set(saved.files) & set(data)):
        a, b = saved[key], data[key]
        # float32 runs differ in the last bits between BLAS builds and op orders: compare to 1e-4 of the scale
        scale = float(np.nanmax(np.abs(a))) if a.size and np.isfinite(a).any() else 1.0
        if a.shape != b.shape or not np.allclose(a, b, rtol=1e-4, atol=1e-4 * scale, equal_nan=True):
            problems.append(f"the numbers behind {key} changed: {fix}")
    return problems


if __name__ == "__main__":
    sys.exit(main())
