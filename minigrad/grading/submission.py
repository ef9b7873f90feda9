"""Importing a student's submission: a Python file, a package folder (with ``__init__.py``), or a folder of
modules (as Gradescope unpacks a submission), whose top-level names are searched in file order.

Runs inside the worker process: whatever the import does (print, loop, exit) happens there.
"""
from __future__ import annotations

import difflib
import importlib.util
import os
import sys

from .checks import describe_exception


class ImportFailed(Exception):
    """The submission could not be imported; the message is for the student."""


def root_of(path):
    """The folder whose files count as the student's (for pointing at their lines in tracebacks)."""
    path = os.path.abspath(path)
    return path if os.path.isdir(path) else os.path.dirname(path)


def _module_name(stem):
    return stem if stem.isidentifier() and stem not in sys.modules else "submission"


class Submission:
    def __init__(self, path):
        self.path = os.path.abspath(path)
        self.modules = []               # (file name, module), searched in this order

    def load(self):
        path = self.path
        if not os.path.exists(path):
            raise ImportFailed(f"the submission {path} does not exist")
        if os.path.isdir(path):
            init = os.path.join(path, "__init__.py")
            if os.path.exists(init):
                sys.path.insert(0, os.path.dirname(path))
                self._import(init, _module_name(os.path.basename(path)), package_dir=path)
            else:
                files = sorted(f for f in os.listdir(path)
                               if f.endswith(".py") and not f.startswith(("test_", "setup.py", "conftest")))
                if not files:
                    raise ImportFailed(f"the submission folder {path} holds no Python file (.py)")
                sys.path.insert(0, path)
                for f in files:
                    self._import(os.path.join(path, f), _module_name(f[:-3]))
        else:
            if not path.endswith(".py"):
                raise ImportFailed(f"the submission {os.path.basename(path)} is not a Python file (.py) or a folder")
            sys.path.insert(0, os.path.dirname(path))
            self._import(path, _module_name(os.path.basename(path)[:-3]))
        return self

    def _import(self, file, name, package_dir=None):
        shown = os.path.relpath(file, os.path.dirname(self.path))
        stem = os.path.basename(file)[:-3]
        known = sys.modules.get(stem)
        if package_dir is None and known is not None and os.path.abspath(getattr(known, "__file__", "") or "") == file:
            self.modules.append((shown, known))      # already imported by another file of the submission
            return
        try:
            spec = importlib.util.spec_from_file_location(
                name, file, submodule_search_locations=[package_dir] if package_dir else None)
            module = importlib.util.module_from_spec(spec)
            sys.modules[name] = module
            spec.loader.exec_module(module)
        except SystemExit as e:
            code = "" if e.code is None else repr(e.code)
            raise ImportFailed(f"importing your submission ({shown}) called sys.exit({code}):"
                               " put script code under `if __name__ == \"__main__\":` so that importing the file only "
                               "defines things") from None
        except SyntaxError as e:
            raise ImportFailed(f"your submission ({shown}) has a syntax error at line {e.lineno}: {e.msg}") from None
        except ModuleNotFoundError as e:
            hint = ""
            if e.name and e.name.split(".")[0] == "torch":
                hint = ": the grader runs on minigrad, not PyTorch; write `import minigrad as torch`"
            raise ImportFailed(f"importing your submission ({shown}) failed: {describe_exception(e)}{hint}") from None
        except BaseException as e:          # noqa: BLE001
            raise ImportFailed(f"importing your submission ({shown}) failed: {describe_exception(e)}") from None
        self.modules.append((shown, module))

    def lookup(self, name, expected=""):
        """(object, None), or (None, message) when no module of the submission defines ``name``."""
        for _, module in self.modules:
            if name in vars(module):
                return vars(module)[name], None
        names = sorted({n for _, m in self.modules for n in vars(m) if not n.startswith("_")})
        close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
        close += [n for n in names if n.lower() == name.lower() and n not in close]
        msg = f"your submission does not define `{name}`"
        if expected:
            msg += f" ({expected})"
        if close:
            msg += f"; did you mean `{close[0]}`? Names are case-sensitive"
        return None, msg
