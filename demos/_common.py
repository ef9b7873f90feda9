"""What every demo shares: the flags ``--device``, ``--seed``, ``--out``, and a clean exit on bad ones.

    parser = demo_parser(__doc__)          # adds --device/--seed/--out with help texts and defaults
    parser.add_argument(...)               # the demo's own flags
    args = parse(parser, argv)             # seeds minigrad, checks the device, creates --out
    ...
    report_written([path, ...])            # says where each file went
"""
from __future__ import annotations

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import minigrad  # noqa: E402


def demo_parser(doc: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--device", default="cpu",
                        help="where tensors live: cpu, cuda or cuda:N (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=0,
                        help="seed of minigrad's random numbers (default: %(default)s)")
    parser.add_argument("--out", default="out", help="folder for the files the demo writes (default: %(default)s)")
    return parser


def parse(parser: argparse.ArgumentParser, argv=None) -> argparse.Namespace:
    """Parse the flags; a device that cannot be used ends the demo with a one-line error (exit code 2)."""
    args = parser.parse_args(argv)
    try:
        device = minigrad.device(args.device)
    except (ValueError, RuntimeError, TypeError) as err:
        parser.exit(2, f"{parser.prog}: error: --device {args.device}: {_first_line(err)}\n")
    if device.type == "cuda" and not minigrad.cuda.is_available():
        parser.exit(2, f"{parser.prog}: error: --device {args.device} needs CuPy and an NVIDIA GPU, and this "
                       "machine has none usable (install CuPy with `pip install \".[cuda]\"`, or use --device cpu)\n")
    args.device = str(device)
    minigrad.manual_seed(args.seed)
    os.makedirs(args.out, exist_ok=True)
    return args


def report_written(paths) -> None:
    """Print where each file the demo wrote went."""
    for path in paths:
        print(f"wrote {path}")


def _first_line(err: BaseException) -> str:
    text = str(err).strip().splitlines()
    return text[0] if text else type(err).__name__
