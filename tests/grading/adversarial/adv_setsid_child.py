"""At import, starts a detached child (fork, setsid, fork again) that waits 3 s and then writes a file: the
old grader let it outlive the run and rewrite results.json."""
import os
import time

TARGET = "/tmp/minigrad-adv-setsid"          # the test writes a copy of this file with its own target

if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        time.sleep(3)
        with open(TARGET, "w") as f:
            f.write('{"score": 100}')
    os._exit(0)

from autograd_sgd_base import SGD  # noqa: E402,F401
