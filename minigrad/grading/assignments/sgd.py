"""sgd: an ``SGD`` optimizer with torch's semantics, compared step by step with ``minigrad.optim.SGD``
over several steps (100 points). The probes: dampening (a buffer that starts at zero is right until
dampening is non-zero), nesterov, weight decay, several parameters and groups, p.grad left unchanged."""
import functools

import minigrad
from minigrad.optim import SGD, Optimizer
from ..spec import Assignment, OptimizerTask, Test, Steps, Hint, Mistake


def _reference(params, **hyper):
    return SGD(params, **hyper)


class _SGDWith(Optimizer):
    """torch's SGD with one classic mistake (``mistake``): its trajectory names the mistake in a message, never a
    verdict."""

    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False, *, mistake):
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
                                      nesterov=nesterov))
        self.mistake = mistake

    @minigrad.no_grad()
    def step(self, closure=None):
        bad = self.mistake
        for group in self.param_groups:
            lr, mu, damp, wd = group["lr"], group["momentum"], group["dampening"], group["weight_decay"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                d = p.grad - wd * p if bad == "decay sign" else p.grad + wd * p
                if bad == "decoupled decay" or (bad == "decay with momentum only" and mu == 0):
                    if bad == "decoupled decay":
                        p *= 1 - lr * wd
                    d = p.grad
                if mu != 0:
                    state = self.state[p]
                    fed = p.grad if bad == "raw buffer" else d
                    old = state.get("buf", fed)
                    w = {"dampening": damp, "ema": 1 - mu, "no dampening": 1}.get(bad, 1 - damp)
                    keep = 1 - damp if bad == "dampened buffer" else 1
                    if "buf" not in state:
                        state["buf"] = (1 - damp) * fed if bad == "zero buffer" else fed.clone()
                    elif bad == "dampened buffer":
                        state["buf"] = mu * keep * state["buf"] + fed
                    else:
                        state["buf"] = mu * state["buf"] + w * fed
                    first = old is fed
                    if not group["nesterov"]:
                        d = state["buf"]
                    elif bad == "nesterov old buffer":
                        d = d + mu * old
                    elif bad == "nesterov buffer twice":
                        d = state["buf"] + mu * state["buf"]
                    elif bad == "nesterov raw gradient":
                        d = p.grad + mu * state["buf"]
                    elif bad == "nesterov buffer only":
                        d = mu * state["buf"]
                    elif bad == "nesterov in the buffer" or (bad == "buffer aliases d" and first):
                        d = state["buf"] = d + mu * state["buf"]
                    else:
                        d = d + mu * state["buf"]
                p -= lr * d


def _with(mistake):
    return functools.partial(_SGDWith, mistake=mistake)


# classic mistakes named when the trajectory is theirs (corpus pass 12: these got only the test's general hint)
MISTAKES = [
    Mistake("param", "it is the trajectory of weight decay with the wrong sign: the gradient is g + weight_decay * p "
                     "(the decay pulls p towards zero), not g - weight_decay * p", _with("decay sign")),
    Mistake("param", "it is the trajectory of a buffer that adds dampening * g: later steps do buf = momentum * buf + "
                     "(1 - dampening) * g", _with("dampening")),
    Mistake("param", "it is the trajectory of a momentum buffer fed p.grad without the weight decay: add weight_decay "
                     "* p to the gradient first, and feed that sum to the buffer", _with("raw buffer")),
    Mistake("param", "it is the trajectory of a nesterov step along g + momentum * (the buffer before this step's "
                     "update): update buf first, then step along g + momentum * buf", _with("nesterov old buffer")),
    Mistake("param", "it is the trajectory of a nesterov step along buf + momentum * buf: the step is along g + "
                     "momentum * buf (the gradient plus momentum times the updated buffer)",
            _with("nesterov buffer twice")),
    # corpus pass 13: these got only the test's general hint (or, decoupled decay under nesterov, the raw buffer's
    # message, whose trajectory is the same there)
    Mistake("param", "it is the trajectory of weight decay kept out of the momentum buffer (added to the step after "
                     "it, p -= lr * (buf + weight_decay * p), or decoupled, p *= 1 - lr * weight_decay): torch's SGD "
                     "adds weight_decay * p to the gradient, and the momentum buffer sees that sum",
            _with("decoupled decay")),
    Mistake("param", "it is the trajectory of weight decay applied only when momentum is non-zero: add weight_decay * p "
                     "to the gradient whatever the momentum", _with("decay with momentum only")),
    Mistake("param", "it is the trajectory of a buffer that averages, buf = momentum * buf + (1 - momentum) * g: torch's "
                     "is buf = momentum * buf + (1 - dampening) * g", _with("ema")),
    Mistake("param", "it is the trajectory of a buffer that dampens itself, buf = momentum * (1 - dampening) * buf + g: "
                     "the dampening scales the new gradient, buf = momentum * buf + (1 - dampening) * g",
            _with("dampened buffer")),
    Mistake("param", "it is the trajectory of a nesterov step along p.grad + momentum * buf: the gradient in it is the one "
                     "with weight decay added, g = p.grad + weight_decay * p", _with("nesterov raw gradient")),
    Mistake("param", "it is the trajectory of a nesterov step along momentum * buf alone: the step is along g + momentum "
                     "* buf", _with("nesterov buffer only")),
    Mistake("param", "it is the trajectory of a nesterov step that also overwrites the momentum buffer with g + momentum "
                     "* buf (an in-place update of the buffer, e.g. buf.mul_(momentum).add_(g)): compute the step in a "
                     "new tensor and keep buf as it is", _with("nesterov in the buffer")),
    # corpus pass 14: these got only the dampening test's hint (and nothing in "all options")
    Mistake("param", "it is the trajectory of a momentum buffer that starts at zero, or at (1 - dampening) * g: its first "
                     "value is a copy of g", _with("zero buffer")),
    Mistake("param", "it is the trajectory of a momentum buffer that ignores dampening, buf = momentum * buf + g: later "
                     "steps add (1 - dampening) * g", _with("no dampening")),
    Mistake("param", "it is the trajectory of a momentum buffer that is the same array as the step direction on the first "
                     "step (buf = d without a copy, then d += momentum * buf changes both): start the buffer from a "
                     "copy of the gradient", _with("buffer aliases d")),
]

DOC = """Stochastic gradient descent with torch's semantics:
SGD(params, lr, momentum=0, dampening=0, weight_decay=0, nesterov=False).

Subclass minigrad.optim.Optimizer and call super().__init__(params, defaults) with a dict of the
hyper-parameters: then self.param_groups is a list of dicts (each with "params" and its own
hyper-parameters) and self.state[p] is a dict for each parameter. step() does, for each group and
each parameter p of it whose p.grad is not None:
    g = p.grad + weight_decay * p                     (a new tensor: never modify p.grad)
    if momentum != 0:
        buf = a copy of g                             on p's first step (no dampening)
        buf = momentum * buf + (1 - dampening) * g    on later steps
        g = g + momentum * buf   if nesterov   else   g = buf
    p -= lr * g                                       (in place, under minigrad.no_grad())"""

TASK = OptimizerTask("SGD", _reference, signature="params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, "
                                                  "nesterov=False", doc=DOC, rtol=1e-9, atol=1e-12,
                     mistakes=MISTAKES, tests=[
    Test("plain steps", 15, "trajectory", [Steps(3, lr=0.1)]),
    Test("momentum", 15, "trajectory", [Steps(5, lr=0.05, momentum=0.9)],
         hint="buf = momentum * buf + (1 - dampening) * g, starting from a copy of the first gradient; then "
              "p -= lr * buf"),
    Test("dampening", 10, "trajectory", [Steps(5, lr=0.05, momentum=0.9, dampening=0.5),
                                         Steps(4, lr=0.1, momentum=0.5, dampening=0.9)],
         visibility="hidden", hint="the momentum buffer starts as a copy of the first gradient, without "
                                   "dampening; only later steps do buf = momentum * buf + (1 - dampening) * g"),
    Test("nesterov", 10, "trajectory", [Steps(5, lr=0.05, momentum=0.9, nesterov=True),
                                        Steps(4, lr=0.1, momentum=0.5, nesterov=True, weight_decay=0.01)],
         visibility="hidden", hint="with nesterov=True the step is along g + momentum * buf, buf being already "
                                   "updated with g"),
    Test("weight decay", 10, "trajectory", [Steps(4, lr=0.1, weight_decay=0.1),
                                            Steps(5, lr=0.05, momentum=0.9, weight_decay=0.05)],
         visibility="hidden", hint="add weight_decay * p to the gradient first, before the momentum buffer "
                                   "sees it"),
    Test("all options", 10, "trajectory", [Steps(6, lr=0.03, momentum=0.8, dampening=0.3, weight_decay=0.02,
                                                 shapes=((2, 3), (4,), (3, 1, 2)))],
         visibility="hidden"),
    Test("p.grad unchanged", 10, "grad_unchanged", [Steps(4, lr=0.1, momentum=0.9, weight_decay=0.1),
                                                     Steps(3, lr=0.1, momentum=0.9, nesterov=True),
                                                     Steps(3, lr=0.1, momentum=0.9, dampening=0.5),
                                                     # zero_grad() over every group (corpus pass 13: one that cleared
                                                     # the first group only scored 100/100)
                                                     Steps(2, lr=0.1, groups=[{"shapes": [(3,)]},
                                                                              {"shapes": [(2, 2)], "momentum": 0.9}])],
         visibility="hidden"),
    Test("parameter groups", 5, "trajectory", [
        Steps(4, lr=0.05, groups=[{"shapes": [(3,)], "lr": 0.1},
                                  {"shapes": [(2, 2), (4,)], "lr": 0.01, "momentum": 0.9}]),
        # weight decay on the weights only (the usual reason for groups): a step() that reads weight_decay from
        # self.defaults instead of the group decays nothing here
        Steps(3, lr=0.1, groups=[{"shapes": [(3, 2)], "weight_decay": 0.1}, {"shapes": [(2,)]}]),
        # momentum in two groups (shapes all different): state kept per position in a group's list mixes the
        # groups' buffers (before the ninth pass it scored 100/100); state per shape is the next test's
        Steps(4, lr=0.05, groups=[{"shapes": [(2, 3), (4,)], "momentum": 0.9},
                                  {"shapes": [(3, 2), (5,)], "momentum": 0.5, "lr": 0.1}])],
         visibility="hidden", hint=["read lr, momentum, weight_decay, ... from each group in self.param_groups "
                                    "(not from self.lr or self.defaults), and keep a momentum buffer per parameter in "
                                    "self.state[p]",
                                    Hint("a size mismatch here usually means one parameter got another's momentum "
                                         "buffer: keep it in self.state[p], not per position in a group's list (the "
                                         "groups' first parameters share position 0)", kinds=("error",))]),
    Test("missing gradients", 5, "trajectory", [Steps(3, lr=0.1, momentum=0.9, shapes=((3,), (2,)), grad_none=(1,)),
                                                Steps(4, lr=0.1, momentum=0.9, weight_decay=0.1, shapes=((2, 2), (3,), (2, 2)),
                                                      grad_none=(0,))],
         visibility="hidden", hint=Hint("skip the parameters whose .grad is None (they must not change, not even by "
                                        "weight decay)", parts=("no_grad",))),
    Test("same-shape parameters", 5, "trajectory", [Steps(4, lr=0.05, momentum=0.9, shapes=((3, 4), (3, 4), (3, 4))),
                                                    # a new optimizer over the same parameters starts afresh: state on
                                                    # the class, or in a module-level dict, outlives it (100/100
                                                    # before the red-team pass 10)
                                                    Steps(5, lr=0.05, momentum=0.9, shapes=((3, 4), (2,)), restart=(2,))],
         visibility="hidden", hint=Hint("keep one momentum buffer per parameter (self.state[p]), not one per shape or "
                                        "per position in a list", parts=("param", "no_grad"))),
    Test("learning-rate schedule", 5, "trajectory", [Steps(5, lr=0.1, momentum=0.9, schedule={2: {"lr": 0.03},
                                                                                           4: {"lr": 0.01}})],
         visibility="hidden", hint="read group['lr'] (and the other hyper-parameters) at every step: a scheduler "
                                   "changes them between steps; and keep lr out of the momentum buffer (torch's "
                                   "buffer sums gradients, then p -= lr * buf: a buffer of lr * g steps with old "
                                   "learning rates)"),
])

# every optimizer of minigrad's (ASGD without averaging is plain SGD with weight decay; RMSprop, NAdam... share
# parts of the update); ``Optimizer``, the base class, is fine
FORBID = ["minigrad.optim.SGD", "minigrad.optim.Adam", "minigrad.optim.AdamW", "minigrad.optim.MultiplicativeUpdate",
          "minigrad.optim.ASGD", "minigrad.optim.RMSprop", "minigrad.optim.Adagrad", "minigrad.optim.Adadelta",
          "minigrad.optim.Adamax", "minigrad.optim.NAdam", "minigrad.optim.RAdam", "minigrad.optim.Rprop",
          "minigrad.optim.LBFGS", "minigrad.optim.SparseAdam",
          # the built-in optimizers' shared walk: it skips the parameters without a gradient and adds weight_decay * p
          # (graded parts of SGD); the base class Optimizer stays
          "minigrad.optim.Optimizer._updates"]

ASSIGNMENT = Assignment("sgd", [TASK], forbid=FORBID, description="""sgd: implement stochastic gradient descent with momentum, dampening, weight
decay and Nesterov momentum, exactly as torch.optim.SGD.

Parameters and gradients are float64.""")
