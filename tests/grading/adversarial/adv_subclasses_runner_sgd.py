"""SGD that adds weight decay into p.grad in place, and hides it by patching the runner's class, found among
object's subclasses under a computed attribute name (the source reader only notes it)."""
_name = "__sub" + "classes__"
Runner = next(c for c in getattr(object, _name)() if c.__name__ == "Runner")

from autograd_sgd_mutating import SGD  # noqa: F401

_orig = Runner.op_optimizer


def op_optimizer(self, h, arrays, out):
    ans = _orig(self, h, arrays, out)
    for st in ans.get("steps", []):
        st["grads"], st["handed"] = [], []
    return ans


Runner.op_optimizer = op_optimizer

