"""Dishonest (a runner with the judge's own uid): opens the folder above minigrad and reads minigrad's optimizer
source relative to it (os.open with dir_fd), which a path check of the opened name alone would miss; it would
then run that source under another name. Deserves 0, and nothing of minigrad's source may be read."""
import os

import minigrad

_top = os.path.dirname(os.path.dirname(os.path.abspath(minigrad.__file__)))
out = []
try:
    _dfd = os.open(_top, os.O_RDONLY)
    _fd = os.open("minigrad/optim/sgd.py", os.O_RDONLY, dir_fd=_dfd)
    out.append("READ " + os.read(_fd, 200).decode(errors="replace"))
except BaseException as e:          # noqa: BLE001
    out.append(f"refused: {e}")
raise RuntimeError(" | ".join(out))
