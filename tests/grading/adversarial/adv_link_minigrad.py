"""Dishonest (a runner with the judge's own uid): hard-links minigrad's optimizer file into its own folder, to read
and run it under another name; failing that, renames it away (which would break every later grading). Deserves 0,
and minigrad's files must be untouched."""
import os

import minigrad

_src = os.path.join(os.path.dirname(minigrad.__file__), "optim", "sgd.py")
_here = os.path.dirname(os.path.abspath(__file__))
errors = []
try:
    os.link(_src, os.path.join(_here, "copy_of_sgd.py"))
    errors.append("linked")
except BaseException as e:          # noqa: BLE001
    errors.append(f"link: {e}")
try:
    os.rename(_src, _src + ".moved")
    errors.append("renamed")
except BaseException as e:          # noqa: BLE001
    errors.append(f"rename: {e}")
raise RuntimeError(" | ".join(errors))
