"""What every demo shares: the flags ``--device``, ``--seed``, ``--out``, a clean exit on bad ones, and progress.

    parser = demo_parser(__doc__)          # adds --device/--seed/--out with help texts and defaults
    parser.add_argument(...)               # the demo's own flags (their defaults appear in --help)
    args = parse(parser, argv)             # seeds minigrad, checks the device, creates --out
    for step in progress(range(n), "training"):   # a progress bar, shown only if the loop takes > 2 s
        ...
    report_written([path, ...])            # says where each file went
"""
from __future__ import annotations

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import minigrad  # noqa: E402

PROGRESS_DELAY_S = 2.0      # a loop that ends sooner shows no bar at all


class _HelpFormatter(argparse.RawDescriptionHelpFormatter, argparse.ArgumentDefaultsHelpFormatter):
    """Keeps the docstring's layout and adds "(default: ...)" to every option that has help text and a
    default (an option whose default is None says in its help what happens without it)."""

    def _get_help_string(self, action):
        if action.default is None:
            return action.help
        return super()._get_help_string(action)


def demo_parser(doc: str, seed_changes: str = "every random number the demo draws"
                ) -> argparse.ArgumentParser:
    """The parser with the shared flags; ``seed_changes`` says in --help what --seed changes."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=_HelpFormatter)
    parser.add_argument("--device", default="cpu",
                        help="where tensors live: cpu, cuda or cuda:N (cuda needs CuPy and an NVIDIA GPU)")
    parser.add_argument("--seed", type=int, default=0,
                        help=f"seed of the random numbers: changes {seed_changes}")
    parser.add_argument("--out", default="out", help="folder for the files the demo writes")
    return parser


def parse(parser: argparse.ArgumentParser, argv=None) -> argparse.Namespace:
    """Parse the flags; a device that cannot be used ends the demo with a one-line error (exit code 2)."""
    args = parser.parse_args(argv)
    try:
        device = minigrad.device(args.device)
    except (ValueError, RuntimeError, TypeError) as err:
        parser.exit(2, f"{parser.prog}: error: --device {args.device}: {_first_line(err)}\n")
    if device.type == "cuda":
        if not minigrad.cuda.is_available():
            parser.exit(2, f"{parser.prog}: error: --device {args.device} needs CuPy and an NVIDIA GPU, and this "
                           "machine has none usable (install CuPy with `pip install \".[cuda]\"`, or use "
                           "--device cpu)\n")
        count = minigrad.cuda.device_count()
        if device.index is not None and device.index >= count:
            parser.exit(2, f"{parser.prog}: error: --device {args.device}: this machine has {count} GPU(s), "
                           f"numbered 0 to {count - 1}\n")
    args.device = str(device)
    minigrad.manual_seed(args.seed)
    os.makedirs(args.out, exist_ok=True)
    return args


def progress(iterable, desc: str, total=None, enabled: bool = True):
    """``iterable`` with a tqdm progress bar on stderr that appears once the loop has run for 2 s."""
    if not enabled:
        return iterable
    try:
        from tqdm.auto import tqdm
    except ImportError:                      # tqdm is a dependency; without it the demo still runs
        return iterable
    return tqdm(iterable, desc=desc, total=total, delay=PROGRESS_DELAY_S, leave=False, file=sys.stderr,
                dynamic_ncols=True)


def report_written(paths) -> None:
    """Print where each file the demo wrote went."""
    for path in paths:
        print(f"wrote {path}")


def _first_line(err: BaseException) -> str:
    text = str(err).strip().splitlines()
    return text[0] if text else type(err).__name__
