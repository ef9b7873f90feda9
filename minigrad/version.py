"""``minigrad.__version__`` and ``minigrad.version``: which torch API minigrad speaks, and its own version.

Published programs branch on the torch version (``if torch.__version__ >= "2.0": model = torch.compile(model)``,
``version.parse(torch.__version__) < version.parse("1.12")`` raising ImportError, ``from torch._six import inf``
on old torch). minigrad follows torch 2.15's API, so ``__version__`` names that release, with minigrad's own
version as the local part: ``"2.15.0+minigrad.0.1.0"``. minigrad's own version stays in ``minigrad_version``
(and in the package metadata, ``importlib.metadata.version("minigrad")``).

``TorchVersion`` is a str that compares as a version with strings and tuples, as torch's
does: ``"2.15.0" >= "2.2"`` is False for plain strings and True here. (``packaging.version.parse`` of it works too.)
"""
import re

minigrad_version = "0.1.0"
torch_api_version = "2.15.0"
debug = False
cuda = None            # the CUDA toolkit torch was built with; minigrad's GPU path is CuPy's, chosen at run time
hip = None
rocm = None
xpu = None
git_version = "Unknown"

_VERSION = re.compile(r"v?(\d+(?:\.\d+)*)(?:[-_.]?(a|b|rc|c|alpha|beta|pre|preview)[-_.]?(\d*))?"
                      r"(?:[-_.]?(?:post|rev|r)[-_.]?(\d*))?(?:[-_.]?dev[-_.]?(\d*))?(?:\+([a-z0-9._-]+))?")
_PRE_RANK = {"a": 0, "alpha": 0, "b": 1, "beta": 1, "c": 2, "rc": 2, "pre": 2, "preview": 2}


def _version_key(text):
    """PEP 440 ordering key of ``text``; ValueError when it is not a version (the caller then compares strings)."""
    m = _VERSION.fullmatch(str(text).strip().lower())
    if m is None:
        raise ValueError(f"not a version: {text!r}")
    release, pre, pre_n, post, dev, local = m.groups()
    parts = [int(p) for p in release.split(".")]
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    if pre is not None:
        pre_key = (_PRE_RANK[pre], int(pre_n or 0))
    else:                                   # a final release sorts after its pre-releases; X.devN before them
        pre_key = (-1, 0) if dev is not None and post is None else (3, 0)
    local_key = tuple((1, int(p), "") if p.isdigit() else (0, 0, p) for p in re.split(r"[._-]", local)) if local else ()
    return (tuple(parts), pre_key, int(post) if post is not None else -1,
            int(dev or 0) if dev is not None else float("inf"), local_key)


class TorchVersion(str):
    """A version string that compares as a version with str and tuple (``(2, 1)``) operands."""

    __slots__ = ()
    __hash__ = str.__hash__

    def _compare(self, other, op):
        if isinstance(other, (tuple, list)):
            other = ".".join(str(p) for p in other)
        if not isinstance(other, str):
            return NotImplemented
        try:
            return op(_version_key(self), _version_key(other))
        except ValueError:                  # 'parrot' is no version: plain string order, as torch does
            return op(str(self), other)

    def __lt__(self, other): return self._compare(other, lambda a, b: a < b)
    def __le__(self, other): return self._compare(other, lambda a, b: a <= b)
    def __gt__(self, other): return self._compare(other, lambda a, b: a > b)
    def __ge__(self, other): return self._compare(other, lambda a, b: a >= b)
    def __eq__(self, other): return self._compare(other, lambda a, b: a == b)
    def __ne__(self, other):
        result = self.__eq__(other)
        return result if result is NotImplemented else not result


__version__ = TorchVersion(f"{torch_api_version}+minigrad.{minigrad_version}")
