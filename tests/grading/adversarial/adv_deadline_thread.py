"""A thread that keeps writing "loading" events and garbage to every descriptor (the old grader extended its
deadline on each), while the graded code never returns."""
import json
import os
import threading
import time

from minigrad.autograd import Function


def chatter():
    while True:
        for fd in range(1, 40):
            try:
                os.write(fd, json.dumps({"event": "loading"}).encode() + b"\n")
            except OSError:
                pass
        time.sleep(0.01)


threading.Thread(target=chatter, daemon=True).start()


class CrossEntropy(Function):
    @staticmethod
    def forward(ctx, logits, target):
        while True:
            time.sleep(0.1)

    @staticmethod
    def backward(ctx, g):
        while True:
            time.sleep(0.1)
