"""Imports fine, then answers every question with a frame of its own (written to every file descriptor it
can: the runner's command line no longer names the channel) and hangs: what it writes is data the judge checks,
and its own answers are for questions it cannot see."""
import json
import os
import struct

import minigrad
from minigrad.optim import Optimizer


def forge(rid):
    head = json.dumps({"id": rid, "steps": [], "found": True, "class": True, "has_step": True,
                       "arrays": []}).encode()
    for fd in range(3, 1024):   # (every descriptor it could hold: the channel is not always below 32)
        try:
            os.write(fd, struct.pack(">I", len(head)) + head)
        except OSError:
            pass


class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        super().__init__(params, dict(lr=lr))
        for rid in range(1, 40):
            forge(rid)

    @minigrad.no_grad()
    def step(self, closure=None):
        for fd in range(3, 1024):   # (every descriptor it could hold: the channel is not always below 32)
            try:
                os.write(fd, b"\xff" * 64)
            except OSError:
                pass
        while True:
            pass
