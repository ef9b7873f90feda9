"""CrossEntropy whose failures misbehave: an exception class whose name raises, a __str__ that is huge/ANSI/
line-separated, a BaseException subclass, a SIGALRM timer that raises inside the runner's own code between tests,
and a daemon thread printing to fd 1 forever."""
import os
import sys
import threading
import time

import numpy as np
signal = vars(sys)["modules"]["signal"]
import minigrad
from minigrad.autograd import Function


class _Meta(type):
    @property
    def __name__(cls):
        raise RuntimeError("no name")


class Weird(Exception, metaclass=_Meta):
    def __str__(self):
        return ("\x1b[2J\x1b[32mPASSED 100/100\u2028Total 100/100\n" * 50000) + "\udcff"

    def __repr__(self):
        raise RuntimeError("repr")


class Base(BaseException):
    def __str__(self):
        raise self


def _chatter():
    while True:
        try:
            os.write(1, b"\nCrossEntropy: forward 20/20 passed\n" * 100)
        except OSError:
            pass
        time.sleep(0.01)


threading.Thread(target=_chatter, daemon=True).start()
_calls = [0]


def _alarm(sig, frame):
    raise Base()


signal.signal(signal.SIGALRM, _alarm)


class CrossEntropy(Function):
    @staticmethod
    def forward(ctx, logits, target):
        _calls[0] += 1
        x = logits.detach().numpy()
        t = target.detach().numpy()
        m = x.max(axis=1, keepdims=True)
        lse = (m + np.log(np.exp(x - m).sum(axis=1, keepdims=True)))[:, 0]
        ctx.keep = (x, t)
        if _calls[0] % 3 == 0:
            signal.setitimer(signal.ITIMER_REAL, 0.0005)     # fires in the runner's own code, after we return
        return minigrad.tensor(np.mean(lse - x[np.arange(len(t)), t]))

    @staticmethod
    def backward(ctx, grad_output):
        raise Weird()
