"""The built-in assignments and how an assignment is found from its name or spec file.

An ASSIGNMENT argument is one of
  a built-in name    autograd-ops, conv2d, cross-entropy, sgd
  a spec file        path/to/spec.py defining ASSIGNMENT = minigrad.grading.Assignment(...)
  a module attribute package.module:NAME
"""
from __future__ import annotations

import importlib
import importlib.util
import os
import sys
import zlib

from ..spec import Assignment

BUILTIN = {
    "autograd-ops": "minigrad.grading.assignments.autograd_ops",
    "conv2d": "minigrad.grading.assignments.conv2d",
    "cross-entropy": "minigrad.grading.assignments.cross_entropy",
    "sgd": "minigrad.grading.assignments.sgd",
}

_LOADED = {}


def builtin_names():
    return list(BUILTIN)


def load_assignment(ref) -> Assignment:
    """The Assignment named by ``ref`` (see the module docstring); an Assignment is returned as is."""
    if isinstance(ref, Assignment):
        return ref
    ref = os.fspath(ref)
    key = ref.replace("_", "-").lower()
    if key in BUILTIN:
        if key not in _LOADED:
            _LOADED[key] = _from_module(importlib.import_module(BUILTIN[key]), key, key)
        return _LOADED[key]
    if ref.endswith(".py") or os.path.isfile(ref):
        path = os.path.abspath(ref)
        if path not in _LOADED:
            if not os.path.isfile(path):
                raise ValueError(f"assignment spec file {ref} does not exist")
            folder = os.path.dirname(path)
            if folder not in sys.path:
                sys.path.append(folder)         # the spec may import helpers next to it
            name = "minigrad_grading_spec_" + str(zlib.crc32(path.encode()))
            spec = importlib.util.spec_from_file_location(name, path)
            module = importlib.util.module_from_spec(spec)
            sys.modules[name] = module
            spec.loader.exec_module(module)
            _LOADED[path] = _from_module(module, path, ref)
        return _LOADED[path]
    if ":" in ref:
        mod, _, attr = ref.partition(":")
        if ref not in _LOADED:
            a = getattr(importlib.import_module(mod), attr)
            if not isinstance(a, Assignment):
                raise ValueError(f"{ref} is a {type(a).__name__}, not a minigrad.grading.Assignment")
            a.source = ref
            _LOADED[ref] = a
        return _LOADED[ref]
    raise ValueError(f"unknown assignment {ref!r}: use one of {', '.join(BUILTIN)}, a spec file (.py) defining "
                     "ASSIGNMENT, or module:NAME")


def _from_module(module, source, shown):
    a = getattr(module, "ASSIGNMENT", None) or getattr(module, "assignment", None)
    if not isinstance(a, Assignment):
        raise ValueError(f"{shown} does not define ASSIGNMENT = minigrad.grading.Assignment(...)")
    a.source = source
    return a
